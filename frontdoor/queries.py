"""Reads at the front door. Every function takes the acting user; single-record fetches check
the policy, record the read in the audit trail and raise Http404 for missing and forbidden
alike; lists are filtered by the policy's Q filters."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import F, Q, QuerySet
from django.http import Http404
from django.utils import timezone

import audit
import rules
from access import policy, registry
from audit.models import Verb
from matching import register
from organisations.models import Involvement, Organisation, Team
from people import search
from people.models import Family, Membership, Person
from people.queries import families_visible_to

from . import clock
from .models import (
    OPEN_STATUSES,
    Concern,
    ConcernStatus,
    Consultation,
    ConsultationStatus,
    Contact,
    ContactStatus,
    Continuum,
    Dissent,
    DissentStatus,
    DutySlot,
    EarlyWarning,
    PartnerInfoRequest,
    Rag,
    SignOff,
    ThresholdDecision,
    WarningStatus,
)

PAGE_LIMIT = 200


def _pk(value) -> int | None:
    if isinstance(value, int):
        return value
    text = str(value)
    return int(text) if text.isascii() and text.isdecimal() else None


def _get(model, pk, *, select=(), allowed) -> object:
    key = _pk(pk)
    obj = model.objects.select_related(*select).filter(pk=key).first() if key else None
    if obj is None or not allowed(obj):
        raise Http404("Not found")
    return obj


def _fetch(user, model, pk, *, select=(), record=True):
    queryset = model.objects.select_related(*select)
    return registry.get_for(user, model, _pk(pk), queryset=queryset, record=record)


# What registry.get_for records when it hands out a front-door record: the family it is about.
_FAMILY_OF = {
    "Consultation": lambda r: r.family,
    "Contact": lambda r: r.family,
    "PartnerInfoRequest": lambda r: r.contact.family,
    "Dissent": lambda r: r.decision.contact.family,
    "EarlyWarning": lambda r: r.family,
}


def _record_view(principal, obj, purpose) -> None:
    actor = principal.user if principal.user is not None else principal
    audit.record(actor, Verb.VIEW, obj, family=_FAMILY_OF[type(obj).__name__](obj))


def register_read_auditors() -> None:
    """FrontdoorConfig.ready: the same audit events the pages always wrote."""
    for model in (Consultation, Contact, PartnerInfoRequest, Dissent, EarlyWarning):
        registry.register_read_auditor(model, _record_view)


def continuum_in_force() -> Continuum | None:
    return Continuum.objects.in_force(timezone.localdate())


# --- Concerns (the referrer's own) ---------------------------------------------------------------


def concerns_of(user) -> QuerySet[Concern]:
    return Concern.objects.filter(policy.concern_visibility_q(user))


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
    words, tag = _CONTACT_WORDS[ContactStatus(contact.status)]
    view = ReferrerView(status=words, status_tag=tag)
    if contact.assigned_to_id and contact.status != ContactStatus.CLOSED:
        view.dealing = f"{contact.assigned_to.name}, front door"
    elif contact.status != ContactStatus.CLOSED:
        view.dealing = "The front door (not yet picked up)"
    final = (
        contact.decisions.filter(sign_off__in=[SignOff.NOT_REQUIRED, SignOff.AGREED])
        .select_related("continuum", "team")
        .first()
    )
    if final is not None and final.feedback_sent_at:
        view.outcome = final.get_outcome_display()
        view.outcome_detail = final.feedback_to_referrer
        view.decided_at = final.feedback_sent_at
        view.decision = final
        view.dealing = final.team.name if final.team else "No one: no further action"
        view.dissents = list(final.dissents.filter(raised_by=user).order_by("raised_at"))
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
    if concern.status == ConcernStatus.DRAFT:
        return ReferrerView(status="Draft – not sent", status_tag="govuk-tag--grey")
    contact = Contact.objects.filter(concern=concern).select_related("assigned_to__user").first()
    if contact is not None:
        return _contact_view(user, contact)
    consultation = (
        Consultation.objects.filter(concern=concern).select_related("social_worker__user").first()
    )
    if consultation is not None:
        view = _consultation_view(consultation)
        view.consultation = consultation
        return view
    return ReferrerView(status="Sent", status_tag="govuk-tag--blue")


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
    rows = []
    for concern in concerns:
        names = [p.display_name for p in concern.people.all()]
        about = concern.family.name if concern.family_id else ", ".join(names) or "Not chosen yet"
        rows.append(RaisedRow(concern, referrer_view(user, concern), about))
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


# --- Consultations --------------------------------------------------------------------------------


def consultations_visible_to(user) -> QuerySet[Consultation]:
    return Consultation.objects.filter(policy.consultation_visibility_q(user))


def get_consultation_for(user, pk, *, record_view: bool = True) -> Consultation:
    """Through the registry (frontdoor.policy's rule): 404 for missing and forbidden alike."""
    return _fetch(
        user,
        Consultation,
        pk,
        select=(
            "family",
            "social_worker__user",
            "social_worker__team",
            "requested_by",
            "requester_organisation",
            "slot",
            "concern",
        ),
        record=record_view,
    )


@dataclass
class ConsultationLists:
    requested: list[Consultation]
    with_me: list[Consultation]
    my_slots: list[DutySlot]
    is_embedded: bool


def consultation_lists(user) -> ConsultationLists:
    p = policy.principal_for(user)
    base = consultations_visible_to(user).select_related(
        "family", "social_worker__user", "slot", "requester_organisation", "requested_by"
    )
    requested = list(base.filter(requested_by=user).order_by("-created_at")[:PAGE_LIMIT])
    with_me = list(
        base.filter(social_worker_id=p.practitioner_id).order_by(
            "status", "slot__starts_at", "-created_at"
        )[:PAGE_LIMIT]
    )
    is_embedded = "embedded_sw" in p.designations
    slots = (
        list(
            DutySlot.objects.filter(
                social_worker_id=p.practitioner_id,
                cancelled_at__isnull=True,
                ends_at__gte=timezone.now(),
            )
            .select_related("consultation")
            .order_by("starts_at")[:PAGE_LIMIT]
        )
        if is_embedded
        else []
    )
    audit.record(
        user,
        Verb.LIST,
        None,
        changes={"list": "consultations", "count": len(requested) + len(with_me)},
    )
    return ConsultationLists(requested, with_me, slots, is_embedded)


def open_slots(user, *, limit: int = 60) -> list[DutySlot]:
    """Published times not yet booked, soonest first (any partner may see them)."""
    if not policy.can_request_consultation(user):
        return []
    return list(
        DutySlot.objects.filter(
            cancelled_at__isnull=True, starts_at__gt=timezone.now(), consultation__isnull=True
        )
        .select_related("social_worker__user", "social_worker__team")
        .order_by("starts_at", "pk")[:limit]
    )


def get_open_slot(user, pk) -> DutySlot:
    return _get(
        DutySlot,
        pk,
        select=("social_worker__user",),
        allowed=lambda s: policy.can_request_consultation(user) and s.cancelled_at is None,
    )


def get_slot_to_manage(user, pk) -> DutySlot:
    return _get(
        DutySlot,
        pk,
        select=("social_worker__user",),
        allowed=lambda s: policy.can_offer_consultations(user, s.social_worker),
    )


# --- Front-door queue ---------------------------------------------------------------------------


@dataclass
class QueueRow:
    contact: Contact
    clock: clock.Clock
    names: list[str]


SORTS = {
    "due": ("-urgent", "due_at", "pk"),
    "received": ("received_at", "pk"),
    "-received": ("-received_at", "-pk"),
    "rag": ("rag_order", "due_at", "pk"),
}


def queue(
    user,
    *,
    team: int | None = None,
    locality: str = "",
    rag: str = "",
    urgency: str = "",
    status: str = "open",
    sort: str = "due",
    now: dt.datetime | None = None,
) -> list[QueueRow]:
    """The front door's contacts with their clocks: urgent first, then soonest due."""
    from django.db.models import Case, IntegerField, Value, When

    if not policy.is_front_door(user):
        raise Http404("Not found")
    now = now or timezone.now()
    contacts = Contact.objects.filter(policy.contact_visibility_q(user))
    if status == "open":
        contacts = contacts.filter(status__in=OPEN_STATUSES)
    elif status == "sign_off":
        contacts = contacts.filter(
            status=ContactStatus.DECIDED, decisions__sign_off=SignOff.PENDING
        ).distinct()
    elif status == "breached":
        contacts = contacts.filter(
            Q(status__in=OPEN_STATUSES, due_at__lt=now) | Q(decided_at__gt=F("due_at"))
        )
    elif status in ContactStatus.values:
        contacts = contacts.filter(status=status)
    if team:
        contacts = contacts.filter(assigned_to__team_id=team)
    if locality:
        contacts = contacts.filter(locality=locality)
    if rag == "none":
        contacts = contacts.filter(rag="")
    elif rag in Rag.values:
        contacts = contacts.filter(rag=rag)
    if urgency == "urgent":
        contacts = contacts.filter(urgent=True)
    elif urgency == "not_urgent":
        contacts = contacts.filter(urgent=False)
    contacts = contacts.annotate(
        rag_order=Case(
            When(rag=Rag.RED, then=Value(0)),
            When(rag=Rag.AMBER, then=Value(1)),
            When(rag=Rag.GREEN, then=Value(2)),
            default=Value(3),
            output_field=IntegerField(),
        )
    ).order_by(*SORTS.get(sort, SORTS["due"]))
    contacts = contacts.select_related(
        "family", "referrer_organisation", "assigned_to__user"
    ).prefetch_related("people__person")[:PAGE_LIMIT]
    rows = []
    for contact in contacts:
        done = contact.decided_at if contact.status not in OPEN_STATUSES else None
        rows.append(
            QueueRow(
                contact=contact,
                clock=clock.clock_for(due_at=contact.due_at, now=now, done_at=done),
                names=[p.display_name for p in contact.people.all()],
            )
        )
    audit.record(user, Verb.LIST, None, changes={"list": "front door queue", "count": len(rows)})
    return rows


def queue_filters() -> dict:
    return {
        "teams": list(Team.objects.filter(pk__in=policy.front_door_team_ids()).order_by("name")),
        "localities": list(rules.current("routing").localities),
    }


def queue_counts(user, *, now: dt.datetime | None = None) -> dict[str, int]:
    if not policy.is_front_door(user):
        return {}
    now = now or timezone.now()
    contacts = Contact.objects.filter(policy.contact_visibility_q(user))
    open_ = contacts.filter(status__in=OPEN_STATUSES)
    return {
        "open": open_.count(),
        "urgent": open_.filter(urgent=True).count(),
        "overdue": open_.filter(due_at__lt=now).count(),
        "sign_off": contacts.filter(
            status=ContactStatus.DECIDED, decisions__sign_off=SignOff.PENDING
        )
        .distinct()
        .count(),
        "breached": contacts.filter(
            Q(status__in=OPEN_STATUSES, due_at__lt=now) | Q(decided_at__gt=F("due_at"))
        ).count(),
        "dissent": Dissent.objects.filter(
            policy.dissent_visibility_q(user), status=DissentStatus.OPEN
        ).count(),
    }


# --- One contact -------------------------------------------------------------------------------


def get_contact_for(user, pk, *, record_view: bool = True) -> Contact:
    """Through the registry (frontdoor.policy's rule): 404 for missing and forbidden alike."""
    return _fetch(
        user,
        Contact,
        pk,
        select=(
            "family",
            "referrer",
            "referrer_organisation",
            "assigned_to__user",
            "concern",
            "consultation",
            "consultation__social_worker__user",
            "continuum",
            "routed_team",
        ),
        record=record_view,
    )


def get_contact_to_work(user, pk) -> Contact:
    contact = get_contact_for(user, pk, record_view=False)
    if not policy.can_work_contact(user, contact):
        raise Http404("Not found")
    return contact


@dataclass
class PreviousContact:
    contact: Contact
    decision: ThresholdDecision | None


@dataclass
class KnownFamily:
    """What the front door needs to decide: the people, who is involved, and the history at
    the front door. Read for a contact the principal may work, never a sealed family."""

    family: Family | None
    members: list[Membership]
    involvements: list[Involvement]
    previous_contacts: list[PreviousContact]
    consultations: list[Consultation]
    early_warnings: list[EarlyWarning]
    candidates: list[tuple[Person, list[Family], list[str], int]]


def known_family_check(user, contact: Contact) -> KnownFamily:
    """The known-family check at intake (people already known, open involvements, previous
    contacts and outcomes, consultations). Recorded as a search in the audit trail."""
    if not policy.can_view_contact(user, contact):
        raise Http404("Not found")
    family = contact.family if contact.family_id and not contact.family.is_restricted else None
    candidates = []
    if policy.can_work_contact(user, contact):
        candidates = _register_candidates(contact, exclude_family=family)
    members: list[Membership] = []
    involvements: list[Involvement] = []
    previous: list[PreviousContact] = []
    consultations: list[Consultation] = []
    warnings: list[EarlyWarning] = []
    if family is not None:
        members = list(
            family.memberships.filter(left_on__isnull=True)
            .select_related("person")
            .order_by("role", "person__date_of_birth")
        )
        involvements = list(
            Involvement.objects.active()
            .filter(family=family)
            .select_related("organisation", "practitioner__user", "team", "person")
        )
        earlier = (
            Contact.objects.filter(family=family)
            .exclude(pk=contact.pk)
            .select_related("referrer_organisation")
            .prefetch_related("decisions")
            .order_by("-received_at")[:20]
        )
        for other in earlier:
            final = next((d for d in other.decisions.all() if d.is_final), None)
            previous.append(PreviousContact(other, final))
        consultations = list(
            Consultation.objects.filter(family=family)
            .select_related("social_worker__user", "requester_organisation")
            .order_by("-created_at")[:20]
        )
        warnings = list(EarlyWarning.objects.filter(family=family).order_by("-fired_at")[:5])
    audit.record(
        user,
        Verb.SEARCH,
        contact,
        family=family,
        reason="known-family check at the front door",
        changes={"candidates": [c[0].pk for c in candidates]},
    )
    return KnownFamily(family, members, involvements, previous, consultations, warnings, candidates)


def _register_candidates(contact: Contact, *, exclude_family) -> list:
    """Register-wide search (never sealed people or families) for the people typed into the
    contact who are not yet matched, with the families they belong to."""
    hits: dict[int, tuple[Person, list[str], int]] = {}
    for named in contact.people.filter(person__isnull=True):
        terms = search.SearchTerms(
            name=f"{named.given_name} {named.family_name}".strip(),
            date_of_birth=named.date_of_birth,
        )
        if terms.is_empty:
            continue
        matches = register.find(terms.record(), limit=10, scope=Q(is_restricted=False))
        people = Person.objects.in_bulk([m.person_id for m in matches])
        for match in matches:
            if match.person_id in people and match.person_id not in hits:
                hits[match.person_id] = (
                    people[match.person_id],
                    match.reasons or ["same name"],
                    named.pk,
                )
    memberships = Membership.objects.filter(
        person_id__in=list(hits), left_on__isnull=True, family__is_restricted=False
    ).select_related("family")
    if exclude_family is not None:
        memberships = memberships.exclude(family=exclude_family)
    families: dict[int, list[Family]] = {}
    for m in memberships:
        families.setdefault(m.person_id, []).append(m.family)
    return [
        (person, families.get(pk, []), reasons, named_pk)
        for pk, (person, reasons, named_pk) in hits.items()
    ]


def get_family_to_link(user, contact: Contact, pk) -> Family:
    """A family the known-family check offered for this contact (never a sealed one)."""
    if not policy.can_work_contact(user, contact):
        raise Http404("Not found")
    family = Family.objects.filter(pk=_pk(pk), is_restricted=False).first() if _pk(pk) else None
    if family is None:
        raise Http404("Not found")
    return family


def family_members(family: Family) -> list[Membership]:
    return list(
        family.memberships.filter(left_on__isnull=True).select_related("person").order_by("pk")
    )


@dataclass
class ContactPage:
    contact: Contact
    clock: clock.Clock
    people: list
    decisions: list[ThresholdDecision]
    current_decision: ThresholdDecision | None
    info_requests: list[PartnerInfoRequest]
    status_changes: list
    dissents: list[Dissent]
    continuum: Continuum | None
    can_work: bool
    can_sign_off: bool
    early_warning: EarlyWarning | None


def contact_page(user, contact: Contact, *, now: dt.datetime | None = None) -> ContactPage:
    now = now or timezone.now()
    decisions = list(
        contact.decisions.select_related(
            "continuum", "team", "decided_by", "signed_off_by", "overridden_by"
        ).order_by("-decided_at", "-pk")
    )
    current = next((d for d in decisions if d.sign_off != SignOff.RETURNED), None)
    done = contact.decided_at if contact.status not in OPEN_STATUSES else None
    return ContactPage(
        contact=contact,
        clock=clock.clock_for(due_at=contact.due_at, now=now, done_at=done),
        people=list(contact.people.select_related("person")),
        decisions=decisions,
        current_decision=current,
        info_requests=list(
            contact.info_requests.select_related(
                "organisation", "practitioner__user", "answered_by", "requested_by"
            )
        ),
        status_changes=list(contact.status_changes.select_related("by")),
        dissents=list(
            Dissent.objects.filter(decision__contact=contact).select_related(
                "raised_by", "raised_by_organisation", "resolved_by"
            )
        ),
        continuum=contact.continuum or continuum_in_force(),
        can_work=policy.can_work_contact(user, contact),
        can_sign_off=bool(
            current
            and current.sign_off == SignOff.PENDING
            and policy.can_sign_off_decision(user, current)
        ),
        early_warning=EarlyWarning.objects.filter(contact=contact).first(),
    )


def get_decision_to_sign_off(user, pk) -> ThresholdDecision:
    return _get(
        ThresholdDecision,
        pk,
        select=("contact", "contact__family", "continuum", "team", "decided_by"),
        allowed=lambda d: policy.can_sign_off_decision(user, d),
    )


def organisations_to_ask() -> QuerySet[Organisation]:
    return Organisation.objects.order_by("name")


def practitioners_to_ask():
    from organisations.models import Practitioner

    return (
        Practitioner.objects.filter(role__in=sorted(policy.CASE_ROLES))
        .select_related("user", "organisation")
        .order_by("organisation__name", "user__full_name")
    )


def teams_to_route_to() -> QuerySet[Team]:
    return (
        Team.objects.exclude(pk__in=policy.front_door_team_ids())
        .select_related("organisation")
        .filter(organisation__org_type__in=["csc", "early_help"])
        .order_by("organisation__name", "name")
    )


# --- Partner information requests ---------------------------------------------------------------


def get_info_request_for(user, pk, *, record_view: bool = True) -> PartnerInfoRequest:
    """Through the registry (frontdoor.policy's rule): 404 for missing and forbidden alike."""
    return _fetch(
        user,
        PartnerInfoRequest,
        pk,
        select=("contact", "contact__family", "organisation", "requested_by"),
        record=record_view,
    )


def info_requests_for_my_agency(user) -> list[PartnerInfoRequest]:
    p = policy.principal_for(user)
    if not p.is_practitioner or p.organisation_id is None:
        return []
    return list(
        PartnerInfoRequest.objects.filter(
            policy.info_request_visibility_q(user), organisation_id=p.organisation_id
        )
        .select_related("contact", "organisation", "requested_by")
        .order_by("status", "due_at")[:PAGE_LIMIT]
    )


def info_request_people(request: PartnerInfoRequest) -> list:
    """The people the agency is asked about: names and dates of birth only."""
    return list(request.contact.people.select_related("person"))


# --- Disagreements -------------------------------------------------------------------------------


def get_dissent_for(user, pk, *, record_view: bool = True) -> Dissent:
    """Through the registry (frontdoor.policy's rule): 404 for missing and forbidden alike."""
    return _fetch(
        user,
        Dissent,
        pk,
        select=(
            "decision",
            "decision__contact",
            "decision__contact__family",
            "decision__continuum",
            "raised_by",
            "raised_by_organisation",
        ),
        record=record_view,
    )


def dissents_for(user, *, status: str = DissentStatus.OPEN) -> list[Dissent]:
    return list(
        Dissent.objects.filter(policy.dissent_visibility_q(user), status=status)
        .select_related("decision__contact", "raised_by", "raised_by_organisation")
        .order_by("raised_at")[:PAGE_LIMIT]
    )


# --- Early warnings -----------------------------------------------------------------------------


def early_warnings_for(user, *, status: str = WarningStatus.OPEN) -> list[EarlyWarning]:
    if not policy.can_view_early_warnings(user):
        raise Http404("Not found")
    warnings = list(
        EarlyWarning.objects.filter(policy.early_warning_visibility_q(user), status=status)
        .select_related("family", "team", "decided_by")
        .order_by("-fired_at")[:PAGE_LIMIT]
    )
    audit.record(user, Verb.LIST, None, changes={"list": "early warnings", "count": len(warnings)})
    return warnings


def get_early_warning_for(user, pk, *, record_view: bool = True) -> EarlyWarning:
    """Through the registry (frontdoor.policy's rule): 404 for missing and forbidden alike."""
    return _fetch(
        user,
        EarlyWarning,
        pk,
        select=("family", "team", "decided_by", "contact"),
        record=record_view,
    )


# --- Metrics -------------------------------------------------------------------------------------


def metrics_for(user, *, start: dt.date, end: dt.date):
    from . import metrics

    if not policy.can_view_front_door_metrics(user):
        raise Http404("Not found")
    result = metrics.compute(start=start, end=end)
    audit.record(
        user,
        Verb.VIEW,
        None,
        changes={"report": "front door metrics", "from": start.isoformat(), "to": end.isoformat()},
    )
    return result


def embedded_self(user):
    """The signed-in embedded social worker's own practitioner record (or None)."""
    from organisations.models import Practitioner

    p = policy.principal_for(user)
    if not p.is_practitioner or "embedded_sw" not in p.designations:
        return None
    return Practitioner.objects.select_related("user", "team").filter(pk=p.practitioner_id).first()


# --- For imports (system processes, not users) -----------------------------------------------


def family_by_reference(reference: str) -> Family:
    from familyhub import errors

    family = Family.objects.filter(reference=reference).first()
    if family is None:
        raise errors.RuleViolation(f"No family with reference {reference}")
    return family


def organisation_named(name: str) -> Organisation:
    from familyhub import errors

    organisation = Organisation.objects.filter(name=name).first()
    if organisation is None:
        raise errors.RuleViolation(f"No agency called {name}")
    return organisation


def family_member_by_upn(family: Family, upn: str) -> Person:
    from familyhub import errors

    member = Person.objects.filter(
        memberships__family=family, memberships__left_on__isnull=True, upn=upn.strip().upper()
    ).first()
    if member is None:
        raise errors.RuleViolation(f"No one with UPN {upn} in {family.reference}")
    return member


def signal_count() -> int:
    from .models import Signal

    return Signal.objects.count()
