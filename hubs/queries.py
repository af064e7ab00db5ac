"""Reads for family hubs: the practitioner's directory search, a hub's public offer, the
coordinator's services and connection requests."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Case, Count, Min, Q, QuerySet, When
from django.http import Http404
from django.utils import timezone

import audit
from access.principals import ANONYMOUS, Purpose, principal_for
from access.registry import get_for, visible_to
from audit.models import Verb
from casework.models import PlanAction
from directory import queries as directory_queries
from directory.models import (
    HubService,
    HubServiceStatus,
    Location,
    Schedule,
    ServiceAtLocation,
)
from directory.oruk import FULL_PREFETCH
from familyhub import errors
from organisations.models import Hub
from people.models import Address, Family, Person

from . import policy
from .models import (
    ConnectionRequest,
    ConnectionStatus,
    Enrolment,
    EnrolmentStatus,
    Meeting,
    SelfReferral,
    SelfReferralStatus,
    Session,
)

DISTRICT = re.compile(r"^[A-Z]{1,2}[0-9][A-Z0-9]?( ?[0-9][A-Z]{2})?$", re.I)
NEAR_M = 3000  # "near the family": within 3 km of the postcode district's centre
DAY_ORDER = ["MO", "TU", "WE", "TH", "FR", "SA", "SU"]
DAY_NAMES = dict(
    zip(
        DAY_ORDER,
        ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"],
        strict=True,
    )
)


def running_services() -> QuerySet[HubService]:
    return HubService.objects.filter(status=HubServiceStatus.ACTIVE, withdrawn_at__isnull=True)


def search_directory(user, params: Mapping[str, str]) -> QuerySet[HubService]:
    """Services running now by need (words, or a kind of help), a child's age and a place (a
    postcode or its district: within 3 km; or a town or area name)."""
    qs = visible_to(user, HubService).filter(
        status=HubServiceStatus.ACTIVE, withdrawn_at__isnull=True
    )
    filters = {"search": params.get("need", ""), "age": params.get("age", "")}
    place = (params.get("place") or "").strip()
    if place and DISTRICT.match(place):
        filters.update({"postcode": place, "proximity": str(NEAR_M)})
    elif place:
        qs = qs.filter(
            Q(at_locations__location__city__icontains=place)
            | Q(at_locations__location__name__icontains=place)
            | Q(at_locations__location__hub__locality__iexact=place)
        )
    if params.get("category"):
        qs = qs.filter(category=params["category"])
    qs = directory_queries.filter_services(qs, filters)
    return (
        qs.select_related("organisation", "hub")
        .prefetch_related("at_locations__location", "schedules", "cost_options")
        .order_by("name", "pk")
    )


def service_for(user, uid: Any) -> HubService:
    qs = visible_to(user, HubService).prefetch_related(*FULL_PREFETCH)
    try:
        return qs.get(uid=uid)
    except (HubService.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


def age_on(person: Person, today: dt.date) -> int | None:
    born = person.date_of_birth
    if born is None:
        return None
    return today.year - born.year - ((today.month, today.day) < (born.month, born.day))


def children_with_ages(family: Family, today: dt.date) -> list[tuple[Person, int | None]]:
    children = (
        Person.objects.filter(
            memberships__family=family, memberships__left_on__isnull=True, memberships__role="child"
        )
        .distinct()
        .order_by("date_of_birth")
    )
    return [(child, age_on(child, today)) for child in children]


def members(family: Family) -> QuerySet[Person]:
    return Person.objects.filter(
        memberships__family=family, memberships__left_on__isnull=True
    ).distinct()


def home_postcode(family: Family) -> str:
    """The family's current home postcode, where one is recorded (to search near them)."""
    address = (
        Address.objects.filter(person__memberships__family=family)
        .exclude(postcode="")
        .order_by("-pk")
        .first()
    )
    return address.postcode if address is not None else ""


# --- Connection requests ---------------------------------------------------------------------


