"""Consultations with embedded social workers: duty slots, requests and bookings, outcomes."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

import audit
from access.doorway import action, bump, permit
from audit.models import Verb
from familyhub import errors, links
from familyhub.references import new_reference
from familyhub.timefmt import time_and_date
from frontdoor import policy
from notices.actions import notify
from organisations.models import Practitioner
from organisations.queries import practitioner_of
from people.actions import chronicle
from people.policy import can_view_family

from .. import messages as msg
from ..models import (
    OUTCOMES_TO_FRONT_DOOR,
    PENDING_STATUSES,
    Concern,
    Consultation,
    ConsultationOutcome,
    ConsultationStatus,
    DutySlot,
    Mode,
)
from . import _common as c


def embedded_social_workers() -> list[Practitioner]:
    """Social workers placed in universal services (designation 'embedded_sw')."""
    candidates = Practitioner.objects.select_related("user", "team", "team__hub", "organisation")
    return [p for p in candidates if "embedded_sw" in (p.designations or [])]


def _locality_of(practitioner: Practitioner | None) -> str:
    if practitioner is None:
        return ""
    team = practitioner.team
    if team is not None:
        if team.locality:
            return team.locality
        if team.hub is not None:
            return team.hub.locality
    return practitioner.organisation.locality


def embedded_social_worker_for(by) -> Practitioner | None:
    """The embedded social worker for the partner's area (their team's or agency's locality),
    or the first one if none works there."""
    workers = embedded_social_workers()
    if not workers:
        return None
    locality = _locality_of(practitioner_of(by))
    same = [w for w in workers if locality and _locality_of(w) == locality]
    return (same or workers)[0]


# --- Duty slots ------------------------------------------------------------------------------


@action
def duty_slot_add(
    *,
    by,
    social_worker: Practitioner,
    starts_at: dt.datetime,
    ends_at: dt.datetime,
    modes: list[str],
    location: str = "",
) -> DutySlot:
    permit(policy.can_offer_consultations(by, social_worker))
    field_errors: dict[str, list[str]] = {}
    if ends_at <= starts_at:
        field_errors["ends_at"] = [msg.SLOT_END_BEFORE_START]
    if starts_at <= timezone.now():
        field_errors["starts_on"] = [msg.SLOT_IN_PAST]
    modes = [m for m in modes if m in Mode.values]
    if not modes:
        field_errors["modes"] = [msg.SLOT_MODES_REQUIRED]
    if not field_errors and (
        DutySlot.objects.filter(
            social_worker=social_worker,
            cancelled_at__isnull=True,
            starts_at__lt=ends_at,
            ends_at__gt=starts_at,
        ).exists()
    ):
        field_errors["starts_at"] = [msg.SLOT_OVERLAPS]
    c.refuse(field_errors)
    slot = DutySlot.objects.create(
        social_worker=social_worker,
        starts_at=starts_at,
        ends_at=ends_at,
        modes=modes,
        location=location.strip()[:200],
        created_by=by.user,
        created_at=timezone.now(),
    )
    audit.record(
        by,
        Verb.CREATE,
        slot,
        changes={"starts_at": starts_at.isoformat(), "ends_at": ends_at.isoformat()},
    )
    return slot


@action
def duty_slot_cancel(*, by, slot: DutySlot) -> DutySlot:
    slot = c.lock(DutySlot, slot)
    permit(policy.can_offer_consultations(by, slot.social_worker))
    if Consultation.objects.filter(slot=slot).exists():
        raise errors.RuleViolation(msg.SLOT_BOOKED)
    DutySlot.objects.filter(pk=slot.pk).update(cancelled_at=timezone.now())
    slot.refresh_from_db()
    audit.record(by, Verb.DELETE, slot, changes={"cancelled": True})
    return slot


# --- Requests and bookings ---------------------------------------------------------------------


def _open_slot(slot: DutySlot, mode: str) -> DutySlot:
    slot = c.lock(DutySlot, slot)
    if slot.cancelled_at is not None or Consultation.objects.filter(slot=slot).exists():
        raise errors.RuleViolation(msg.SLOT_TAKEN, field_errors={"slot": [msg.SLOT_TAKEN]})
    if slot.starts_at <= timezone.now():
        raise errors.RuleViolation(msg.SLOT_PAST, field_errors={"slot": [msg.SLOT_PAST]})
    if mode not in slot.modes:
        raise errors.RuleViolation(
            msg.MODE_NOT_OFFERED, field_errors={"mode": [msg.MODE_NOT_OFFERED]}
        )
    return slot


def _waiting_for(by, family) -> Consultation | None:
    """The newest consultation about the family still waiting that the partner may see."""
    if family is None:
        return None
    return (
        Consultation.objects.filter(
            policy.consultation_visibility_q(by), family=family, status__in=PENDING_STATUSES
        )
        .select_related("social_worker")
        .order_by("-created_at", "-pk")
        .first()
    )


def _create(
    *,
    by,
    social_worker: Practitioner,
    slot: DutySlot | None,
    mode: str,
    is_anonymous: bool,
    family,
    household: str,
    question: str,
    preferred_times: str = "",
    concern: Concern | None = None,
    duplicate_of: Consultation | None = None,
) -> Consultation:
    practitioner = practitioner_of(by)
    now = timezone.now()
    consultation = Consultation.objects.create(
        created_at=now,
        updated_at=now,
        reference=new_reference("CS-", 6, unique_in=Consultation),
        requested_by=by.user,
        requester_organisation=practitioner.organisation if practitioner else None,
        social_worker=social_worker,
        slot=slot,
        mode=mode,
        preferred_times=preferred_times.strip()[:300],
        is_anonymous=is_anonymous,
        family=None if is_anonymous else family,
        household=household.strip()[:300],
        question=question.strip(),
        concern=concern,
        duplicate_of=duplicate_of,
        status=ConsultationStatus.BOOKED if slot else ConsultationStatus.REQUESTED,
    )
    audit.record(
        by,
        Verb.CREATE,
        consultation,
        family=consultation.family,
        changes={
            "anonymous": is_anonymous,
            "social_worker": social_worker.name,
            "booked": slot is not None,
            "duplicate_of": duplicate_of.reference if duplicate_of else None,
        },
    )
    if consultation.family_id:
        chronicle(
            by=by,
            family=consultation.family,
            kind="consultation_requested",
            summary=f"Consultation with {social_worker.name} (embedded social worker) "
            f"requested by {c.who(by)}"
            + (f", linked to {duplicate_of.reference} already waiting" if duplicate_of else ""),
        )
    when = (
        f" at {time_and_date(slot.starts_at)}"
        if slot
        else (f" – they suggest: {consultation.preferred_times}" if preferred_times else "")
    )
    notify(
        recipient=social_worker.user,
        subject=f"Consultation {'booked' if slot else 'requested'}: {consultation.reference}",
        body=f"{c.who(by)} would like to talk to you ({Mode(mode).label.lower()}){when}.\n\n"
        f"About: {consultation.about}.",
        link=links.ref(consultation),
        kind="frontdoor_consultation",
        family=consultation.family,
    )
    return consultation


@action
def consultation_request(
    *,
    by,
    mode: str,
    is_anonymous: bool,
    question: str,
    social_worker: Practitioner | None = None,
    slot: DutySlot | None = None,
    family=None,
    household: str = "",
    preferred_times: str = "",
    book_another: bool = False,
) -> Consultation:
    """Book one of an embedded social worker's duty slots, or ask them for a time. One
    consultation per worry: when one about the family is already waiting, the partner is
    offered it, and another is booked only when they choose to, linked to the one waiting."""
    permit(policy.can_request_consultation(by))
    field_errors: dict[str, list[str]] = {}
    if not question.strip():
        field_errors["question"] = [msg.QUESTION_REQUIRED]
    if mode not in Mode.values:
        field_errors["mode"] = [msg.MODE_REQUIRED]
    if is_anonymous and family is not None:
        field_errors["family"] = [msg.ANONYMOUS_WITH_FAMILY]
    if not is_anonymous and family is None:
        field_errors["family"] = [msg.FAMILY_REQUIRED]
    if slot is None and (social_worker is None or social_worker not in embedded_social_workers()):
        field_errors["social_worker"] = [msg.SOCIAL_WORKER_REQUIRED]
    c.refuse(field_errors)
    if family is not None:
        permit(can_view_family(by, family))
    waiting = _waiting_for(by, family)
    if waiting is not None and not book_another:
        message = msg.CONSULTATION_PENDING.format(
            reference=waiting.reference, social_worker=waiting.social_worker.name
        )
        raise errors.RuleViolation(message, field_errors={"book_another": [message]})
    if slot is not None:
        slot = _open_slot(slot, mode)
        social_worker = slot.social_worker
    if social_worker is None:  # refused above unless a slot named one
        raise errors.RuleViolation(msg.SOCIAL_WORKER_REQUIRED)
    return _create(
        duplicate_of=waiting,
        by=by,
        social_worker=social_worker,
        slot=slot,
        mode=mode,
        is_anonymous=is_anonymous,
        family=family,
        household=household,
        question=question,
        preferred_times=preferred_times,
    )


@action
def consultation_from_concern(*, by, concern: Concern) -> Consultation:
    """A sent concern asking for a consultation goes to the embedded social worker for the
    partner's area, who arranges a time."""
    social_worker = embedded_social_worker_for(by)
    if social_worker is None:
        raise errors.RuleViolation(msg.NO_EMBEDDED_SW, field_errors={"wants": [msg.NO_EMBEDDED_SW]})
    return _create(
        by=by,
        social_worker=social_worker,
        slot=None,
        mode=Mode.PHONE,
        is_anonymous=False,
        family=concern.family,
        household="",
        question=concern.worries,
        preferred_times="",
        concern=concern,
        duplicate_of=_waiting_for(by, concern.family),
    )


