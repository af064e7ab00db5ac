"""Concerns, the referrer's own: what they raised and what became of it."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Prefetch, Q, QuerySet

import audit
from audit.models import Verb
from frontdoor import policy
from people import search
from people.models import Family, Membership
from people.queries import families_visible_to

from ..models import (
    Concern,
    ConcernPerson,
    ConcernStatus,
    Consultation,
    ConsultationStatus,
    Contact,
    ContactStatus,
    Dissent,
    DissentStatus,
    SignOff,
    ThresholdDecision,
)
from .records import PAGE_LIMIT, _get


def concerns_of(user) -> QuerySet[Concern]:
    return Concern.objects.filter(policy.concern_visibility_q(user))


def concern_people(concern: Concern | None, *, with_matches: bool = False) -> list:
    """The people a concern describes, in the order they were added (with the register person
    each was matched to, for the check and detail pages)."""
    if concern is None:
        return []
    people = ConcernPerson.objects.filter(concern=concern).order_by("pk")
    return list(people.select_related("person") if with_matches else people)


def get_concern_for(user, pk, *, record_view: bool = True) -> Concern:
    concern = _get(
        Concern,
        pk,
        select=("family", "continuum", "raised_by_organisation"),
        allowed=lambda c: policy.can_view_concern(user, c) and c.status != ConcernStatus.WITHDRAWN,
    )
    if record_view:
        audit.record(user, Verb.VIEW, concern, family=concern.family)
    return concern


def families_for_concern(
    user, *, name: str = "", include: Family | None = None, limit: int = 25
) -> tuple[list[Family], int]:
    """Families the referrer works with, for the first screen, with their current members
    (`include`: a family already chosen in the draft, kept in the list whatever the filter)."""
    visible = families_visible_to(user)
    families = visible
    if name.strip():
        key = search.name_key(name)
        families = families.filter(
            Q(name__icontains=name.strip())
            | Q(memberships__person__given_key__startswith=key)
            | Q(memberships__person__family_key__startswith=key)
        ).distinct()
    total = families.count()
    chosen = list(families.order_by("name", "pk")[:limit])
    if include is not None and include.pk not in {f.pk for f in chosen}:
        chosen = list(visible.filter(pk=include.pk)) + chosen
    members = (
        Membership.objects.filter(family__in=chosen, left_on__isnull=True)
        .select_related("person")
        .order_by("role", "person__date_of_birth", "pk")
    )
    by_family: dict[int, list[Membership]] = {}
    for m in members:
        m.choice_value = f"{m.family_id}:{m.person_id}"
        by_family.setdefault(m.family_id, []).append(m)
    for family in chosen:
        family.current_members = sorted(
            by_family.get(family.pk, []), key=lambda m: (m.role != "child", m.person.full_name)
        )
    return chosen, total


@dataclass
class ReferrerView:
    """What a referrer may know about what happened to something they raised."""

    status: str
    status_tag: str
    outcome: str = ""
    outcome_detail: str = ""
    dealing: str = ""
    decided_at: dt.datetime | None = None
    decision: ThresholdDecision | None = None
    can_disagree: bool = False
    dissents: list[Dissent] = field(default_factory=list)
    consultation: Consultation | None = None


_CONTACT_WORDS = {
    ContactStatus.RECEIVED: ("Received by the front door", "govuk-tag--blue"),
    ContactStatus.SCREENING: ("Being looked at by the front door", "govuk-tag--light-blue"),
    ContactStatus.AWAITING_INFO: (
        "Front door is gathering information from partners",
        "govuk-tag--light-blue",
    ),
    ContactStatus.DECIDED: ("Decision being checked by a manager", "govuk-tag--yellow"),
    ContactStatus.CLOSED: ("Decided", "govuk-tag--green"),
}


def _contact_view(user, contact: Contact) -> ReferrerView:
    """What the referrer may know of a contact read by _referrer_views (its final decisions
    and the user's own disagreements with them prefetched)."""
    words, tag = _CONTACT_WORDS[ContactStatus(contact.status)]
    view = ReferrerView(status=words, status_tag=tag)
    if contact.assigned_to_id and contact.status != ContactStatus.CLOSED:
        view.dealing = f"{contact.assigned_to.name}, front door"
    elif contact.status != ContactStatus.CLOSED:
        view.dealing = "The front door (not yet picked up)"
    final = contact.finals[0] if contact.finals else None  # type: ignore[attr-defined]
    if final is not None and final.feedback_sent_at:
        view.outcome = final.get_outcome_display()
        view.outcome_detail = final.feedback_to_referrer
        view.decided_at = final.feedback_sent_at
        view.decision = final
        view.dealing = final.team.name if final.team else "No one: no further action"
        view.dissents = list(final.mine)  # type: ignore[attr-defined]
        view.can_disagree = policy.can_raise_dissent(user, final) and not any(
            d.status == DissentStatus.OPEN for d in view.dissents
        )
    return view


def _consultation_view(consultation: Consultation) -> ReferrerView:
    status = consultation.status
    if status == ConsultationStatus.HELD:
        view = ReferrerView(
            status="Consultation held",
            status_tag="govuk-tag--green",
            outcome=consultation.get_outcome_display(),
            outcome_detail=consultation.outcome_reasons,
            decided_at=consultation.outcome_recorded_at,
        )
    elif status == ConsultationStatus.BOOKED:
        view = ReferrerView(status="Consultation booked", status_tag="govuk-tag--blue")
    elif status == ConsultationStatus.CANCELLED:
        view = ReferrerView(status="Consultation cancelled", status_tag="govuk-tag--grey")
    else:
        view = ReferrerView(status="Consultation requested", status_tag="govuk-tag--blue")
    view.dealing = f"{consultation.social_worker.name}, embedded social worker"
    return view


def referrer_view(user, concern: Concern) -> ReferrerView:
    return referrer_views(user, [concern])[concern.pk]


def referrer_views(user, concerns: list[Concern]) -> dict[int, ReferrerView]:
    """referrer_view of each concern, in the same few queries however many there are (the
    list of concerns raised asked four or more per concern, issue 16)."""
    sent = [c.pk for c in concerns if c.status != ConcernStatus.DRAFT]
    finals = ThresholdDecision.objects.filter(
        sign_off__in=[SignOff.NOT_REQUIRED, SignOff.AGREED]
    ).select_related("continuum", "team")
    mine = Dissent.objects.filter(raised_by=user).order_by("raised_at")
    contacts = {
        c.concern_id: c
        for c in Contact.objects.filter(concern_id__in=sent)
        .select_related("assigned_to__user", "family")
        .prefetch_related(
            Prefetch(
                "decisions",
                queryset=finals.prefetch_related(Prefetch("dissents", mine, to_attr="mine")),
                to_attr="finals",
            )
        )
    }
    consultations: dict[int, Consultation] = {}
    waiting = [pk for pk in sent if pk not in contacts]
    for consultation in Consultation.objects.filter(concern_id__in=waiting).select_related(
        "social_worker__user"
    ):  # newest first (Consultation's ordering): the one referrer_view showed
        consultations.setdefault(consultation.concern_id, consultation)  # type: ignore[arg-type]
    views = {}
    draft = {"status": "Draft – not sent", "status_tag": "govuk-tag--grey"}
    for concern in concerns:
        if concern.status == ConcernStatus.DRAFT:
            views[concern.pk] = ReferrerView(**draft)
        elif concern.pk in contacts:
            views[concern.pk] = _contact_view(user, contacts[concern.pk])
        elif concern.pk in consultations:
            view = _consultation_view(consultations[concern.pk])
            view.consultation = consultations[concern.pk]
            views[concern.pk] = view
        else:
            views[concern.pk] = ReferrerView(status="Sent", status_tag="govuk-tag--blue")
    return views


@dataclass
class RaisedRow:
    concern: Concern
    view: ReferrerView
    about: str


def concerns_raised(user) -> list[RaisedRow]:
    """'Concerns I have raised': drafts to finish, and what happened to each one sent."""
    concerns = (
        concerns_of(user)
        .exclude(status=ConcernStatus.WITHDRAWN)
        .select_related("family")
        .prefetch_related("people__person")
        .order_by("-updated_at", "-pk")[:PAGE_LIMIT]
    )
    concerns = list(concerns)
    views = referrer_views(user, concerns)
    rows = []
    for concern in concerns:
        names = [p.display_name for p in concern.people.all()]
        about = concern.family.name if concern.family_id else ", ".join(names) or "Not chosen yet"
        rows.append(RaisedRow(concern, views[concern.pk], about))
    audit.record(user, Verb.LIST, None, changes={"list": "concerns raised", "count": len(rows)})
    return rows


def get_decision_as_referrer(user, pk) -> ThresholdDecision:
    decision = _get(
        ThresholdDecision,
        pk,
        select=("contact", "contact__concern", "continuum", "team"),
        allowed=lambda d: policy.can_raise_dissent(user, d) and d.feedback_sent_at is not None,
    )
    audit.record(user, Verb.VIEW, decision, family=decision.contact.family)
    return decision
