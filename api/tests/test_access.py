"""Keys, scopes, revocation, expiry and the rate limit: each refusal is problem details."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.conf import settings
from django.test import override_settings
from django.utils import timezone

from api import actions
from api.scopes import Scope
from api.tests.conftest import Api, concern_body, make_client
from audit.models import AuditEvent, Verb

pytestmark = pytest.mark.django_db

# Each endpoint, the scope it needs, and a request that is valid apart from that.
ENDPOINTS = [
    ("GET", "/api/v1/concerns/", Scope.OUTCOMES_READ),
    ("POST", "/api/v1/concerns/", Scope.CONCERNS_WRITE),
    ("GET", "/api/v1/families/{family}/contacts/", Scope.DIRECTORY_READ),
    ("POST", "/api/v1/notifications/", Scope.NOTIFICATIONS_WRITE),
]


def _call(api, method, path, family):
    path = path.format(family=family.reference)
    if method == "GET":
        return api.get(path)
    if "notifications" in path:
        body = {
            "kind": "attendance",
            "child": {"nhs_number": family.jaden.nhs_number},
            "attendance_percent": 97,
            "period_end": "2026-11-27",
        }
    else:
        body = concern_body(family)
    return api.post(path, body)


def _is_problem(response, status, slug):
    assert response.status_code == status, response.content
    assert response.headers["Content-Type"] == "application/problem+json"
    assert response.json()["type"] == f"/api/v1/problems/{slug}"


@pytest.mark.parametrize(("method", "path", "scope"), ENDPOINTS)
def test_each_endpoint_needs_its_scope(admin, school_involved, smith_family, method, path, scope):
    others = [s for s in Scope.values if s != scope]
    _, without = make_client(admin, school_involved, scopes=others, name="Without")
    _, only = make_client(admin, school_involved, scopes=[scope], name="Only")
    _is_problem(_call(Api(without), method, path, smith_family), 403, "scope-missing")
    assert _call(Api(only), method, path, smith_family).status_code in (200, 201)


@pytest.mark.parametrize(("method", "path", "scope"), ENDPOINTS)
def test_no_key_or_a_key_that_is_no_ones_is_401(smith_family, method, path, scope):
    for key in ("", "fh_000000000000_not-a-real-key", "nonsense"):
        response = _call(Api(key), method, path, smith_family)
        _is_problem(response, 401, "unauthenticated")
        assert response.headers["WWW-Authenticate"].startswith("Bearer")


def test_a_revoked_key_is_refused_at_once_and_the_attempt_recorded(
    admin, school_client, school_api, smith_family
):
    client, _ = school_client
    assert school_api.get("/api/v1/concerns/").status_code == 200
    actions.api_client_revoke(
        by=admin.user, client=client, expected_version=client.version, reason="MIS replaced"
    )
    refused = school_api.get("/api/v1/concerns/")
    _is_problem(refused, 401, "unauthenticated")
    assert refused.json()["detail"] == "The API key has been revoked"
    attempt = AuditEvent.objects.get(verb=Verb.SIGN_IN_FAILED, object_id=str(client.pk))
    assert attempt.changes["api_call"] == "GET /api/v1/concerns/"


def test_an_expired_key_is_refused(school_client, school_api):
    client, _ = school_client
    later = timezone.make_aware(dt.datetime.combine(client.expires_on, dt.time(12)))
    with time_machine.travel(later + dt.timedelta(days=1), tick=False):
        response = school_api.get("/api/v1/concerns/")
    _is_problem(response, 401, "unauthenticated")
    assert response.json()["detail"] == "The API key has expired"


@override_settings(
    REST_FRAMEWORK={
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {"api_client": "3/minute"},
    }
)
def test_each_client_has_its_own_rate_limit(school_api, police_api):
    for _ in range(3):
        assert school_api.get("/api/v1/concerns/").status_code == 200
    limited = school_api.get("/api/v1/concerns/")
    _is_problem(limited, 429, "rate-limited")
    assert int(limited.headers["Retry-After"]) > 0
    assert police_api.get("/api/v1/concerns/").status_code == 200  # another client: its own


def test_only_administrators_manage_clients(admin, school_dsl, school_involved):
    with pytest.raises(Exception, match="You do not have access"):
        actions.api_client_create(
            by=school_dsl.user,
            organisation=school_involved,
            name="Mine",
            scopes=[Scope.OUTCOMES_READ],
            expires_on=timezone.localdate() + dt.timedelta(days=30),
        )
    client, key = make_client(admin, school_involved)
    assert key.startswith(f"fh_{client.key_prefix}_")
    assert key not in client.key_digest  # only a digest is kept
    created = AuditEvent.objects.get(object_type="api.apiclient", verb=Verb.CREATE)
    assert created.actor_label == admin.user.full_name
