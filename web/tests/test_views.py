"""web: home page, health check, error pages and the security headers on every page."""

import html
import re

import pytest
from django.urls import reverse

from conftest import client_for

pytestmark = pytest.mark.django_db


def _csp(response) -> dict[str, list[str]]:
    header = response["Content-Security-Policy"]
    directives = {}
    for part in header.split(";"):
        words = part.split()
        if words:
            directives[words[0]] = words[1:]
    return directives


def test_healthz_needs_no_sign_in_and_returns_json(client, django_assert_num_queries):
    with django_assert_num_queries(0):  # alive without the database (see web/tests/test_health)
        response = client.get("/healthz")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert response.json() == {"status": "ok"}


def test_security_headers_on_a_family_page(family_worker_client, smith_family):
    response = family_worker_client.get(reverse("people:family", args=[smith_family.pk]))
    assert response.status_code == 200
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"

    csp = _csp(response)
    assert "'unsafe-inline'" not in csp["script-src"]
    assert "'unsafe-eval'" not in csp["script-src"]
    assert "'self'" in csp["script-src"]
    assert "'unsafe-inline'" not in csp.get("style-src", [])
    assert csp["frame-ancestors"] == ["'none'"]
    assert csp["object-src"] == ["'none'"]
    assert csp["default-src"] == ["'self'"]

    # The one inline script carries the nonce the header allows; no other inline script.
    nonces = [s for s in csp["script-src"] if s.startswith("'nonce-")]
    assert len(nonces) == 1
    nonce = nonces[0][len("'nonce-") : -1]
    page = response.content.decode()
    inline_scripts = re.findall(r"<script(?![^>]*\bsrc=)([^>]*)>", page)
    assert inline_scripts, "expected the js-enabled inline script"
    for attrs in inline_scripts:
        assert f'nonce="{nonce}"' in attrs


def test_csp_nonce_changes_per_request(family_worker_client, smith_family):
    url = reverse("people:family", args=[smith_family.pk])
    first = _csp(family_worker_client.get(url))["script-src"]
    second = _csp(family_worker_client.get(url))["script-src"]
    assert first != second


@pytest.mark.parametrize("page", ["family", "person", "search", "home", "member-add"])
def test_pages_have_no_inline_styles_or_handlers_blocked_by_csp(
    family_worker_client, smith_family, page
):
    url = {
        "family": reverse("people:family", args=[smith_family.pk]),
        "person": reverse("people:person", args=[smith_family.jaden.pk]),
        "search": reverse("people:search") + "?q=Smith",
        "home": reverse("web:home"),
        "member-add": reverse("people:member-add", args=[smith_family.pk]),
    }[page]
    response = family_worker_client.get(url)
    assert response.status_code == 200
    content = response.content.decode()
    assert "<style" not in content
    assert not re.search(r"\sstyle=\"", content)
    assert not re.search(r"\son[a-z]+=\"", content)  # onclick= etc.
    assert "javascript:" not in content


def test_security_headers_on_the_sign_in_page(client):
    response = client.get("/sign-in/")
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "'unsafe-inline'" not in _csp(response)["script-src"]


def test_every_response_has_a_request_id(family_worker_client, smith_family):
    response = family_worker_client.get(reverse("people:family", args=[smith_family.pk]))
    assert re.fullmatch(r"[0-9a-f]{32}", response["X-Request-ID"])
    echoed = family_worker_client.get("/healthz", HTTP_X_REQUEST_ID="abc-123")
    assert echoed["X-Request-ID"] == "abc-123"


def test_home_lists_my_families(family_worker_client, smith_family, other_family):
    response = family_worker_client.get(reverse("web:home"))
    assert response.status_code == 200
    text = html.unescape(response.content.decode())
    assert "Smith family" in text
    assert "Jones family" not in text


def test_home_for_ig_officer_has_no_register(client, ig_officer, smith_family):
    response = client_for(client, ig_officer).get(reverse("web:home"))
    assert response.status_code == 200
    text = response.content.decode()
    assert "Smith family" not in text
    assert reverse("ig:lookup") in text
    assert reverse("people:search") not in text


def test_not_found_page_uses_the_service_layout(family_worker_client):
    response = family_worker_client.get("/no-such-page/")
    assert response.status_code == 404
    assert "FamilyHub" in response.content.decode()


def test_post_without_csrf_token_is_refused(client, family_worker, smith_family):
    from django.test import Client

    strict = Client(enforce_csrf_checks=True)
    strict.force_login(family_worker.user)
    response = strict.post(
        reverse("people:family-edit", args=[smith_family.pk]), {"name": "Changed", "version": "1"}
    )
    assert response.status_code == 403
    smith_family.refresh_from_db()
    assert smith_family.name == "Smith family"
