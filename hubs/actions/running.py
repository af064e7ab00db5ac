"""Running sessions: the hub coordinator creates a one-off session or a course (capacity, venue,
facilitator, ages, weekly dates, completion rule), edits it without losing a colleague's change
(the version), and cancels it with every family on it told (their lead by a notice, the family's
chronology, and the coordinator's list of whom to call)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import Q
from django.utils import timezone

import audit
from access.doorway import action, bump, permit
from audit.models import Verb
from directory.models import HubService, Location
from familyhub import errors
from notices.actions import notify
from people.actions import chronicle

from .. import policy
from ..models import (
    Enrolment,
    EnrolmentStatus,
    Meeting,
    SelfReferral,
    SelfReferralStatus,
    Session,
    SessionKind,
)
from .sessions import TAKES_A_PLACE, _leads, _offer_freed_places

STALE = "Someone else changed this session while you were editing it"
MAX_WEEKS = 52
EDITABLE = (
    "title",
    "venue",
    "facilitator",
    "capacity",
    "minimum_age",
    "maximum_age",
    "complete_after",
)


@dataclass
class Schedule:
    first_on: dt.date
    weeks: int
    starts_at: dt.time
    ends_at: dt.time


def _problems(data: dict[str, Any], schedule: Schedule | None) -> dict[str, list[str]]:
    """Every problem with a session's details at once, beside the field it is about."""
    found: dict[str, list[str]] = {}

    def add(name: str, message: str) -> None:
        found.setdefault(name, []).append(message)

    if not (data.get("title") or "").strip():
        add("title", "Enter a name for the session")
    if not data.get("capacity") or data["capacity"] < 1:
        add("capacity", "Enter how many places there are, 1 or more")
    low, high = data.get("minimum_age"), data.get("maximum_age")
    if low is not None and high is not None and low > high:
        add("maximum_age", "The oldest age must be the same as or more than the youngest")
    weeks = schedule.weeks if schedule else None
    course = data.get("kind") == SessionKind.COURSE
    complete = data.get("complete_after")
    if course and not complete:
        add("complete_after", "Say how many sessions a family must attend to complete the course")
    if complete and weeks and complete > weeks:
        add("complete_after", f"A family cannot attend more than the {weeks} sessions")
    if schedule is not None:
        if data.get("kind") == SessionKind.ONE_OFF and schedule.weeks != 1:
            add("weeks", "A one-off session meets once: enter 1")
        if not 1 <= schedule.weeks <= MAX_WEEKS:
            add("weeks", f"Enter a number of weeks from 1 to {MAX_WEEKS}")
        if schedule.first_on < timezone.localdate():
            add("first_on", "The first date must be today or in the future")
        if schedule.ends_at <= schedule.starts_at:
            add("ends_at", "The end time must be after the start time")
    return found


def _check(data: dict[str, Any], schedule: Schedule | None) -> None:
    found = _problems(data, schedule)
    if found:
        raise errors.RuleViolation(next(iter(found.values()))[0], field_errors=found)


def venues_q(service: HubService) -> Q:
    """Where a session of this service may meet: the service's own locations and every site of
    its hub (main site and spokes)."""
    q = Q(services_at__service=service)
    hub = service.hub
    if hub is not None:
        main = hub.main_site_id or hub.pk
        q |= Q(hub_id=main) | Q(hub__main_site_id=main)
    return q


def _check_venue(service: HubService, venue: Location) -> None:
    if not Location.objects.filter(venues_q(service), pk=venue.pk).exists():
        message = "Choose one of the hub's sites or the service's own venues"
        raise errors.RuleViolation(message, field_errors={"venue": [message]})


@action
def session_create(*, by, service: HubService, data: dict[str, Any], schedule: Schedule) -> Session:
    """A new session of a service, with its weekly meetings."""
    permit(policy.can_create_session(by, service))
    _check(data, schedule)
    _check_venue(service, data["venue"])
    fields = {k: data.get(k) for k in EDITABLE}
    fields["title"] = str(fields["title"] or "").strip()
    if data.get("kind") != SessionKind.COURSE:
        fields["complete_after"] = None
    session = Session.objects.create(
        service=service, kind=data["kind"], created_by=by.user, **fields
    )
    for n in range(schedule.weeks):
        Meeting.objects.create(
            session=session,
            number=n + 1,
            on=schedule.first_on + dt.timedelta(weeks=n),
            starts_at=schedule.starts_at,
            ends_at=schedule.ends_at,
        )
    audit.record(
        by,
        Verb.CREATE,
        session,
        changes={
            "title": [None, session.title],
            "capacity": [None, session.capacity],
            "first_on": [None, schedule.first_on.isoformat()],
            "weeks": [None, schedule.weeks],
        },
    )
    return session


