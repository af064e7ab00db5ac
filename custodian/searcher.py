"""FamilyHub asking other custodians (searching the other way): Find a Record and Fetch a
Record against the custodians configured in `FAMILYHUB["CUSTODIANS"]`, off by default (none
configured: nothing is asked, and nothing leaves FamilyHub).

Each custodian is `{"name", "url", "key"}`: `url` is its custodian API's base (e.g.
`https://other.example/api/v1/custodian/`), `key` the API key it issued to this partnership.
From the environment: `FAMILYHUB_CUSTODIANS` as JSON. Plain HTTP through the standard library
(no new dependency); a custodian that does not answer in time, or answers with a problem, is
reported as such and never stops the others.

Called only by custodian.queries (which checks the asker may see the child and audits what was
asked and answered).
"""

from __future__ import annotations

import json
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings

TIMEOUT_SECONDS = 5
ANSWERED, REFUSED, NOT_HELD, UNAVAILABLE = "answered", "refused", "not held", "unavailable"


@dataclass(frozen=True)
class Custodian:
    name: str
    url: str
    key: str = field(repr=False)


@dataclass
class Reply:
    custodian: str
    outcome: str  # answered, refused, not held, unavailable
    body: dict[str, Any] = field(default_factory=dict)
    detail: str = ""


def custodians() -> list[Custodian]:
    found = []
    for row in settings.FAMILYHUB.get("CUSTODIANS") or []:
        url = str(row.get("url", "")).rstrip("/") + "/"
        if row.get("name") and url.startswith(("https://", "http://")) and row.get("key"):
            found.append(Custodian(name=str(row["name"]), url=url, key=str(row["key"])))
    return found


def enabled() -> bool:
    return bool(custodians())


def _post(custodian: Custodian, path: str, body: dict[str, Any]) -> Reply:
    request = urllib.request.Request(  # noqa: S310 - the URL is configured, http(s) only
        custodian.url + path,
        data=json.dumps(body).encode(),
        method="POST",
        headers={
            "Authorization": f"Bearer {custodian.key}",
            "Content-Type": "application/json",
            "Accept": "application/json",
        },
    )
    try:
        with urllib.request.urlopen(request, timeout=TIMEOUT_SECONDS) as response:  # noqa: S310
            return Reply(custodian.name, ANSWERED, json.loads(response.read() or b"{}"))
    except urllib.error.HTTPError as exc:
        try:
            problem = json.loads(exc.read() or b"{}")
        except ValueError:
            problem = {}
        detail = str(problem.get("detail", "")) if isinstance(problem, dict) else ""
        outcome = NOT_HELD if exc.code == 404 else REFUSED if exc.code < 500 else UNAVAILABLE
        return Reply(custodian.name, outcome, detail=detail or f"HTTP {exc.code}")
    except (urllib.error.URLError, TimeoutError, ValueError, OSError) as exc:
        return Reply(custodian.name, UNAVAILABLE, detail=str(getattr(exc, "reason", exc))[:200])


def find(nhs_number: str, purpose: str) -> list[Reply]:
    return [_post(c, "find/", {"nhs_number": nhs_number, "purpose": purpose}) for c in custodians()]


def fetch(custodian_name: str, nhs_number: str, record_type: str, purpose: str) -> Reply | None:
    found = next((c for c in custodians() if c.name == custodian_name), None)
    if found is None:
        return None
    body = {"nhs_number": nhs_number, "record_type": record_type, "purpose": purpose}
    return _post(found, "fetch/", body)
