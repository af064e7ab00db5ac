"""Sessions: enrolment with a waiting list in priority order, the freed place offered
automatically with a time limit to accept, and registers (one mark per person per meeting,
sent again from a phone that was offline without being counted twice).

Non-attendance of a family on a plan reaches its lead worker (a notice); every mark of a family
on a plan lands in the chronology, and attendance moves the plan action on (in progress, then
done when the course's completion rule is met)."""

from __future__ import annotations

import datetime as dt
import uuid

from django.utils import timezone

import audit
import rules
from access.doorway import action, permit
from audit.models import Verb
from casework.models import ActionStatus, FamilyPlan, LeadArrangement, PlanAction
from familyhub import errors
from notices.actions import notify
from people.actions import chronicle
from people.models import Family, Person

from .. import policy
from ..models import (
    Attendance,
    Enrolment,
    EnrolmentStatus,
    Mark,
    MarkReceipt,
    Meeting,
    Priority,
    Session,
)

TAKES_A_PLACE = (EnrolmentStatus.ENROLLED, EnrolmentStatus.OFFERED)
ACTIVE = (*TAKES_A_PLACE, EnrolmentStatus.WAITING, EnrolmentStatus.COMPLETED)
NOT_A_MEMBER = "Choose someone in this family"
ALREADY = "{name} is already on this session"
OUTSIDE_AGES = "This session is for ages {ages}: {name} is {age}"
NOT_OFFERED = "There is no offer to answer"
NOT_ON_REGISTER = "This person has no place on this session"
CANCELLED = "This session has been cancelled"


def _offer_hours() -> int:
    return rules.current("hub_sessions").offer_hours


def _age(person: Person, on: dt.date) -> int | None:
    born = person.date_of_birth
    if born is None:
        return None
    return on.year - born.year - ((on.month, on.day) < (born.month, born.day))


def _check_age(session: Session, person: Person, role: str) -> None:
    if role != "child" or (session.minimum_age is None and session.maximum_age is None):
        return
    age = _age(person, timezone.localdate())
    low, high = session.minimum_age or 0, session.maximum_age
    if age is not None and (age < low or (high is not None and age > high)):
        ages = f"{low} to {high}" if high is not None else f"{low} and over"
        message = OUTSIDE_AGES.format(ages=ages, name=person.given_name, age=age)
        raise errors.RuleViolation(message, field_errors={"person": [message]})


def _on_plan(family: Family) -> bool:
    return FamilyPlan.objects.filter(family=family, ended_on__isnull=True).exists()


def _leads(family: Family):
    return [
        arrangement.lead.user
        for arrangement in LeadArrangement.objects.filter(
            family=family, ended_on__isnull=True
        ).select_related("lead__user")
    ]


@action
def enrol(
    *,
    by,
    session: Session,
    family: Family,
    person: Person,
    plan_action: PlanAction | None = None,
    self_referral: bool = False,
) -> Enrolment:
    """A place if there is one, otherwise the waiting list (a lead worker's referral of a family
    on a plan goes first; a family's own request from the public page after practitioners')."""
    permit(policy.can_enrol(by, family))
    session = Session.objects.select_for_update().get(pk=session.pk)
    if session.is_cancelled:
        raise errors.RuleViolation(CANCELLED)
    membership = family.memberships.filter(person=person, left_on__isnull=True).first()
    if membership is None:
        raise errors.RuleViolation(NOT_A_MEMBER, field_errors={"person": [NOT_A_MEMBER]})
    if session.enrolments.filter(person=person, status__in=ACTIVE).exists():
        message = ALREADY.format(name=person.given_name)
        raise errors.RuleViolation(message, field_errors={"person": [message]})
    _check_age(session, person, membership.role)
    if plan_action is not None and plan_action.plan.family_id != family.pk:
        plan_action = None
    lead = policy.is_lead(by, family) and _on_plan(family)
    taken = session.enrolments.filter(status__in=TAKES_A_PLACE).count()
    enrolment = Enrolment.objects.create(
        session=session,
        person=person,
        family=family,
        plan_action=plan_action,
        status=EnrolmentStatus.ENROLLED if taken < session.capacity else EnrolmentStatus.WAITING,
        priority=Priority.SELF_REFERRAL
        if self_referral
        else (Priority.LEAD_REFERRAL if lead else Priority.PRACTITIONER),
        enrolled_by=by.user,
    )
    audit.record(by, Verb.CREATE, enrolment, family=family)
    placed = enrolment.status == EnrolmentStatus.ENROLLED
    where = "has a place on" if placed else "is on the waiting list for"
    chronicle(
        by=by,
        family=family,
        person=person,
        kind="session",
        summary=f"{person.given_name} {where} {session.title}"
        + (" (the family asked from the hub's page)" if self_referral else ""),
    )
    return enrolment


