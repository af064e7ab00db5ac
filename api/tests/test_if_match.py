"""No lost updates over the API: every change (PATCH, DELETE) needs If-Match with the ETag the
client last read; without it 428, with a stale one 412, as problem details."""

from __future__ import annotations

import pytest

from api.models import WebhookSubscription
from api.tests.conftest import Api, make_client

pytestmark = pytest.mark.django_db
HOOK = {"url": "https://mis.example.test/hooks", "events": ["concern.outcome_decided"]}


def _problem(response, status, slug):
    assert response.status_code == status, response.content
    assert response.headers["Content-Type"] == "application/problem+json"
    assert response.json()["type"] == f"/api/v1/problems/{slug}"


def _patch(api, path, body, **headers):
    return api.http.patch(
        path, body, content_type="application/json", headers=api._headers(headers)
    )


def test_a_change_needs_the_current_etag(school_api):
    made = school_api.post("/api/v1/webhooks/", HOOK)
    assert made.status_code == 201, made.content
    path = made.headers["Location"]
    read = school_api.get(path)
    etag = read.headers["ETag"]
    assert school_api.get(path, **{"If-None-Match": etag}).status_code == 304

    _problem(_patch(school_api, path, {"description": "No If-Match"}), 428, "precondition-required")
    _problem(
        _patch(school_api, path, {"description": "Any"}, **{"If-Match": "*"}),
        428,
        "precondition-required",
    )
    both = ["concern.outcome_decided", "family.lead_practitioner_changed"]
    first = _patch(school_api, path, {"events": both}, **{"If-Match": etag})
    assert first.status_code == 200, first.content
    assert first.json()["events"] == both
    assert first.headers["ETag"] != etag

    # A second writer who read before the first change does not overwrite it.
    lost = _patch(school_api, path, {"events": HOOK["events"]}, **{"If-Match": etag})
    _problem(lost, 412, "precondition-failed")
    assert WebhookSubscription.objects.get().events == both
    gone = school_api.http.delete(path, headers=school_api._headers({"If-Match": etag}))
    _problem(gone, 412, "precondition-failed")
    ended = school_api.http.delete(
        path, headers=school_api._headers({"If-Match": first.headers["ETag"]})
    )
    assert ended.status_code == 204
    assert school_api.get(path).status_code == 404
    assert school_api.get("/api/v1/webhooks/").json()["results"] == []


def test_an_event_needs_its_scope_and_the_endpoint_must_be_https(admin, school_involved, settings):
    _, key = make_client(admin, school_involved, scopes=["outcomes:read"], name="Outcomes only")
    api = Api(key)
    lead = {**HOOK, "events": ["family.lead_practitioner_changed"]}
    refused = api.post("/api/v1/webhooks/", lead)
    _problem(refused, 422, "rule-violation")
    assert refused.json()["errors"][0]["field"] == "events"
    assert "directory:read" in refused.json()["errors"][0]["detail"]
    settings.FAMILYHUB_WEBHOOKS_ALLOW_HTTP = False  # as in production
    for url in ("http://mis.example.test/hooks", "https://127.0.0.1/h", "https://localhost/h"):
        answer = api.post("/api/v1/webhooks/", {**HOOK, "url": url}, key=url)
        _problem(answer, 422, "rule-violation")
        assert answer.json()["errors"][0]["field"] == "url"
    assert api.post("/api/v1/webhooks/", HOOK, key="ok").status_code == 201


def test_a_subscription_is_its_clients_own(school_api, police_api):
    path = school_api.post("/api/v1/webhooks/", HOOK).headers["Location"]
    etag = school_api.get(path).headers["ETag"]
    assert police_api.get(path).status_code == 404
    assert _patch(police_api, path, {"description": "x"}, **{"If-Match": etag}).status_code == 404
    assert police_api.get("/api/v1/webhooks/").json()["results"] == []
    assert police_api.get("/api/v1/webhooks/not-a-number/").status_code == 404
