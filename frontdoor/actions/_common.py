"""Helpers shared by the front door's actions (not public actions themselves)."""

from __future__ import annotations

import secrets

from django.db.models import F
from django.urls import reverse
from django.utils import timezone

import audit
from access import policy
from audit.models import Verb
from familyhub import errors
from organisations.models import Practitioner

from .. import messages as msg
from ..models import TRANSITIONS, Contact, ContactStatus, StatusChange

ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"


def require(allowed: bool) -> None:
    if not allowed:
        raise errors.NotPermitted("You do not have access to do this.")


def new_reference(prefix: str, model, length: int = 6) -> str:
    while True:
        ref = prefix + "".join(secrets.choice(ALPHABET) for _ in range(length))
        if not model.objects.filter(reference=ref).exists():
            return ref


def practitioner_of(user) -> Practitioner | None:
    if user is None or isinstance(user, str):
        return None
    return Practitioner.objects.filter(user=user).select_related("organisation", "team").first()


def actor_label(by) -> str:
    if isinstance(by, str):
        return by
    return policy.principal_for(by).label


def who(by) -> str:
    """'Priya Desai (Northgate Primary School)' for chronology and notices."""
    if isinstance(by, str):
        return by
    p = policy.principal_for(by)
    return f"{p.label} ({p.organisation_name})" if p.organisation_name else p.label


def bump(model, obj, expected_version: int, message: str, **fields) -> None:
    """Save `fields` only if nobody else has saved since `expected_version` (no lost updates)."""
    updated = model.objects.filter(pk=obj.pk, version=expected_version).update(
        **fields, version=F("version") + 1
    )
    if not updated:
        raise errors.StaleVersion(message, current=model.objects.get(pk=obj.pk))
    obj.refresh_from_db()


def lock(model, obj):
    """Re-read a row with a lock for the rest of the transaction (PostgreSQL; SQLite's
    IMMEDIATE transactions already serialise writers)."""
    return model.objects.select_for_update().get(pk=obj.pk)


def transition(*, by, contact: Contact, to: str, note: str = "") -> StatusChange:
    """Move a contact through the state machine, refusing moves it does not allow."""
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
    Contact.objects.filter(pk=contact.pk).update(**fields, version=F("version") + 1)
    contact.refresh_from_db()
    change = StatusChange.objects.create(
        contact=contact,
        from_status=current,
        to_status=to,
        at=now,
        by=None if isinstance(by, str) else by,
        by_label=actor_label(by),
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


def concern_url(concern) -> str:
    return reverse("frontdoor:concern", args=[concern.pk])


def consultation_url(consultation) -> str:
    return reverse("frontdoor:consultation", args=[consultation.pk])


def contact_url(contact) -> str:
    return reverse("frontdoor:contact", args=[contact.pk])