def requests_to_decide(user) -> QuerySet[ConnectionRequest]:
    """The requests the provider side sees (those it may decide), new first."""
    return (
        visible_to(user, ConnectionRequest, Purpose.EDIT)
        .select_related("service", "family", "person", "requested_by")
        .order_by("status", "-requested_at", "-pk")
    )


def family_requests(user, family: Family) -> QuerySet[ConnectionRequest]:
    return (
        visible_to(user, ConnectionRequest)
        .filter(family=family)
        .select_related("service", "person", "decided_by")
    )


def get_request_for(user, pk: int) -> ConnectionRequest:
    request = get_for(
        user,
        ConnectionRequest,
        pk,
        queryset=ConnectionRequest.objects.select_related(
            "service__organisation", "family", "person", "requested_by", "decided_by"
        ),
    )
    audit.record(user, Verb.VIEW, request, family=request.family)
    return request


def new_request_count(user) -> int:
    return requests_to_decide(user).filter(status=ConnectionStatus.NEW).count()


# --- The hub coordinator's services --------------------------------------------------------------


def coordinated_hubs(user) -> QuerySet[Hub]:
    """The main hub sites a coordinator works from (their teams' hubs; every hub for an
    administrator)."""
    return Hub.objects.filter(policy.coordinated_hubs_q(principal_for(user))).distinct()


def hub_services(hubs: QuerySet[Hub]) -> QuerySet[HubService]:
    return (
        HubService.objects.filter(hub__in=hubs)
        .select_related("hub", "organisation")
        .prefetch_related("at_locations__location", "schedules__service_at_location__location")
        .order_by("hub__name", "name")
    )


# --- The public hub offer page ------------------------------------------------------------------


@dataclass
class OfferItem:
    service: HubService
    schedule: Schedule
    where: Location


@dataclass
class Offer:
    hub: Hub
    site: Location
    sites: list[Location]
    days: list[tuple[str, list[OfferItem]]] = field(default_factory=list)


def public_hubs() -> QuerySet[Location]:
    """The main hub sites with a published location (the public list of hubs)."""
    return (
        visible_to(ANONYMOUS, Location)
        .filter(hub__isnull=False, hub__main_site__isnull=True)
        .select_related("hub")
        .order_by("name")
    )


def hub_offer(hub_pk: int) -> Offer:
    """What is on at a main hub and its spokes, by day of the week (the public offer page)."""
    site = public_hubs().filter(hub_id=hub_pk).first()
    if site is None or site.hub is None:
        raise Http404
    hub = site.hub
    sites = list(
        visible_to(ANONYMOUS, Location)
        .filter(Q(hub=hub) | Q(hub__main_site=hub))
        .prefetch_related("accessibility")
        .order_by("hub__main_site", "name")
    )
    at = (
        visible_to(ANONYMOUS, ServiceAtLocation)
        .filter(location__in=sites, service__status=HubServiceStatus.ACTIVE)
        .select_related("service__organisation", "location")
        .prefetch_related("service__cost_options", "service__languages", "schedule_set")
    )
    by_day: dict[str, list[OfferItem]] = {d: [] for d in DAY_ORDER}
    for sal in at:
        for schedule in sal.schedule_set.all():
            for day in (schedule.byday or "").split(","):
                if day in by_day:
                    by_day[day].append(OfferItem(sal.service, schedule, sal.location))
    offer = Offer(hub=hub, site=site, sites=sites)
    for day in DAY_ORDER:
        sessions = sorted(
            by_day[day], key=lambda s: (s.schedule.opens_at or dt.time(0), s.service.name)
        )
        if sessions:
            offer.days.append((DAY_NAMES[day], sessions))
    return offer


# --- Sessions ------------------------------------------------------------------------------------


