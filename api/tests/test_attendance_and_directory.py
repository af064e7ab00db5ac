"""Hub sessions' registers over the API (attendance:write) for the organisation that runs the
session, marks applied once each as the offline register does; the directory (directory:read)
read from the directory app."""

from __future__ import annotations

import uuid

import pytest

from api.hub_views import NOT_ON_REGISTER
from api.tests.conftest import Api, make_client
from audit.models import AuditEvent
from hubs.models import Attendance, Enrolment
from hubs.tests.conftest import make_family

pytestmark = pytest.mark.django_db


@pytest.fixture
def places(course, family_worker):
    """Two parents with a place on the course; the second family is sealed."""
    rows = []
    for name in ("Amara", "Bea"):
        family = make_family(name, family_worker)
        rows.append(
            Enrolment.objects.create(
                session=course, person=family.parent, family=family, status="enrolled", priority=2
            )
        )
    rows[1].family.is_restricted = True
    rows[1].family.save()
    return rows


@pytest.fixture
def hub_api(admin, early_help_org):
    """The system of the organisation that runs the course."""
    client, key = make_client(admin, early_help_org, scopes=["attendance:write"], name="Hub MIS")
    return client, Api(key)


def _marks(api, meeting, marks, key):
    return api.post(f"/api/v1/meetings/{meeting.pk}/register/", {"marks": marks}, key=key)


def test_the_running_organisation_takes_the_register_once_per_mark(hub_api, course, places):
    client, api = hub_api
    sessions = api.get("/api/v1/sessions/").json()["results"]
    assert [(s["title"], len(s["meetings"])) for s in sessions] == [("Triple P: spring", 3)]
    week1 = course.meetings.order_by("number").first()
    register = api.get(f"/api/v1/meetings/{week1.pk}/register/").json()
    assert [(r["name"], r["mark"]) for r in register["rows"]] == [("Amara Test", "")]

    amara, sealed = places
    first = {"enrolment": amara.pk, "mark": "present", "mark_id": str(uuid.uuid4())}
    answer = _marks(api, week1, [first], "m-1")
    assert answer.json() == {"applied": [first["mark_id"]], "refused": []}
    # The same mark again in another batch (the phone's queue sent twice): applied once.
    assert _marks(api, week1, [first], "m-2").json()["applied"] == [first["mark_id"]]
    later = {"enrolment": amara.pk, "mark": "absent", "mark_id": str(uuid.uuid4())}
    _marks(api, week1, [later], "m-3")
    _marks(api, week1, [first], "m-4")  # the old mark arriving late does not undo the newer
    row = Attendance.objects.get()
    assert (row.mark, row.marked_by_id) == ("absent", client.user_id)
    assert AuditEvent.objects.filter(actor_id=client.user_id, object_type="hubs.attendance")

    unseen = {"enrolment": sealed.pk, "mark": "present", "mark_id": str(uuid.uuid4())}
    refused = _marks(api, week1, [unseen], "m-5").json()
    assert refused["applied"] == []
    assert refused["refused"][0]["detail"] == NOT_ON_REGISTER


def test_another_organisations_system_sees_no_session_and_no_register(
    admin, school_involved, course, places
):
    _, key = make_client(admin, school_involved, scopes=["attendance:write"], name="School MIS")
    api = Api(key)
    week1 = course.meetings.first()
    assert api.get("/api/v1/sessions/").json()["results"] == []
    assert api.get(f"/api/v1/meetings/{week1.pk}/register/").status_code == 404
    mark = {"enrolment": places[0].pk, "mark": "present", "mark_id": str(uuid.uuid4())}
    assert _marks(api, week1, [mark], "x-1").status_code == 404
    assert not Attendance.objects.exists()


def test_the_directory_lists_running_services_with_filters(admin, school_involved, parenting):
    _, key = make_client(admin, school_involved, scopes=["directory:read"], name="School MIS")
    api = Api(key)
    found = api.get("/api/v1/directory/services/?need=parenting").json()["results"]
    assert [s["name"] for s in found] == ["Triple P parenting programme"]
    assert found[0]["id"] == str(parenting.uid)
    assert found[0]["locations"]
    assert api.get("/api/v1/directory/services/?need=karate").json()["results"] == []
    bad = api.get("/api/v1/directory/services/?age=26")
    assert bad.status_code == 422
    assert bad.json()["errors"][0]["field"] == "age"
    assert api.get("/api/v1/directory/services/?colour=red").status_code == 422
    _, other = make_client(admin, school_involved, scopes=["outcomes:read"], name="No directory")
    assert Api(other).get("/api/v1/directory/services/").status_code == 403
