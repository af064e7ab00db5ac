"""Reading another publisher's Open Referral UK feed: a file or a URL, into plain records.

A source is a JSON file (one full service, a list of them, or a page {"contents": [...]}) or a
URL: an ORUK API's root or its /services, paged through (page=1, 2, ... until `last_page`),
each service then read whole from /services/{id} when the list gave only its one-to-one
fields. Each record is checked here (id a UUID, a name, a status the profile knows, ages that
are numbers); a record that fails is returned as a Problem with the reason, never raised, so
the rest carry on."""

from __future__ import annotations

import hashlib
import json
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlencode, urlsplit
from urllib.request import Request, urlopen

from .models import HubServiceStatus

PER_PAGE = 100
MAX_PAGES = 1000
TIMEOUT_S = 30


class FeedUnreadable(Exception):
    """The source itself could not be read (nothing is changed, nothing withdrawn)."""


@dataclass
class Problem:
    where: str  # "record 3" or the record's id
    reason: str


@dataclass
class Parsed:
    records: list[dict[str, Any]] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    seen_ids: set[uuid.UUID] = field(default_factory=set)  # every readable id, good or bad


Fetch = Callable[[str], Any]


def fetch_json(url: str) -> Any:
    """GET a URL as JSON (http or https only)."""
    if urlsplit(url).scheme not in ("http", "https"):
        raise FeedUnreadable(f"Not a web address: {url}")
    request = Request(url, headers={"Accept": "application/json"})  # noqa: S310 - scheme checked
    try:
        with urlopen(request, timeout=TIMEOUT_S) as response:  # noqa: S310 - scheme checked
            return json.loads(response.read().decode("utf-8"))
    except (OSError, ValueError) as exc:
        raise FeedUnreadable(f"Could not read {url}: {exc}") from exc


def _items(document: Any) -> list[Any]:
    if isinstance(document, list):
        return document
    if isinstance(document, dict) and isinstance(document.get("contents"), list):
        return document["contents"]
    if isinstance(document, dict) and "id" in document:
        return [document]
    raise FeedUnreadable("Not an ORUK feed: expected a service, a list or a page of services.")


def _from_url(url: str, fetch: Fetch) -> Iterator[Any]:
    base = url.rstrip("/")
    if base.endswith("/services"):
        base = base[: -len("/services")]
    for page in range(1, MAX_PAGES + 1):
        document = fetch(f"{base}/services?{urlencode({'page': page, 'per_page': PER_PAGE})}")
        items = _items(document)
        for item in items:
            nested = isinstance(item, dict) and (
                "service_at_locations" in item or "schedules" in item or "contacts" in item
            )
            if nested or not isinstance(item, dict) or not item.get("id"):
                yield item
                continue
            try:
                yield fetch(f"{base}/services/{item['id']}")
            except FeedUnreadable as exc:
                yield {"id": item["id"], "_unreadable": str(exc)}
        if not isinstance(document, dict) or document.get("last_page", True) or not items:
            return


def read(source: str, fetch: Fetch = fetch_json) -> Parsed:
    """Every record in the source, checked; FeedUnreadable if the source cannot be read."""
    if urlsplit(source).scheme in ("http", "https"):
        raw = list(_from_url(source, fetch))
    else:
        path = Path(source)
        try:
            raw = _items(json.loads(path.read_text(encoding="utf-8")))
        except (OSError, UnicodeDecodeError, ValueError) as exc:
            raise FeedUnreadable(f"Could not read {source}: {exc}") from exc
    return parse(raw)


def read_document(text: str) -> Parsed:
    """An uploaded feed file's text, checked like a file on disk."""
    try:
        return parse(_items(json.loads(text)))
    except ValueError as exc:
        raise FeedUnreadable(f"Not JSON: {exc}") from exc


def parse(raw: list[Any]) -> Parsed:
    """Each record checked: the good ones kept, the bad ones reported with the reason."""
    parsed = Parsed()
    for index, item in enumerate(raw, start=1):
        where = f"record {index}"
        if isinstance(item, dict) and isinstance(item.get("id"), str):
            where = f"record {index} ({item['id']})"
        reason = check(item)
        if isinstance(item, dict) and _is_uuid(item.get("id")):
            parsed.seen_ids.add(uuid.UUID(str(item.get("id"))))
        if reason:
            parsed.problems.append(Problem(where, reason))
        else:
            parsed.records.append(item)
    return parsed


def _is_uuid(value: Any) -> bool:
    try:
        uuid.UUID(str(value))
    except ValueError:
        return False
    return True


def _age_problem(record: dict[str, Any]) -> str:
    ages = {}
    for name in ("minimum_age", "maximum_age"):
        value = record.get(name)
        if value is None:
            continue
        if isinstance(value, bool) or not isinstance(value, int | float) or value < 0:
            return f"{name} is not an age in years: {value!r}"
        ages[name] = value
    if len(ages) == 2 and ages["minimum_age"] > ages["maximum_age"]:
        return "minimum_age is above maximum_age"
    return ""


def check(record: Any) -> str:
    """Why this record cannot be read ('' when it can)."""
    if not isinstance(record, dict):
        return "not a service object"
    if record.get("_unreadable"):
        return str(record["_unreadable"])
    if not _is_uuid(record.get("id")):
        return "the id is missing or not a UUID"
    if not str(record.get("name") or "").strip():
        return "the service has no name"
    if record.get("status") not in HubServiceStatus.values:
        return f"status {record.get('status')!r} is not one of {', '.join(HubServiceStatus.values)}"
    problem = _age_problem(record)
    if problem:
        return problem
    for key in ("service_at_locations", "schedules", "contacts", "cost_options", "languages"):
        value = record.get(key, [])
        if not isinstance(value, list) or not all(isinstance(v, dict) for v in value):
            return f"{key} is not a list of objects"
        if not all(_is_uuid(v.get("id")) for v in value):
            return f"an item in {key} has no UUID id"
    org = record.get("organization")
    if org is not None and not (isinstance(org, dict) and _is_uuid(org.get("id"))):
        return "the organization has no UUID id"
    return ""


def fingerprint(record: dict[str, Any]) -> str:
    """The same record gives the same fingerprint (key order and last_modified aside)."""
    stable = {k: v for k, v in record.items() if k != "last_modified"}
    text = json.dumps(stable, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()