def sessions_for(user) -> QuerySet[Session] | None:
    """The coordinator's sessions (all), or those the practitioner facilitates; None for
    someone who has neither."""
    p = principal_for(user)
    qs = Session.objects.select_related("service", "venue", "facilitator__user").annotate(
        placed=Count("enrolments", filter=Q(enrolments__status__in=["enrolled", "offered"])),
        waiting=Count("enrolments", filter=Q(enrolments__status="waiting")),
    )
    if policy.coordinates_hubs(p):
        return qs.order_by("title", "pk")
    mine = qs.filter(facilitator_id=p.practitioner_id) if p.practitioner_id else qs.none()
    return mine.order_by("title", "pk") if mine.exists() else None


def get_session_for(user, pk: int) -> Session:
    return get_for(user, Session, pk, queryset=Session.objects.select_related("service", "venue"))


def session_people(user, session: Session) -> dict[str, list[Enrolment]]:
    """The enrolments this person may see, by status (the waiting list in its order)."""
    rows = (
        visible_to(user, Enrolment)
        .filter(session=session)
        .select_related("person", "family")
        .order_by("priority", "requested_at", "pk")
    )
    grouped: dict[str, list[Enrolment]] = {s: [] for s in EnrolmentStatus.values}
    for row in rows:
        grouped[row.status].append(row)
    return grouped


def get_enrolment_for(user, pk: int) -> Enrolment:
    enrolment = get_for(
        user, Enrolment, pk, queryset=Enrolment.objects.select_related("person", "family")
    )
    audit.record(user, Verb.VIEW, enrolment, family=enrolment.family)
    return enrolment


def plan_actions_for(family: Family, service: HubService) -> QuerySet[PlanAction]:
    return PlanAction.objects.filter(plan__family=family, plan__ended_on__isnull=True).order_by(
        Case(When(service=service, then=0), default=1), "pk"
    )


def get_meeting_for(user, pk: int) -> Meeting:
    meeting = (
        Meeting.objects.select_related("session__venue", "session__service").filter(pk=pk).first()
    )
    if meeting is None:
        raise Http404
    get_session_for(user, meeting.session_id)
    return meeting


@dataclass
class RegisterRow:
    enrolment: Enrolment
    mark: str


def register_rows(user, meeting: Meeting) -> list[RegisterRow]:
    """Who has a place, with the mark each has for this meeting ('' when not yet marked)."""
    enrolments = (
        visible_to(user, Enrolment)
        .filter(session_id=meeting.session_id, status__in=["enrolled", "completed"])
        .select_related("person", "family")
        .order_by("person__family_name", "person__given_name", "pk")
    )
    marks = dict(meeting.attendance.values_list("enrolment_id", "mark"))
    rows = [RegisterRow(e, marks.get(e.pk, "")) for e in enrolments]
    for row in rows:
        audit.record(user, Verb.VIEW, row.enrolment, family=row.enrolment.family, reason="register")
    return rows


def register_enrolment(meeting: Meeting, pk: int) -> Enrolment:
    enrolment = (
        Enrolment.objects.filter(session_id=meeting.session_id, pk=pk)
        .select_related("family", "person", "plan_action")
        .first()
    )
    if enrolment is None:
        raise Http404
    return enrolment


def meetings(session: Session) -> QuerySet[Meeting]:
    return Meeting.objects.filter(session=session).order_by("on", "starts_at")


def service_sessions(service: HubService) -> QuerySet[Session]:
    """The service's sessions with their places taken (what a family can join)."""
    return (
        Session.objects.filter(service=service)
        .select_related("venue")
        .annotate(
            placed=Count("enrolments", filter=Q(enrolments__status__in=["enrolled", "offered"]))
        )
        .order_by("title", "pk")
    )


def places_taken(session: Session) -> int:
    """Places taken or held for an offer (a count: who holds them is not shown to everyone)."""
    return Enrolment.objects.filter(
        session=session, status__in=[EnrolmentStatus.ENROLLED, EnrolmentStatus.OFFERED]
    ).count()