# --- Outcome ---------------------------------------------------------------------------------

NEXT_STEPS = {
    ConsultationOutcome.ADVICE: "No further action is needed from the front door.",
    ConsultationOutcome.SIGNPOST: "Please share the suggested service with the family.",
    ConsultationOutcome.PARTNER_EHA: (
        "Please start an early help assessment with the family, as their lead practitioner. "
        "The family hub can support you."
    ),
    ConsultationOutcome.EARLY_HELP: "The family should be referred to early help.",
    ConsultationOutcome.CSC: "The family should be referred to children's social care.",
    ConsultationOutcome.STRATEGY: (
        "A strategy discussion is needed now. If a child is in immediate danger phone the "
        "police on 999."
    ),
}


@action
def consultation_record_outcome(
    *,
    by,
    consultation: Consultation,
    expected_version: int,
    conversation: str,
    outcome: str,
    reasons: str,
    held_at: dt.datetime | None = None,
) -> Consultation:
    """The social worker records what was said and the outcome; the partner is told the
    outcome and the reasons in writing; a referral outcome about a named family becomes a
    contact at the front door carrying everything said."""
    permit(policy.can_record_consultation(by, consultation))
    consultation = c.lock(Consultation, consultation)
    if consultation.status == ConsultationStatus.HELD:
        raise errors.RuleViolation(msg.OUTCOME_ALREADY)
    if consultation.status == ConsultationStatus.CANCELLED:
        raise errors.RuleViolation(msg.CONSULTATION_CLOSED)
    field_errors: dict[str, list[str]] = {}
    if not conversation.strip():
        field_errors["conversation"] = [msg.CONVERSATION_REQUIRED]
    if outcome not in ConsultationOutcome.values:
        field_errors["outcome"] = [msg.OUTCOME_REQUIRED]
    if not reasons.strip():
        field_errors["outcome_reasons"] = [msg.REASONS_REQUIRED]
    c.refuse(field_errors)
    now = timezone.now()
    bump(
        consultation,
        expected_version,
        msg.STALE_CONSULTATION,
        {
            "status": ConsultationStatus.HELD,
            "conversation": conversation.strip(),
            "outcome": outcome,
            "outcome_reasons": reasons.strip(),
            "held_at": held_at or now,
            "outcome_recorded_by": by.user,
            "outcome_recorded_at": now,
            "updated_at": now,
        },
    )
    label = ConsultationOutcome(outcome).label
    audit.record(
        by,
        Verb.UPDATE,
        consultation,
        family=consultation.family,
        changes={"outcome": [None, outcome], "status": ["requested", "held"]},
    )
    if consultation.family_id:
        chronicle(
            by=by,
            family=consultation.family,
            kind="consultation_held",
            summary=f"Consultation with {c.who(by)}: {label.lower()}",
            significant=outcome == ConsultationOutcome.STRATEGY,
        )
    _pass_on_and_tell_the_partner(by, consultation, outcome, label)
    return consultation


