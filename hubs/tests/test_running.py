"""Creating sessions: a one-off session or a course with its weekly meetings, capacity, venue
(a directory location of the hub), facilitator, ages and completion rule; edits with no lost
update (the version); more places offer the waiting list's next; cancelling tells every family
on it (chronology, their lead's notice) and declines the requests still in the queue."""

import datetime as dt

import pytest
from django.utils import timezone

from audit.models import AuditEvent
from conftest import client_for
from hubs import actions
from hubs.models import Enrolment, SelfReferral, Session
from notices.models import Notice
from people.models import ChronologyEntry

from .conftest import make_family

pytestmark = pytest.mark.django_db


def _new(parenting, **changes):
    first = timezone.localdate() + dt.timedelta(days=3)
    venue = parenting.at_locations.get().location
    return {
        "service": str(parenting.uid),
        "title": "Triple P: winter",
        "kind": "course",
        "venue": venue.pk,
        "capacity": "8",
        "minimum_age": "2",
        "maximum_age": "12",
        "first_on_0": str(first.day),
        "first_on_1": str(first.month),
        "first_on_2": str(first.year),
        "weeks": "10",
        "starts_at": "10:00",
        "ends_at": "12:00",
        "complete_after": "8",
        **changes,
    }


def test_the_coordinator_creates_a_ten_week_course(client, coordinator, parenting, family_worker):
    c = client_for(client, coordinator)
    assert parenting.name in c.get("/sessions/new/").content.decode()
    response = c.post("/sessions/new/", _new(parenting, facilitator=family_worker.pk))
    assert response.status_code == 302
    session = Session.objects.get()
    assert (session.capacity, session.complete_after, session.facilitator) == (
        8,
        8,
        family_worker,
    )
    days = list(session.meetings.values_list("on", flat=True))
    assert len(days) == 10
    assert days[1] - days[0] == dt.timedelta(weeks=1)
    assert AuditEvent.objects.filter(object_type__icontains="session", verb="create").exists()


def test_bad_details_are_each_explained_and_kept(client, coordinator, parenting):
    c = client_for(client, coordinator)
    response = c.post(
        "/sessions/new/",
        _new(parenting, complete_after="", minimum_age="9", maximum_age="4", ends_at="09:00"),
    )
    html = response.content.decode()
    assert "Say how many sessions a family must attend" in html
    assert "The oldest age must be the same as or more than the youngest" in html
    assert "The end time must be after the start time" in html
    assert 'value="Triple P: winter"' in html
    one_off = c.post("/sessions/new/", _new(parenting, kind="one_off", weeks="3"))
    assert "A one-off session meets once: enter 1" in one_off.content.decode()
    assert not Session.objects.exists()


def test_only_a_coordinator_of_the_hub_creates_or_changes_sessions(
    client, family_worker, parenting, future_course
):
    c = client_for(client, family_worker)
    assert c.get("/sessions/new/").status_code == 404
    assert c.get(f"/sessions/{future_course.pk}/edit/").status_code == 404
    assert c.get(f"/sessions/{future_course.pk}/cancel/").status_code == 404


def _edit(course, **changes):
    return {
        "version": course.version,
        "title": course.title,
        "venue": course.venue_id,
        "capacity": str(course.capacity),
        "complete_after": "3",
        **changes,
    }


def test_an_edit_over_a_colleagues_save_is_refused_and_both_are_shown(
    client, coordinator, future_course
):
    c = client_for(client, coordinator)
    form = _edit(future_course, title="Triple P: January")
    actions.session_update(
        by=coordinator.user,
        session=future_course,
        expected_version=1,
        data={
            "title": "Triple P: new year",
            "venue": future_course.venue,
            "capacity": 1,
            "complete_after": 3,
        },
    )
    stale = c.post(f"/sessions/{future_course.pk}/edit/", form)
    html = stale.content.decode()
    assert "Someone else changed this session" in html
    assert "Triple P: new year" in html
    assert 'value="Triple P: January"' in html
    again = c.post(f"/sessions/{future_course.pk}/edit/", {**form, "version": 2})
    assert again.status_code == 302
    future_course.refresh_from_db()
    assert (future_course.title, future_course.version) == ("Triple P: January", 3)


def test_more_places_offer_the_next_in_line_and_fewer_than_taken_is_refused(
    coordinator, future_course, family_worker
):
    a, b = make_family("Amy", family_worker), make_family("Bea", family_worker)
    for f in (a, b):
        actions.enrol(by=family_worker.user, session=future_course, family=f, person=f.parent)
    data = {
        "title": future_course.title,
        "venue": future_course.venue,
        "capacity": 2,
        "complete_after": 3,
    }
    offered = actions.session_update(
        by=coordinator.user, session=future_course, expected_version=1, data=data
    )
    assert [e.family for e in offered] == [b]
    with pytest.raises(Exception, match="2 families already have or are offered a place"):
        actions.session_update(
            by=coordinator.user,
            session=future_course,
            expected_version=2,
            data={**data, "capacity": 1},
        )


def test_cancelling_tells_every_family_and_declines_the_queue(
    client, coordinator, future_course, family_worker
):
    placed = make_family("Amy", family_worker, lead=True)
    waiting = make_family("Bea", family_worker)
    for f in (placed, waiting):
        actions.enrol(by=family_worker.user, session=future_course, family=f, person=f.parent)
    SelfReferral.objects.create(session=future_course, parent_name="Cal", consent_text="x")
    c = client_for(client, coordinator)
    missing = c.post(f"/sessions/{future_course.pk}/cancel/", {"version": 1, "reason": ""})
    assert "Say why the session is cancelled" in missing.content.decode()
    done = c.post(
        f"/sessions/{future_course.pk}/cancel/", {"version": 1, "reason": "The venue flooded"}
    )
    html = done.content.decode()
    assert "is cancelled" in html
    assert "Amy Test" in html
    assert "Bea Test" in html
    assert set(Enrolment.objects.values_list("status", flat=True)) == {"cancelled"}
    for f in (placed, waiting):
        entry = ChronologyEntry.objects.get(family=f, summary__contains="is cancelled")
        assert entry.detail == "The venue flooded"
    assert Notice.objects.filter(recipient=family_worker.user, kind="session_cancelled").exists()
    assert SelfReferral.objects.get().status == "declined"
    assert c.get(f"/hubs/sessions/{future_course.pk}/ask/").status_code == 404
    with pytest.raises(Exception, match="cancelled"):
        actions.enrol(
            by=family_worker.user, session=future_course, family=placed, person=placed.parent
        )
