"""Sending concerns and reading what became of them, through the front door's own actions."""

from __future__ import annotations

import pytest

from api.tests.conftest import concern_body
from audit.models import AuditEvent
from frontdoor.models import Concern, ConcernStatus, Contact

pytestmark = pytest.mark.django_db


def test_a_concern_sent_by_a_school_system_reaches_the_front_door(
    school_api, school_client, smith_family
):
    response = school_api.post("/api/v1/concerns/", concern_body(smith_family))
    assert response.status_code == 201, response.content
    body = response.json()
    concern = Concern.objects.get(reference=body["reference"])
    assert concern.status == ConcernStatus.SENT
    assert concern.raised_by == school_client[0].user
    assert concern.raised_by_organisation == school_client[0].organisation
    assert concern.family == smith_family
    # Jaden was matched to the register (the family's member), not kept as typed.
    assert [p.person_id for p in concern.people.all()] == [smith_family.jaden.pk]
    contact = Contact.objects.get(concern=concern)
    assert contact.referrer_organisation == school_client[0].organisation
    assert body["outcome"]["status"] == "Received by the front door"
    assert response.headers["Location"] == f"/api/v1/concerns/{concern.reference}/"


def test_a_concern_about_a_family_not_known_keeps_the_people_as_typed(school_api):
    body = {
        "people": [{"given_name": "Ola", "family_name": "Nowak", "date_of_birth": "2015-01-02"}],
        "worries": "Synthetic worry",
        "immediate_risk": True,
        "wants": "referral",
        "consent": "not_sought",
        "consent_reason": "Telling the parent could put the child at risk",
    }
    response = school_api.post("/api/v1/concerns/", body)
    assert response.status_code == 201, response.content
    concern = Concern.objects.get(reference=response.json()["reference"])
    assert concern.family is None
    assert [(p.given_name, p.person_id) for p in concern.people.all()] == [("Ola", None)]
    assert Contact.objects.get(concern=concern).urgent


def test_each_call_and_what_it_changed_is_audited_with_the_client_and_its_organisation(
    school_api, school_client, smith_family
):
    school_api.post("/api/v1/concerns/", concern_body(smith_family))
    client = school_client[0]
    events = AuditEvent.objects.filter(actor_id=client.user_id)
    assert {e.actor_label for e in events} == {"Demo MIS (API client)"}
    assert {e.actor_organisation for e in events} == {client.organisation.name}
    calls = [e.changes for e in events if "api_call" in e.changes]
    assert calls == [{"api_call": "POST /api/v1/concerns/", "status": 201, "client": client.pk}]
    assert events.filter(object_type="frontdoor.concern", verb="create").exists()


def test_a_family_the_organisation_does_not_work_with_is_not_found(
    school_api, other_family, smith_family
):
    hidden = school_api.post("/api/v1/concerns/", concern_body(other_family))
    missing = school_api.post(
        "/api/v1/concerns/", concern_body(smith_family, family_reference="NO-SUCH"), key="k-2"
    )
    assert hidden.status_code == missing.status_code == 404
    assert hidden.json() == missing.json()
    assert hidden.headers["Content-Type"] == "application/problem+json"
    assert not Concern.objects.exists()


def test_field_problems_come_back_as_problem_details_and_nothing_is_saved(school_api, smith_family):
    response = school_api.post(
        "/api/v1/concerns/", concern_body(smith_family, worries="", wants="consultation")
    )
    assert response.status_code == 422
    problem = response.json()
    assert problem["type"] == "/api/v1/problems/rule-violation"
    assert {e["field"] for e in problem["errors"]} == {"worries", "wants"}
    assert not Concern.objects.exists()


def test_a_retry_with_the_same_idempotency_key_makes_no_second_concern(school_api, smith_family):
    first = school_api.post("/api/v1/concerns/", concern_body(smith_family), key="retry-1")
    again = school_api.post("/api/v1/concerns/", concern_body(smith_family), key="retry-1")
    assert first.status_code == again.status_code == 201
    assert again.json() == first.json()
    assert again.headers["Idempotent-Replayed"] == "true"
    assert Concern.objects.count() == 1


def test_the_same_key_for_a_different_request_or_no_key_is_refused(school_api, smith_family):
    school_api.post("/api/v1/concerns/", concern_body(smith_family), key="once")
    reused = school_api.post(
        "/api/v1/concerns/", concern_body(smith_family, worries="Other"), key="once"
    )
    missing = school_api.post("/api/v1/concerns/", concern_body(smith_family), key="")
    for response in (reused, missing):
        assert response.status_code == 422
        assert response.json()["type"] == "/api/v1/problems/idempotency-key"
    assert Concern.objects.count() == 1


def test_a_client_reads_the_status_of_its_own_concerns_only(school_api, police_api, smith_family):
    sent = school_api.post("/api/v1/concerns/", concern_body(smith_family)).json()
    listed = school_api.get("/api/v1/concerns/").json()
    assert [c["reference"] for c in listed["results"]] == [sent["reference"]]
    assert police_api.get("/api/v1/concerns/").json()["results"] == []
    assert police_api.get(f"/api/v1/concerns/{sent['reference']}/").status_code == 404
    one = school_api.get(f"/api/v1/concerns/{sent['reference']}/")
    assert one.status_code == 200
    assert one.json()["outcome"]["status"] == "Received by the front door"


def test_etag_lets_a_client_ask_whether_a_concern_changed(school_api, smith_family):
    sent = school_api.post("/api/v1/concerns/", concern_body(smith_family)).json()
    path = f"/api/v1/concerns/{sent['reference']}/"
    first = school_api.get(path)
    etag = first.headers["ETag"]
    assert school_api.get(path, **{"If-None-Match": etag}).status_code == 304
    Concern.objects.filter(reference=sent["reference"]).update(version=99)
    changed = school_api.get(path, **{"If-None-Match": etag})
    assert changed.status_code == 200
    assert changed.headers["ETag"] != etag


def test_the_list_is_paginated_by_cursor(school_api, smith_family):
    for i in range(3):
        school_api.post(
            "/api/v1/concerns/", concern_body(smith_family, worries=f"W{i}"), key=f"k{i}"
        )
    page = school_api.get("/api/v1/concerns/?page_size=2").json()
    assert len(page["results"]) == 2
    assert page["next"]
    rest = school_api.get(page["next"].replace("http://testserver", "")).json()
    assert len(rest["results"]) == 1
    assert rest["next"] is None
    seen = {c["reference"] for c in page["results"] + rest["results"]}
    assert len(seen) == 3
