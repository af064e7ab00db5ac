"""Sessions: places then a waiting list in priority order (a lead worker's referral of a family
on a plan first), a freed place offered automatically with a time limit, registers whose marks
sent twice count once, non-attendance reaching the lead, attendance on the plan."""

import datetime as dt
import uuid

import pytest
from django.utils import timezone

from casework.models import PlanAction
from familyhub import errors
from hubs import actions
from hubs.models import Attendance, Enrolment
from notices.models import Notice
from people.models import ChronologyEntry

from .conftest import make_family

pytestmark = pytest.mark.django_db


def _enrol(by, course, family, **kw):
    return actions.enrol(by=by.user, session=course, family=family, person=family.parent, **kw)


@pytest.fixture
def families(family_worker, colleague):
    return {
        "a": make_family("Amy", family_worker),
        "b": make_family("Bea", family_worker),
        "c": make_family("Cal", colleague),  # referred by a practitioner, first in the queue
        "d": make_family("Dee", family_worker, lead=True, plan=True),  # lead referral, later
    }


def test_waiting_list_order_and_the_automatic_offer(course, families, family_worker, colleague):
    a = _enrol(family_worker, course, families["a"])
    b = _enrol(family_worker, course, families["b"])
    c = _enrol(colleague, course, families["c"])
    d = _enrol(family_worker, course, families["d"])
    assert [e.status for e in (a, b, c, d)] == ["enrolled", "enrolled", "waiting", "waiting"]
    assert (c.priority, d.priority) == (2, 1)

    before = timezone.now()
    offered = actions.withdraw(by=family_worker.user, enrolment=a)
    assert [e.pk for e in offered] == [d.pk]  # the lead's referral for a family on a plan first
    d.refresh_from_db()
    assert d.status == "offered"
    assert d.offer_expires_at - before >= dt.timedelta(hours=48)
    assert d.offer_expires_at - timezone.now() <= dt.timedelta(hours=48)
    assert Notice.objects.filter(recipient=family_worker.user, kind="session_offer").exists()
    with pytest.raises(errors.RuleViolation):
        _enrol(family_worker, course, families["d"])  # already on it

    actions.offer_answer(by=family_worker.user, enrolment=d, accept=False)
    c.refresh_from_db()
    assert c.status == "offered"  # next in line
    actions.offer_answer(by=colleague.user, enrolment=c, accept=True)
    c.refresh_from_db()
    assert c.status == "enrolled"
    assert Enrolment.objects.filter(session=course, status__in=["enrolled", "offered"]).count() == 2


def test_an_offer_not_taken_up_in_time_passes_on(course, families, family_worker, colleague):
    a = _enrol(family_worker, course, families["a"])
    _enrol(family_worker, course, families["b"])
    c = _enrol(colleague, course, families["c"])
    d = _enrol(family_worker, course, families["d"])
    actions.withdraw(by=family_worker.user, enrolment=a)
    Enrolment.objects.filter(pk=d.pk).update(offer_expires_at=timezone.now() - dt.timedelta(1))
    answered = actions.offer_answer(by=family_worker.user, enrolment=d, accept=True)
    assert answered.status == "offer_lapsed"
    d.refresh_from_db()
    c.refresh_from_db()
    assert (d.status, c.status) == ("offer_lapsed", "offered")
    Enrolment.objects.filter(pk=c.pk).update(offer_expires_at=timezone.now() - dt.timedelta(1))
    assert actions.lapse_offers(by="hub offers") == 0  # nobody left waiting
    c.refresh_from_db()
    assert c.status == "offer_lapsed"


def test_a_mark_sent_twice_counts_once_and_an_old_one_never_undoes_a_new_one(
    course, families, family_worker, coordinator
):
    e = _enrol(family_worker, course, families["a"])
    week1 = course.meetings.get(number=1)
    first, second = uuid.uuid4(), uuid.uuid4()
    mark = actions.mark_attendance
    mark(by=coordinator.user, meeting=week1, enrolment=e, mark="present", client_id=first)
    mark(by=coordinator.user, meeting=week1, enrolment=e, mark="present", client_id=first)
    mark(by=coordinator.user, meeting=week1, enrolment=e, mark="absent", client_id=second)
    mark(by=coordinator.user, meeting=week1, enrolment=e, mark="present", client_id=first)
    (row,) = Attendance.objects.all()
    assert row.mark == "absent"
    assert row.receipts.count() == 2
    with pytest.raises(errors.NotPermitted):  # not the facilitator or the coordinator
        mark(by=family_worker.user, meeting=week1, enrolment=e, mark="present")


def test_attendance_lands_on_the_plan_and_non_attendance_reaches_the_lead(
    course, families, family_worker, coordinator
):
    family = families["d"]
    plan_action = PlanAction.objects.create(
        plan=family.plans.get(),
        text="Join Triple P",
        service=course.service,
        created_by=family_worker.user,
    )
    e = _enrol(family_worker, course, family, plan_action=plan_action)
    weeks = list(course.meetings.order_by("number"))
    actions.mark_attendance(by=coordinator.user, meeting=weeks[0], enrolment=e, mark="present")
    plan_action.refresh_from_db()
    assert plan_action.status == "in_progress"
    actions.mark_attendance(by=coordinator.user, meeting=weeks[1], enrolment=e, mark="absent")
    notice = Notice.objects.get(recipient=family_worker.user, kind="non_attendance")
    assert notice.subject == "Dee did not attend Triple P: spring, week 2 (10 March)"
    actions.mark_attendance(by=coordinator.user, meeting=weeks[2], enrolment=e, mark="present")
    plan_action.refresh_from_db()
    e.refresh_from_db()
    assert (plan_action.status, e.status) == ("done", "completed")
    summaries = list(
        ChronologyEntry.objects.filter(family=family, kind="attendance")
        .order_by("pk")
        .values_list("summary", flat=True)
    )
    assert summaries == [
        "Dee attended Triple P: spring, week 1 (3 March)",
        "Dee did not attend Triple P: spring, week 2 (10 March)",
        "Dee attended Triple P: spring, week 3 (17 March)",
    ]