def sessions_run_by(user) -> QuerySet[Session]:
    """The sessions a partner system's organisation runs (the registry's rule), with their
    meetings, for the API's register."""
    return visible_to(user, Session).select_related("service", "venue").order_by("title", "pk")


# --- Sessions open to requests on the public page, and the coordinator's queue ---------------


def public_sessions(hub: Hub) -> QuerySet[Session]:
    """Sessions at a hub (main site or spoke) still to meet and not cancelled: what a parent
    may ask for a place on."""
    today = timezone.localdate()
    return (
        Session.objects.filter(
            Q(service__hub=hub) | Q(service__hub__main_site=hub),
            cancelled_at__isnull=True,
            meetings__on__gte=today,
            service__status=HubServiceStatus.ACTIVE,
        )
        .select_related("venue", "service")
        .annotate(starts_on=Min("meetings__on"), meeting_count=Count("meetings", distinct=True))
        .distinct()
        .order_by("title", "pk")
    )


def public_session(pk: int) -> Session:
    """A session a parent may ask to join (any other is not found)."""
    session = Session.objects.select_related("service__hub", "venue").filter(pk=pk).first()
    if session is None or session.service.hub is None:
        raise Http404
    hub = session.service.hub
    main = hub.main_site or hub
    if not public_sessions(main).filter(pk=pk).exists():
        raise Http404
    session.main_hub = main  # type: ignore[attr-defined]
    return session


def self_referral_queue(user) -> QuerySet[SelfReferral]:
    """The requests for the coordinator's hubs' sessions, new first (oldest first among them)."""
    return (
        visible_to(user, SelfReferral)
        .select_related("session__service", "family", "decided_by")
        .order_by(
            Case(When(status=SelfReferralStatus.NEW, then=0), default=1),
            "received_at",
            "pk",
        )
    )


def new_self_referral_count(user) -> int:
    return visible_to(user, SelfReferral).filter(status=SelfReferralStatus.NEW).count()


def get_self_referral_for(user, pk: int) -> SelfReferral:
    referral = get_for(
        user,
        SelfReferral,
        pk,
        queryset=SelfReferral.objects.select_related(
            "session__service", "session__venue", "family", "enrolment__person", "decided_by"
        ),
    )
    audit.record(user, Verb.VIEW, referral, family=referral.family)
    return referral


@dataclass
class Candidate:
    """Someone in the register the request may be about, and their families (never a sealed
    one) with who is in each, for the coordinator to choose whom to enrol."""

    person: Person
    band: str
    reasons: list[str]
    families: list[tuple[Family, list[tuple[Person, str, int | None]]]]


def _split_name(name: str) -> tuple[str, str]:
    parts = name.split()
    if len(parts) < 2:
        return (parts[0] if parts else ""), ""
    return " ".join(parts[:-1]), parts[-1]


def self_referral_candidates(user, referral: SelfReferral) -> list[Candidate]:
    """The "already known?" look-up (the matching engine, as at the front door) for the child
    and the parent named in the request; recorded as a search in the audit trail."""
    from matching import register

    first, last = _split_name(referral.parent_name)
    looks = [
        {
            "first_name": referral.child_given_name,
            "surname": referral.child_family_name or last,
            "dob": referral.child_date_of_birth,
            "postcode": referral.postcode,
        },
        {"first_name": first, "surname": last, "postcode": referral.postcode},
    ]
    found: dict[int, tuple[str, list[str]]] = {}
    for look in looks:
        record = {k: v for k, v in look.items() if v}
        if not record.get("first_name") and not record.get("surname"):
            continue
        for match in register.find(record, limit=5, scope=Q(is_restricted=False)):
            found.setdefault(match.person_id, (match.band, match.reasons or ["same name"]))
    people = Person.objects.in_bulk(list(found))
    today = timezone.localdate()
    candidates = []
    for pk, (band, reasons) in found.items():
        if pk not in people:
            continue
        families = []
        for family in Family.objects.filter(
            memberships__person_id=pk, memberships__left_on__isnull=True, is_restricted=False
        ).distinct():
            rows = family.memberships.filter(left_on__isnull=True).select_related("person")
            families.append(
                (family, [(m.person, m.get_role_display(), age_on(m.person, today)) for m in rows])
            )
        candidates.append(Candidate(people[pk], band, reasons, families))
    audit.record(
        user,
        Verb.SEARCH,
        referral,
        reason="already known? check for a self-referral",
        changes={"candidates": [c.person.pk for c in candidates]},
    )
    return candidates


