"""Helpers shared by the front door's actions (not public actions themselves)."""

from __future__ import annotations

from django.utils import timezone

import audit
from access.doorway import bump, resolve
from audit.models import Verb
from familyhub import errors

from .. import messages as msg
from ..models import TRANSITIONS, Contact, ContactStatus, StatusChange


def who(by) -> str:
    """'Priya Desai (Northgate Primary School)' for chronology and notices (a system process:
    its label)."""
    p = resolve(by)
    return f"{p.label} ({p.organisation_name})" if p.organisation_name else p.label


def lock(model, obj):
    """Re-read a row with a lock for the rest of the transaction (PostgreSQL; SQLite's
    IMMEDIATE transactions already serialise writers)."""
    return model.objects.select_for_update().get(pk=obj.pk)


def decide_once(
    model, obj, *, expected_version: int, open_status: str, not_open: str, answers, fields
):
    """Record the decision on a record that is decided once (a disagreement, an early
    warning): lock it, refuse it when it is no longer open or when an answer is missing
    (`answers`: (field, given, message) each), then save `fields` against the version the
    person saw. Returns the record as saved."""
    obj = lock(model, obj)
    if obj.status != open_status:
        raise errors.RuleViolation(not_open)
    refuse({name: [message] for name, given, message in answers if not given})
    bump(obj, expected_version, msg.STALE_CONTACT, fields)
    return obj


def refuse(field_errors: dict[str, list[str]]) -> None:
    """Raise every field's problem at once (the first is the summary's message)."""
    if field_errors:
        raise errors.RuleViolation(next(iter(field_errors.values()))[0], field_errors=field_errors)


def transition(*, by, contact: Contact, to: str, note: str = "") -> StatusChange:
    """Move a contact through the state machine, refusing moves it does not allow."""
    by = resolve(by)
    current = contact.status
    if to not in TRANSITIONS[current]:
        message = msg.BAD_TRANSITION.format(
            from_=msg.STATUS_WORDS[current], to=msg.TRANSITION_VERBS[to]
        )
        raise errors.RuleViolation(message)
    now = timezone.now()
    fields = {"status": to, "updated_at": now}
    if to == ContactStatus.DECIDED and contact.decided_at is None:
        fields["decided_at"] = now
    if to == ContactStatus.CLOSED:
        fields["closed_at"] = now
    bump(contact, None, msg.STALE_CONTACT, fields)
    change = StatusChange.objects.create(
        contact=contact,
        from_status=current,
        to_status=to,
        at=now,
        by=by.user,
        by_label=by.label,
        note=note[:500],
    )
    audit.record(
        by,
        Verb.UPDATE,
        contact,
        family=contact.family,
        changes={"status": [current, to]},
        reason=note[:500],
    )
    return change