def _pass_on_and_tell_the_partner(by, consultation, outcome, label):
    """A referral outcome about a named family becomes a contact at the front door; the partner
    is told the outcome, why, and what happens next."""
    contact = None
    to_front_door = outcome in OUTCOMES_TO_FRONT_DOOR
    if to_front_door and not consultation.is_anonymous:
        from .contacts import contact_from_consultation

        contact = contact_from_consultation(by=by, consultation=consultation)
    next_step = NEXT_STEPS[ConsultationOutcome(outcome)]
    if contact is not None:
        next_step += (
            f" The social worker has passed it to the front door (contact {contact.reference}), "
            "with everything you talked about; you will be told the decision."
        )
    elif to_front_door:
        next_step += (
            " The consultation was anonymised, so please raise a concern with the family's "
            "details: it will carry this consultation with it."
        )
    notify(
        recipient=consultation.requested_by,
        subject=f"Outcome of your consultation {consultation.reference}: {label}",
        body=f"{c.who(by)} recorded the outcome: {label}.\n\nWhy: {consultation.outcome_reasons}"
        f"\n\nWhat happens next: {next_step}",
        link=links.ref(consultation),
        kind="frontdoor_consultation_outcome",
        family=consultation.family,
    )


@action
def consultation_cancel(*, by, consultation: Consultation, reason: str) -> Consultation:
    consultation = c.lock(Consultation, consultation)
    permit(
        policy.can_record_consultation(by, consultation)
        or consultation.requested_by_id == by.user_id
    )
    if consultation.status in (ConsultationStatus.HELD, ConsultationStatus.CANCELLED):
        raise errors.RuleViolation(msg.CONSULTATION_CLOSED)
    bump(
        consultation,
        consultation.version,
        msg.STALE_CONSULTATION,
        {
            "status": ConsultationStatus.CANCELLED,
            "slot": None,  # the time is free for someone else
            "outcome_reasons": reason.strip(),
        },
    )
    audit.record(
        by, Verb.UPDATE, consultation, family=consultation.family, reason=reason.strip()[:500]
    )
    other = (
        consultation.social_worker.user
        if consultation.requested_by_id == by.user_id
        else consultation.requested_by
    )
    notify(
        recipient=other,
        subject=f"Consultation {consultation.reference} cancelled",
        body=f"{c.who(by)} cancelled it: {reason.strip()}",
        link=links.ref(consultation),
        kind="frontdoor_consultation",
        family=consultation.family,
    )
    return consultation
