"""The administrators' page: create a client (key shown once), its calls, revoke it."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from api.models import ApiClient
from api.tests.conftest import Api

pytestmark = pytest.mark.django_db


def _create(client, organisation, **overrides):
    expires = timezone.localdate() + dt.timedelta(days=90)
    data = {
        "organisation": organisation.pk,
        "name": "Northgate MIS",
        "scopes": ["concerns:write", "outcomes:read"],
        "expires_on_0": str(expires.day),
        "expires_on_1": str(expires.month),
        "expires_on_2": str(expires.year),
        **overrides,
    }
    return client.post("/partner-systems/", data)


def test_only_administrators_see_the_pages(client, admin, school_dsl, school_client):
    found, _ = school_client
    client.force_login(school_dsl.user)
    assert client.get("/partner-systems/").status_code == 404
    assert client.get(f"/partner-systems/{found.pk}/").status_code == 404
    assert (
        client.post(f"/partner-systems/{found.pk}/", {"reason": "x", "version": 1}).status_code
        == 404
    )
    client.force_login(admin.user)
    assert client.get("/partner-systems/").status_code == 200
    assert client.get(f"/partner-systems/{found.pk}/").status_code == 200


def test_the_key_is_shown_once_and_works(client, admin, school_involved):
    client.force_login(admin.user)
    response = _create(client, school_involved)
    assert response.status_code == 302
    page = client.get(response.url).content.decode()
    created = ApiClient.objects.get()
    start = page.index(f"fh_{created.key_prefix}_")
    key = page[start : page.index("<", start)]
    assert "not shown again" in page
    assert f"fh_{created.key_prefix}_" not in client.get(response.url).content.decode().replace(
        f"Begins fh_{created.key_prefix}_", ""
    )
    assert Api(key).get("/api/v1/concerns/").status_code == 200
    calls = client.get(response.url).content.decode()
    assert "GET /api/v1/concerns/" in calls


def test_mistakes_are_shown_and_what_was_typed_kept(client, admin, school_involved):
    client.force_login(admin.user)
    response = _create(client, school_involved, name="", scopes=[], expires_on_2="2001")
    page = response.content.decode()
    assert response.status_code == 200
    assert "Enter the name of the partner" in page
    assert "Choose at least one thing the client may do" in page
    assert "Key expires on must be in the future" in page
    assert 'value="2001"' in page  # what was typed is kept
    assert not ApiClient.objects.exists()


def test_revoking_from_the_page_stops_the_key(client, admin, school_client):
    found, key = school_client
    client.force_login(admin.user)
    response = client.post(
        f"/partner-systems/{found.pk}/", {"reason": "Contract ended", "version": found.version}
    )
    assert response.status_code == 302
    assert Api(key).get("/api/v1/concerns/").status_code == 401
    page = client.get(f"/partner-systems/{found.pk}/").content.decode()
    assert "Revoked" in page
    assert "Contract ended" in page