def _plain(value: Any) -> Any:
    return str(value) if hasattr(value, "pk") else value


@action
def session_update(
    *, by, session: Session, expected_version: int, data: dict[str, Any]
) -> list[Enrolment]:
    """Change a session's details (a later save over a colleague's is refused: the version).
    More places offer the waiting list's next families at once; fewer than are taken is
    refused."""
    permit(policy.coordinates_session(by, session))
    current = Session.objects.select_for_update().get(pk=session.pk)
    if current.is_cancelled:
        raise errors.RuleViolation("This session has been cancelled: it cannot be changed")
    merged = {"kind": current.kind, **data}
    found = _problems(merged, None)
    weeks = current.meetings.count()
    complete = data.get("complete_after")
    if complete and complete > weeks:
        found.setdefault("complete_after", []).append(
            f"A family cannot attend more than the {weeks} sessions"
        )
    taken = current.enrolments.filter(status__in=TAKES_A_PLACE).count()
    if data.get("capacity") and data["capacity"] < taken:
        found.setdefault("capacity", []).append(
            f"{taken} families already have or are offered a place: "
            f"enter {taken} or more, or withdraw someone first"
        )
    if found:
        raise errors.RuleViolation(next(iter(found.values()))[0], field_errors=found)
    _check_venue(current.service, data["venue"])
    fields = {k: data.get(k) for k in EDITABLE}
    fields["title"] = str(fields["title"] or "").strip()
    changes = {
        k: [_plain(getattr(current, k)), _plain(v)]
        for k, v in fields.items()
        if getattr(current, k) != v
    }
    bump(session, expected_version, STALE, fields)
    audit.record(by, Verb.UPDATE, session, changes=changes)
    if "capacity" in changes and session.capacity > current.capacity:
        return _offer_freed_places(by, session)
    return []


@action
def session_cancel(*, by, session: Session, expected_version: int, reason: str) -> list[Enrolment]:
    """Cancel a session: every family with a place, an offer or on the waiting list is told
    (their lead by a notice, the family's chronology), and the requests still waiting in the
    queue are declined with the reason. Returns the enrolments cancelled (whom to call)."""
    permit(policy.coordinates_session(by, session))
    reason = (reason or "").strip()
    if not reason:
        message = "Say why the session is cancelled: the families are told"
        raise errors.RuleViolation(message, field_errors={"reason": [message]})
    if Session.objects.get(pk=session.pk).is_cancelled:
        raise errors.RuleViolation("This session is already cancelled")
    now = timezone.now()
    bump(session, expected_version, STALE, {"cancelled_at": now, "cancel_reason": reason})
    audit.record(
        by, Verb.UPDATE, session, reason="cancelled", changes={"cancelled": [None, reason]}
    )
    told = list(
        session.enrolments.filter(
            status__in=[*TAKES_A_PLACE, EnrolmentStatus.WAITING]
        ).select_related("person", "family")
    )
    for enrolment in told:
        _tell(by, session, enrolment, reason)
    for referral in SelfReferral.objects.filter(session=session, status=SelfReferralStatus.NEW):
        SelfReferral.objects.filter(pk=referral.pk).update(
            status=SelfReferralStatus.DECLINED,
            reason=f"The session was cancelled: {reason}",
            decided_by=by.user,
            decided_at=now,
            version=referral.version + 1,
        )
        audit.record(by, Verb.UPDATE, referral, reason="session cancelled")
    if session.facilitator is not None and session.facilitator.user_id:
        notify(
            recipient=session.facilitator.user,
            subject=f"{session.title} is cancelled",
            link=f"/sessions/{session.pk}/",
            kind="session_cancelled",
        )
    return told


def _tell(by, session: Session, enrolment: Enrolment, reason: str) -> None:
    before = enrolment.status
    Enrolment.objects.filter(pk=enrolment.pk).update(status=EnrolmentStatus.CANCELLED)
    audit.record(
        by,
        Verb.UPDATE,
        enrolment,
        family=enrolment.family,
        reason="session cancelled",
        changes={"status": [before, EnrolmentStatus.CANCELLED.value]},
    )
    chronicle(
        by=by,
        family=enrolment.family,
        person=enrolment.person,
        kind="session",
        summary=f"{session.title} is cancelled: {enrolment.person.given_name} no longer has "
        "a place or a place in the queue",
        detail=reason,
        significant=True,
    )
    for lead in _leads(enrolment.family):
        notify(
            recipient=lead,
            subject=f"{session.title} is cancelled: please tell {enrolment.person.given_name}",
            link=f"/families/{enrolment.family_id}/chronology/",
            kind="session_cancelled",
            family=enrolment.family,
        )
