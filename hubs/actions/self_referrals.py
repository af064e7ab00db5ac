"""Self-referral: a parent asks for a place on a session from the hub's public page, without
signing in; the hub coordinator matches the request to the register (the matching engine's
"already known?" look-up) and enrols the family member, or declines it with a reason."""

from __future__ import annotations

from typing import Any

from django.utils import timezone

import audit
from access.doorway import action, bump, permit
from audit.models import Verb
from familyhub import errors
from people.models import Family, Person

from .. import policy
from ..models import SelfReferral, SelfReferralStatus, Session
from .sessions import enrol

STALE = "Someone else answered this request while you were looking at it"
CLOSED = "Sorry, this session is no longer taking requests. Please call the hub."
NOT_IN_FAMILY = "Choose someone in one of the families found"
REASON_REQUIRED = "Say why the request is declined"
FIELDS = (
    "parent_name",
    "phone",
    "email",
    "child_given_name",
    "child_family_name",
    "child_date_of_birth",
    "postcode",
    "message",
)


def open_for_requests(session: Session) -> bool:
    return (
        not session.is_cancelled and session.meetings.filter(on__gte=timezone.localdate()).exists()
    )


@action
def self_referral_receive(
    *, by, session: Session, data: dict[str, Any], consent_text: str
) -> SelfReferral:
    """The public form's request (anyone may send one: the view limits how often)."""
    if not open_for_requests(session):
        raise errors.RuleViolation(CLOSED)
    values = {k: data.get(k) or ("" if k != "child_date_of_birth" else None) for k in FIELDS}
    values["postcode"] = (values["postcode"] or "").upper().strip()[:8]
    referral = SelfReferral.objects.create(session=session, consent_text=consent_text, **values)
    audit.record(by, Verb.CREATE, referral, reason="self-referral from the hub's public page")
    return referral


@action
def self_referral_enrol(
    *, by, referral: SelfReferral, expected_version: int, family: Family, person: Person
):
    """Enrol the person the coordinator matched the request to (a place, or the waiting list
    after practitioners' referrals)."""
    permit(policy.can_decide_self_referral(by, referral))
    if (
        family.is_restricted
        or not family.memberships.filter(person=person, left_on__isnull=True).exists()
    ):
        raise errors.RuleViolation(NOT_IN_FAMILY, field_errors={"choice": [NOT_IN_FAMILY]})
    enrolment = enrol(
        by=by, session=referral.session, family=family, person=person, self_referral=True
    )
    bump(
        referral,
        expected_version,
        STALE,
        {
            "status": SelfReferralStatus.ENROLLED,
            "family": family,
            "enrolment": enrolment,
            "decided_by": by.user,
            "decided_at": timezone.now(),
        },
    )
    audit.record(
        by,
        Verb.UPDATE,
        referral,
        family=family,
        person=person,
        changes={"status": ["new", "enrolled"], "enrolment": [None, enrolment.pk]},
    )
    return enrolment


@action
def self_referral_decline(
    *, by, referral: SelfReferral, expected_version: int, reason: str
) -> SelfReferral:
    permit(policy.can_decide_self_referral(by, referral))
    reason = (reason or "").strip()
    if not reason:
        raise errors.RuleViolation(REASON_REQUIRED, field_errors={"reason": [REASON_REQUIRED]})
    bump(
        referral,
        expected_version,
        STALE,
        {
            "status": SelfReferralStatus.DECLINED,
            "reason": reason,
            "decided_by": by.user,
            "decided_at": timezone.now(),
        },
    )
    audit.record(by, Verb.UPDATE, referral, changes={"status": ["new", "declined"]})
    return referral
