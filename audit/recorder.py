"""audit.record(): the only writer of AuditEvent. Each event's hash covers its content and the
previous event's hash, so any later change or deletion breaks the chain (see audit.verify).

Hash forms (AuditEvent.hash_form, stored with each event so old chains still verify):

- form 1 (events written before the form was stored; the column is NULL): the fields as Python
  gave them, the time in `isoformat()` with whatever offset the clock used. An event written
  under a Europe/London clock hashed "…+01:00" while the database keeps UTC, so it could not be
  checked from what was stored. Verification accepts the stored UTC time or the same instant
  in the site's zone (settings.TIME_ZONE, the only zone a clock of this app ever used); nothing
  else about form 1 is relaxed.
- form 2 (current): a canonical form of every field, exactly as the database gives it back:
  the time as an aware UTC instant with six digits of microseconds, ids as integers, text as
  text, `changes` through a JSON round trip, the IP address in its stored form, and the form
  number itself, so an event cannot be passed off as form 1.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import zoneinfo
from typing import Any

from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone
from django.utils.ipv6 import clean_ipv6_address

from .actors import actor_fields
from .context import current
from .models import AuditEvent, Verb
from .subjects import subject_fields

GENESIS = "0" * 64
_PG_LOCK_KEY = 7_345_001  # advisory lock serialising chain appends on PostgreSQL

HASHED_FIELDS = (
    "at",
    "actor_id",
    "actor_label",
    "actor_role",
    "actor_organisation",
    "verb",
    "object_type",
    "object_id",
    "object_label",
    "family_id",
    "person_id",
    "changes",
    "reason",
    "ip_address",
    "user_agent",
    "request_id",
)


HASH_FORM = 2  # the form new events are written in
_INT_FIELDS = frozenset({"actor_id", "family_id", "person_id"})


def utc(moment: dt.datetime) -> dt.datetime:
    """`moment` as an aware UTC datetime (a naive one is taken to be UTC already)."""
    if moment.tzinfo is None:
        return moment.replace(tzinfo=dt.UTC)
    return moment.astimezone(dt.UTC)


def _canonical(values: dict[str, Any]) -> dict[str, Any]:
    payload: dict[str, Any] = {"form": HASH_FORM}
    for name in HASHED_FIELDS:
        value = values[name]
        if name == "at":
            value = utc(value).isoformat(timespec="microseconds") if value else None
        elif name in _INT_FIELDS:
            value = int(value) if value is not None else None
        elif name == "changes":
            value = json.loads(json.dumps(value or {}))
        elif name == "ip_address":
            value = str(value) if value else None
        else:
            value = "" if value is None else str(value)
        payload[name] = value
    return payload


def _form1_blob(values: dict[str, Any], at: dt.datetime | None) -> str:
    payload = {k: values[k] for k in HASHED_FIELDS}
    payload["at"] = at.isoformat() if at else None
    return json.dumps(payload, sort_keys=True, default=str, separators=(",", ":"))


def _digest(prev_hash: str, blob: str) -> str:
    return hashlib.sha256((prev_hash + blob).encode()).hexdigest()


def event_hash(prev_hash: str, values: dict[str, Any], form: int | None = HASH_FORM) -> str:
    """The hash of an event with these field values after `prev_hash`, in hash form `form`."""
    if form == HASH_FORM:
        blob = json.dumps(_canonical(values), sort_keys=True, separators=(",", ":"))
        return _digest(prev_hash, blob)
    if form in (None, 1):
        return _digest(prev_hash, _form1_blob(values, values["at"]))
    raise ValueError(f"unknown audit hash form {form!r}")


def hash_matches(prev_hash: str, values: dict[str, Any], form: int | None, stored: str) -> bool:
    """Whether a stored event's hash is the hash of its stored content (see the forms above)."""
    if event_hash(prev_hash, values, form) == stored:
        return True
    at = values["at"]
    if form in (None, 1) and at is not None:  # form 1 under the site's clock
        local = at.astimezone(zoneinfo.ZoneInfo(settings.TIME_ZONE))
        return _digest(prev_hash, _form1_blob(values, local)) == stored
    return False


