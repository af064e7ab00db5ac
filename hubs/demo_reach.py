"""Demo Borough (synthetic): enough attendance history for Reach to show something (courses
earlier this year and last year, so some families are returning), sessions still to come that
parents can ask to join from each hub's public page, three requests waiting in the Northgate
coordinator's queue (one from a family the register knows), and made-up deprivation deciles for
the demo postcodes. Every name, phone number and decile here is synthetic."""

from __future__ import annotations

import datetime as dt
import itertools
import zlib

from access.principals import ANONYMOUS
from demo import structure
from directory.models import HubService, Location
from people.models import Address, Membership

from . import actions
from .forms import CONSENT
from .models import AreaDeprivation, Meeting, Session, SessionKind

TAG = "(demo)"
DECILE_SOURCE = "Synthetic demo deciles: made up for the demo borough, not the real IMD"
PAST = (
    # service, title, first meeting (days ago), weeks, places
    ("Baby and me: infant feeding group", "Baby and me: spring", 230, 6, 12),
    ("Chatterbox: talking and listening group", "Chatterbox: summer", 150, 6, 10),
    ("Stay and play", "Stay and play: last autumn", 420, 8, 14),
)
COMING = (
    # service, title, first meeting (days ahead), weeks, places, complete after
    ("Triple P parenting programme", "Triple P group: new year", 14, 10, 10, 8),
    ("Baby and me: infant feeding group", "Weaning workshop", 9, 1, 12, None),
)
ASKED = (
    # parent, phone, email, child, age in years, postcode, message (all synthetic)
    ("Priya Samplewell", "07700 900418", "", "Arjun Samplewell", 3, "DB9 9ZZ", ""),
    ("Sam Exampleton", "", "sam.exampleton@example.org", "", None, "", "Evenings suit us."),
)


def _young_parents(today: dt.date, limit: int, offset: int) -> list[Membership]:
    """Parents and carers of synthetic families with a child under 5 (one per family)."""
    young = Membership.objects.filter(
        role="child",
        left_on__isnull=True,
        family__is_synthetic=True,
        person__date_of_birth__gt=today - dt.timedelta(days=5 * 365 + 1),
    ).values("family")
    parents = (
        Membership.objects.filter(family__in=young, role="parent_carer", left_on__isnull=True)
        .select_related("family", "person")
        .order_by("family__reference", "pk")
    )
    seen: set[int] = set()
    out: list[Membership] = []
    page = max(100, 4 * (offset + limit))  # a page at a time: a large borough has thousands
    for start in itertools.count(0, page):
        rows = list(parents[start : start + page])
        for m in rows:
            if m.family_id not in seen:
                seen.add(m.family_id)
                out.append(m)
        if len(out) >= offset + limit or len(rows) < page:
            break
    return out[offset : offset + limit]


def _session(hub_name, service_name, title, first, weeks, places, complete, facilitator):
    service = HubService.objects.filter(hub__name=hub_name, name=service_name).first()
    if service is None:
        return None
    venue = Location.objects.filter(services_at__service=service).order_by("pk").first()
    session = Session.objects.create(
        service=service,
        title=f"{title} {TAG}",
        kind=SessionKind.COURSE if weeks > 1 else SessionKind.ONE_OFF,
        venue=venue,
        facilitator=facilitator,
        capacity=places,
        minimum_age=service.minimum_age,
        maximum_age=service.maximum_age,
        complete_after=complete if weeks > 1 else None,
    )
    for n in range(weeks):
        Meeting.objects.create(
            session=session,
            number=n + 1,
            on=first + dt.timedelta(weeks=n),
            starts_at=dt.time(10),
            ends_at=dt.time(11, 30),
        )
    return session


def _history(hub_name: str, index: int, coordinator, today: dt.date) -> int:
    made = 0
    for k, (service, title, ago, weeks, places) in enumerate(PAST):
        session = _session(
            hub_name, service, title, today - dt.timedelta(days=ago), weeks, places, None, None
        )
        if session is None:
            continue
        made += 1
        # last autumn's families overlap this year's: some return, most are new
        for m in _young_parents(today, places, index * 40 + k * 7):
            enrolment = actions.enrol(
                by=coordinator.user, session=session, family=m.family, person=m.person
            )
            for meeting in session.meetings.all():
                missed = (meeting.number + m.pk) % 6 == 0
                actions.mark_attendance(
                    by=coordinator.user,
                    meeting=meeting,
                    enrolment=enrolment,
                    mark="absent" if missed else "present",
                )
    return made


def _requests(session: Session, today: dt.date) -> None:
    """Three requests waiting: one from a family the register knows, two from new families."""
    known = _young_parents(today, 1, 3)
    rows = list(ASKED)
    if known:
        parent = known[0]
        child = (
            Membership.objects.filter(family=parent.family, role="child", left_on__isnull=True)
            .select_related("person")
            .order_by("-person__date_of_birth")
            .first()
        )
        address = Address.objects.filter(person=parent.person).exclude(postcode="").first()
        rows.insert(
            0,
            (
                parent.person.full_name,
                "07700 900211",
                "",
                child.person.full_name if child else "",
                child.person.date_of_birth if child else None,
                address.postcode if address else "",
                "A friend told me about the course (synthetic demo request).",
            ),
        )
    for parent_name, phone, email, child, born, postcode, message in rows:
        if isinstance(born, int):
            born = today.replace(day=1) - dt.timedelta(days=365 * born)
        given, _, family_name = child.partition(" ")
        actions.self_referral_receive(
            by=ANONYMOUS,
            session=session,
            data={
                "parent_name": parent_name,
                "phone": phone,
                "email": email,
                "child_given_name": given,
                "child_family_name": family_name,
                "child_date_of_birth": born,
                "postcode": postcode,
                "message": message or "(synthetic demo request)",
            },
            consent_text=CONSENT,
        )


def _deciles() -> None:
    sectors = set()
    for code in (
        Address.objects.filter(person__is_synthetic=True)
        .values_list("postcode", flat=True)
        .order_by()
        .distinct()
    ):
        code = code.upper().replace(" ", "")
        if len(code) >= 5:
            sectors.add(f"{code[:-3]} {code[-3]}")
    AreaDeprivation.objects.bulk_create(
        [
            AreaDeprivation(
                postcode_sector=s, decile=1 + zlib.crc32(s.encode()) % 10, source=DECILE_SOURCE
            )
            for s in sorted(sectors)
        ],
        ignore_conflicts=True,
    )


def load(*, coordinator, facilitator, today: dt.date) -> int:
    made = 0
    mains = [h.name for h in structure.HUBS if h.main is None]
    for index, hub_name in enumerate(mains):
        made += _history(hub_name, index, coordinator, today)
        for service, title, ahead, weeks, places, complete in COMING:
            session = _session(
                hub_name,
                service,
                title,
                today + dt.timedelta(days=ahead),
                weeks,
                places,
                complete,
                facilitator if index == 0 else None,
            )
            if session is None:
                continue
            made += 1
            if index == 0 and weeks > 1:
                _requests(session, today)
    _deciles()
    return made
