"""Demo Borough sessions (synthetic): at each main hub a parenting course under way with its
register taken for the weeks gone, a full course with a waiting list in priority order, and a
weekly stay and play. Loaded after the directory's offer (DEMO_EXTRAS), enrolments made through
the actions as the hub coordinator or the family's lead, so the chronology and audit say so."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from access import doorway
from casework.models import LeadArrangement
from demo import structure
from directory.models import HubService, Location
from organisations.models import Practitioner
from people.models import Family, Membership

from . import actions, demo_reach
from .demo_reach import DECILE_SOURCE
from .models import AreaDeprivation, Enrolment, Meeting, SelfReferral, Session, SessionKind

TAG = "(demo)"
COURSES = (
    # service name, title, weeks, capacity, first meeting (days ago), complete after, ages
    ("Triple P parenting programme", "Triple P group: autumn", 8, 8, 21, 6, (None, None)),
    ("Incredible Years parenting course", "Incredible Years: 10 weeks", 10, 4, 14, 8, (None, None)),
    ("Stay and play", "Stay and play: weekly", 12, 15, 7, None, (0, 5)),
)


def _people(limit: int, seed: int) -> list[tuple[Family, Membership]]:
    """Parents and carers of synthetic families, for the courses (deterministic)."""
    members = (
        Membership.objects.filter(
            family__is_synthetic=True, role="parent_carer", left_on__isnull=True
        )
        .select_related("family", "person")
        .order_by("family__reference", "pk")
    )
    picked = list(members[seed % 7 : seed % 7 + limit])
    return [(m.family, m) for m in picked]


def _meetings(session: Session, weeks: int, first: dt.date, starts: dt.time) -> list[Meeting]:
    ends = (dt.datetime.combine(first, starts) + dt.timedelta(hours=2)).time()
    return [
        Meeting.objects.create(
            session=session,
            number=n + 1,
            on=first + dt.timedelta(weeks=n),
            starts_at=starts,
            ends_at=ends,
        )
        for n in range(weeks)
    ]


def _by_for(family: Family, coordinator):
    lead = LeadArrangement.objects.filter(family=family, ended_on__isnull=True).first()
    return lead.lead.user if lead is not None else coordinator.user


def load_demo(*, seed: int = 2026, stdout=None) -> int:
    if Session.objects.filter(title__endswith=TAG).exists():
        return 0
    coordinator = Practitioner.objects.filter(user__email__startswith="hub.coordinator@").first()
    facilitator = Practitioner.objects.filter(user__email__startswith="family.worker@").first()
    if coordinator is None:
        return 0
    today = timezone.localdate()
    people = _people(40, seed)
    made = 0
    with doorway.batch():
        for index, hub_spec in enumerate(h for h in structure.HUBS if h.main is None):
            for service_name, title, weeks, capacity, ago, complete, ages in COURSES:
                service = HubService.objects.filter(
                    hub__name=hub_spec.name, name=service_name
                ).first()
                if service is None:
                    continue
                venue = Location.objects.filter(services_at__service=service).order_by("pk").first()
                session = Session.objects.create(
                    service=service,
                    title=f"{title} {TAG}",
                    kind=SessionKind.DROP_IN if complete is None else SessionKind.COURSE,
                    venue=venue,
                    facilitator=facilitator if index == 0 else None,
                    capacity=capacity,
                    minimum_age=ages[0],
                    maximum_age=ages[1],
                    complete_after=complete,
                )
                meetings = _meetings(session, weeks, today - dt.timedelta(days=ago), dt.time(10))
                wanted = capacity + 2 if complete else min(capacity, 6)
                chosen, people = people[:wanted], people[wanted:] + people[:wanted]
                for family, membership in chosen:
                    actions.enrol(
                        by=_by_for(family, coordinator),
                        session=session,
                        family=family,
                        person=membership.person,
                    )
                made += 1
                _registers(session, meetings, today, coordinator)
        made += demo_reach.load(coordinator=coordinator, facilitator=facilitator, today=today)
    return made


def _registers(session: Session, meetings: list[Meeting], today: dt.date, coordinator) -> None:
    """Marks for the weeks gone: most came, one missed a week now and then."""
    placed = list(session.enrolments.filter(status="enrolled").order_by("pk"))
    for meeting in (m for m in meetings if m.on < today):
        for n, enrolment in enumerate(placed):
            missed = (n + meeting.number) % 5 == 0
            actions.mark_attendance(
                by=coordinator.user,
                meeting=meeting,
                enrolment=enrolment,
                mark="absent" if missed else "present",
            )


def load_first(*, seed: int = 2026, stdout=None) -> int:
    """Loads nothing: listed before casework so this app's reset runs before casework's (whose
    reset removes the demo services, which self-referrals' sessions would otherwise hold)."""
    return 0


def reset_demo() -> None:
    sessions = Session.objects.filter(title__endswith=TAG)
    SelfReferral.objects.filter(session__in=sessions).delete()
    Enrolment.objects.filter(session__in=sessions).delete()
    sessions.delete()
    AreaDeprivation.objects.filter(source=DECILE_SOURCE).delete()