def _values(
    base: dict[str, Any], verb, obj, *, reason, changes, family, person, label
) -> dict[str, Any]:
    values: dict[str, Any] = {
        **base,
        "verb": Verb(verb).value,
        **subject_fields(obj),
        "changes": changes or {},
        "reason": reason or "",
    }
    if label is not None:
        values["object_label"] = label[:200]
    if family is not None:
        values["family_id"] = family if isinstance(family, int) else family.pk
    if person is not None:
        values["person_id"] = person if isinstance(person, int) else person.pk
    return values


def _base(actor) -> dict[str, Any]:
    ctx = current.get()
    ip = ctx.ip_address
    if ip and ":" in ip:  # store and hash IPv6 in the compressed form the database keeps
        ip = clean_ipv6_address(ip)
    return {
        "at": utc(timezone.now()),
        **actor_fields(actor),
        "ip_address": ip,
        "user_agent": ctx.user_agent,
        "request_id": ctx.request_id,
    }


def _append(values_list: list[dict[str, Any]], *, saved: bool = True) -> list[AuditEvent]:
    """Chain these events after the last one, in order, in one insert. Without `saved` (a
    batch of a bulk link) on PostgreSQL, they are written from their values with COPY and no
    AuditEvent is made (nor returned)."""
    with transaction.atomic():
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_advisory_xact_lock(%s)", [_PG_LOCK_KEY])
        last = AuditEvent.objects.order_by("-pk").values_list("hash", flat=True).first()
        prev = last or GENESIS
        chained = []
        for values in values_list:
            digest = event_hash(prev, values)
            chained.append({**values, "prev_hash": prev, "hash": digest, "hash_form": HASH_FORM})
            prev = digest
        if not saved and connection.vendor == "postgresql":
            _copy(chained)
            return []
        events = [AuditEvent(**values) for values in chained]
        if len(events) == 1:
            events[0].save()
        else:
            AuditEvent.objects.bulk_create(events, batch_size=1000)
    return events


def _copy(rows: list[dict[str, Any]]) -> None:
    """New events (their column values) in chain order, in one COPY on PostgreSQL: making an
    AuditEvent of each and preparing its values field by field was most of the time of a bulk
    link's audit."""
    fields = [f for f in AuditEvent._meta.concrete_fields if not f.primary_key]
    q = connection.ops.quote_name
    cols = ", ".join(q(f.column) for f in fields)
    table = q(AuditEvent._meta.db_table)
    missing = {f.attname: f.get_default() for f in fields}
    names = [f.attname for f in fields]
    with (
        connection.cursor() as cursor,
        cursor.cursor.copy(f"COPY {table} ({cols}) FROM STDIN") as copy,
    ):
        for values in rows:
            row = [values[n] if n in values else missing[n] for n in names]
            copy.write_row([json.dumps(v) if isinstance(v, dict) else v for v in row])


def record(
    actor,
    verb: Verb | str,
    obj=None,
    *,
    reason: str = "",
    changes: dict | None = None,
    family=None,
    person=None,
    label: str | None = None,
) -> AuditEvent:
    """Append one audit event. `actor` is a principal-like actor (audit.actors.Actor), a named
    system process (a string), or a user that a registered resolver turns into an actor.
    `label` replaces the record's own label (e.g. "" for a record the actor was refused, so its
    name is not written down for them)."""
    values = _values(
        _base(actor),
        verb,
        obj,
        reason=reason,
        changes=changes,
        family=family,
        person=person,
        label=label,
    )
    return _append([values])[0]


def record_many(actor, entries: list[dict[str, Any]]) -> int:
    """Append many events by one actor at once (a batch of a bulk link): each entry holds
    record()'s arguments (`verb`, `obj`, and any of `reason`, `changes`, `family`, `person`,
    `label`; a family or person may be given as an id). They are chained in order exactly as
    record() would chain them one by one, and written in one insert. Returns how many."""
    base = _base(actor)
    keys = ("reason", "changes", "family", "person", "label")
    values = [
        _values(base, e["verb"], e.get("obj"), **{k: e.get(k) for k in keys}) for e in entries
    ]
    if values:
        _append(values, saved=False)
    return len(values)
