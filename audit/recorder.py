"""audit.record(): the only writer of AuditEvent. Each event's hash covers its content and the
previous event's hash, so any later change or deletion breaks the chain (see audit.verify)."""

from __future__ import annotations

import hashlib
import json
from typing import Any

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


def event_hash(prev_hash: str, values: dict[str, Any]) -> str:
    payload = {k: values[k] for k in HASHED_FIELDS}
    payload["at"] = values["at"].isoformat() if values["at"] else None
    blob = json.dumps(payload, sort_keys=True, default=str, separators=(",", ":"))
    return hashlib.sha256((prev_hash + blob).encode()).hexdigest()


def record(
    actor,
    verb: Verb | str,
    obj=None,
    *,
    reason: str = "",
    changes: dict | None = None,
    family=None,
    person=None,
) -> AuditEvent:
    """Append one audit event. `actor` is a principal-like actor (audit.actors.Actor), a named
    system process (a string), or a user that a registered resolver turns into an actor."""
    ctx = current.get()
    ip = ctx.ip_address
    if ip and ":" in ip:  # store and hash IPv6 in the compressed form the database keeps
        ip = clean_ipv6_address(ip)
    values: dict[str, Any] = {
        "at": timezone.now(),
        **actor_fields(actor),
        "verb": Verb(verb).value,
        **subject_fields(obj),
        "changes": changes or {},
        "reason": reason or "",
        "ip_address": ip,
        "user_agent": ctx.user_agent,
        "request_id": ctx.request_id,
    }
    if family is not None:
        values["family_id"] = family.pk
    if person is not None:
        values["person_id"] = person.pk
    with transaction.atomic():
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_advisory_xact_lock(%s)", [_PG_LOCK_KEY])
        last = AuditEvent.objects.order_by("-pk").values_list("hash", flat=True).first()
        prev = last or GENESIS
        event = AuditEvent(prev_hash=prev, hash=event_hash(prev, values), **values)
        event.save()
    return event