def _offer_freed_places(by, session: Session) -> list[Enrolment]:
    """Lapse offers past their time, then offer each free place to the next on the waiting
    list (priority, then first come)."""
    now = timezone.now()
    for lapsed in session.enrolments.filter(
        status=EnrolmentStatus.OFFERED, offer_expires_at__lte=now
    ).select_related("person", "family"):
        Enrolment.objects.filter(pk=lapsed.pk).update(status=EnrolmentStatus.OFFER_LAPSED)
        audit.record(by, Verb.UPDATE, lapsed, family=lapsed.family, reason="offer lapsed")
        chronicle(
            by=by,
            family=lapsed.family,
            person=lapsed.person,
            kind="session",
            summary=f"The offer of a place on {session.title} lapsed",
        )
    free = session.capacity - session.enrolments.filter(status__in=TAKES_A_PLACE).count()
    offered = []
    expires = now + dt.timedelta(hours=_offer_hours())
    waiting = session.enrolments.filter(status=EnrolmentStatus.WAITING).order_by(
        "priority", "requested_at", "pk"
    )
    for enrolment in waiting.select_related("person", "family")[: max(free, 0)]:
        Enrolment.objects.filter(pk=enrolment.pk).update(
            status=EnrolmentStatus.OFFERED, offered_at=now, offer_expires_at=expires
        )
        enrolment.refresh_from_db()
        audit.record(by, Verb.UPDATE, enrolment, family=enrolment.family, reason="place offered")
        when = timezone.localtime(expires)
        chronicle(
            by=by,
            family=enrolment.family,
            person=enrolment.person,
            kind="session",
            summary=f"{enrolment.person.given_name} offered a place on {session.title}, "
            f"to accept by {when:%-d %B %Y, %H:%M}",
            significant=True,
        )
        for lead in _leads(enrolment.family):
            notify(
                recipient=lead,
                subject=f"A place on {session.title} is offered: accept by {when:%-d %B, %H:%M}",
                link=f"/sessions/{session.pk}/",
                kind="session_offer",
                family=enrolment.family,
            )
        offered.append(enrolment)
    return offered


@action
def withdraw(*, by, enrolment: Enrolment) -> list[Enrolment]:
    """Leave the session or its waiting list; a freed place is offered at once."""
    permit(policy.can_manage_enrolment(by, enrolment))
    session = Session.objects.select_for_update().get(pk=enrolment.session_id)
    if enrolment.status not in ACTIVE:
        return []
    Enrolment.objects.filter(pk=enrolment.pk).update(status=EnrolmentStatus.WITHDRAWN)
    audit.record(by, Verb.UPDATE, enrolment, family=enrolment.family, reason="withdrawn")
    chronicle(
        by=by,
        family=enrolment.family,
        person=enrolment.person,
        kind="session",
        summary=f"{enrolment.person.given_name} withdrawn from {session.title}",
    )
    return _offer_freed_places(by, session)


@action
def offer_answer(*, by, enrolment: Enrolment, accept: bool) -> Enrolment:
    """Take up or turn down an offered place (a turned-down place is offered on). An answer
    after the time limit finds the offer lapsed (status offer_lapsed), the place passed on."""
    permit(policy.can_manage_enrolment(by, enrolment))
    session = Session.objects.select_for_update().get(pk=enrolment.session_id)
    enrolment.refresh_from_db()
    if enrolment.status != EnrolmentStatus.OFFERED:
        raise errors.RuleViolation(NOT_OFFERED)
    if enrolment.offer_expires_at and enrolment.offer_expires_at <= timezone.now():
        # too late: the offer lapses and the place goes to the next in line (the caller sees
        # the status: offer_lapsed)
        _offer_freed_places(by, session)
        enrolment.refresh_from_db()
        return enrolment
    status = EnrolmentStatus.ENROLLED if accept else EnrolmentStatus.WITHDRAWN
    Enrolment.objects.filter(pk=enrolment.pk).update(status=status)
    enrolment.refresh_from_db()
    audit.record(
        by,
        Verb.UPDATE,
        enrolment,
        family=enrolment.family,
        reason="offer accepted" if accept else "offer declined",
    )
    chronicle(
        by=by,
        family=enrolment.family,
        person=enrolment.person,
        kind="session",
        summary=f"{enrolment.person.given_name} "
        f"{'took up' if accept else 'turned down'} the place on {session.title}",
    )
    if not accept:
        _offer_freed_places(by, session)
    return enrolment