def referral_choice(referral: SelfReferral, value: str) -> tuple[Family, Person] | None:
    """The family and person a 'family:person' choice names, when they are a current member
    of an unsealed family (the action checks again)."""
    try:
        family_pk, person_pk = (int(x) for x in value.split(":"))
    except (TypeError, ValueError):
        return None
    family = Family.objects.filter(pk=family_pk, is_restricted=False).first()
    person = Person.objects.filter(
        pk=person_pk, memberships__family_id=family_pk, memberships__left_on__isnull=True
    ).first()
    if family is None or person is None:
        return None
    return family, person


# --- What a coordinator may choose when creating a session -------------------------------------


def session_services(user) -> QuerySet[HubService]:
    """The running services of the coordinator's hubs (main sites and spokes)."""
    mains = coordinated_hubs(user)
    return (
        running_services()
        .filter(Q(hub__in=mains) | Q(hub__main_site__in=mains))
        .select_related("hub")
        .order_by("name", "pk")
    )


def session_venues(user) -> QuerySet[Location]:
    """Every site of the coordinator's hubs and every venue of their services."""
    mains = coordinated_hubs(user)
    services = session_services(user)
    return (
        Location.objects.filter(
            Q(hub__in=mains) | Q(hub__main_site__in=mains) | Q(services_at__service__in=services)
        )
        .distinct()
        .order_by("name", "pk")
    )


def facilitators(user):
    """Who may run a session: the coordinator's organisation's practitioners."""
    from organisations.models import Practitioner

    p = principal_for(user)
    return (
        Practitioner.objects.filter(organisation_id=p.organisation_id, user__is_active=True)
        .select_related("user")
        .order_by("user__full_name", "pk")
    )


def get_session_to_run(user, pk: int) -> Session:
    """A session the coordinator runs (edit, cancel); any other is not found."""
    session = get_session_for(user, pk)
    if not policy.coordinates_session(user, session):
        raise errors.NotPermitted("Not permitted: coordinates_session")
    return session


def cancelled_contacts(enrolments: list[Enrolment]) -> list[tuple[Enrolment, str]]:
    """Whom to call after a cancellation: each family member, with the phone or email they
    gave when they asked from the public page (else: their lead worker is told)."""
    asked = {
        r.enrolment_id: r
        for r in SelfReferral.objects.filter(enrolment__in=[e.pk for e in enrolments])
    }
    out = []
    for e in enrolments:
        r = asked.get(e.pk)
        out.append((e, (r.phone or r.email) if r else ""))
    return out


# --- Reach -------------------------------------------------------------------------------------


def reach_for(user, *, start: dt.date, end: dt.date, export: bool = False):
    """Reach at the coordinator's hubs in a period (small numbers suppressed); viewing and
    downloading are audited (a download as an export)."""
    from . import reach

    if not policy.coordinates_hubs(user):
        raise errors.NotPermitted("Not permitted: coordinates_hubs")
    hubs = list(coordinated_hubs(user).order_by("name"))
    report = reach.compute(hubs=hubs, start=start, end=end)
    audit.record(
        user,
        Verb.EXPORT if export else Verb.VIEW,
        None,
        changes={
            "report": "hub reach",
            "from": start.isoformat(),
            "to": end.isoformat(),
            "hubs": [h.pk for h in hubs],
            **({"format": "csv"} if export else {}),
        },
    )
    return report
