"""One contact: the known-family check, linking a family, the contact page, sign-off,
information requests to partners and disagreements."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils import timezone

import audit
from access.principals import principal_for
from audit.models import Verb
from frontdoor import policy
from matching import register
from organisations.models import Involvement, Organisation, Team
from organisations.policy import CASE_ROLES
from people import search
from people.models import Family, Membership, Person

from .. import clock
from ..models import (
    OPEN_STATUSES,
    Consultation,
    Contact,
    Continuum,
    Dissent,
    DissentStatus,
    EarlyWarning,
    PartnerInfoRequest,
    SignOff,
    ThresholdDecision,
)
from .records import PAGE_LIMIT, _fetch, _get, _pk, continuum_in_force


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
        clock=clock.clock_for(
            due_at=contact.due_at,
            now=now,
            done_at=done,
            elapsed=clock.runs_in_elapsed_time(contact),
        ),
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
        Practitioner.objects.filter(role__in=sorted(CASE_ROLES))
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
    p = principal_for(user)
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