@action
def lapse_offers(*, by) -> int:
    """The daily sweep: offers past their time lapse and the places go to the next in line."""
    permit(policy.can_sweep(by))
    offered = 0
    sessions = Session.objects.filter(
        enrolments__status=EnrolmentStatus.OFFERED,
        enrolments__offer_expires_at__lte=timezone.now(),
    ).distinct()
    for session in sessions:
        offered += len(_offer_freed_places(by, session))
    return offered


def _attendance_lands(by, enrolment: Enrolment, meeting: Meeting, mark: str) -> None:
    """On the plan: the mark in the chronology; the lead told of a missed session; the plan
    action in progress, then done when the course is completed."""
    family, session = enrolment.family, meeting.session
    if not _on_plan(family) and enrolment.plan_action_id is None:
        return
    present = mark == Mark.PRESENT
    what = f"{session.title}, week {meeting.number} ({meeting.on:%-d %B})"
    chronicle(
        by=by,
        family=family,
        person=enrolment.person,
        kind="attendance",
        summary=f"{enrolment.person.given_name} {'attended' if present else 'did not attend'} "
        f"{what}",
        significant=not present,
        occurred_at=timezone.now(),
    )
    if not present:
        for lead in _leads(family):
            notify(
                recipient=lead,
                subject=f"{enrolment.person.given_name} did not attend {what}",
                link=f"/families/{family.pk}/chronology/",
                kind="non_attendance",
                family=family,
            )
    action_row = enrolment.plan_action
    if action_row is None:
        return
    attended = enrolment.attendance.filter(mark=Mark.PRESENT).count()
    done = session.complete_after is not None and attended >= session.complete_after
    status = ActionStatus.DONE if done else ActionStatus.IN_PROGRESS
    if present and action_row.status != status:
        PlanAction.objects.filter(pk=action_row.pk).update(status=status)
    if done and enrolment.status == EnrolmentStatus.ENROLLED:
        Enrolment.objects.filter(pk=enrolment.pk).update(status=EnrolmentStatus.COMPLETED)


@action
def mark_attendance(
    *, by, meeting: Meeting, enrolment: Enrolment, mark: str, client_id: uuid.UUID | None = None
) -> Attendance:
    """One tap on the register. A tap sent again (same client id) changes nothing; a new tap
    for the same person and meeting corrects the last one."""
    permit(policy.can_take_register(by, meeting.session))
    if client_id is not None:
        seen = MarkReceipt.objects.filter(client_id=client_id).select_related("attendance")
        if seen.exists():
            return seen.get().attendance
    if mark not in Mark.values:
        raise errors.RuleViolation("Mark present or absent")
    if enrolment.session_id != meeting.session_id or enrolment.status not in (
        EnrolmentStatus.ENROLLED,
        EnrolmentStatus.COMPLETED,
    ):
        raise errors.RuleViolation(NOT_ON_REGISTER)
    row = Attendance.objects.filter(meeting=meeting, enrolment=enrolment).first()
    changed = row is None or row.mark != mark
    if row is None:
        row = Attendance.objects.create(
            meeting=meeting, enrolment=enrolment, mark=mark, marked_by=by.user
        )
        audit.record(by, Verb.CREATE, row, family=enrolment.family)
    elif changed:
        before = row.mark
        Attendance.objects.filter(pk=row.pk).update(
            mark=mark, marked_by=by.user, marked_at=timezone.now()
        )
        row.refresh_from_db()
        audit.record(
            by, Verb.UPDATE, row, family=enrolment.family, changes={"mark": [before, mark]}
        )
    if client_id is not None:
        MarkReceipt.objects.create(client_id=client_id, attendance=row)
    if changed:
        _attendance_lands(by, enrolment, meeting, mark)
    return row
