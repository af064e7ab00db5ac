"""Signing in and out: the sign-in page, lockout (django-axes), audit of sign-in events, and
that every page needs a signed-in user."""

import html

import pytest
from django.urls import reverse

from audit.models import AuditEvent
from conftest import PASSWORD

pytestmark = pytest.mark.django_db

SIGN_IN = "/sign-in/"
EMAIL = "family.worker@example.test"


def _text(response) -> str:
    return html.unescape(response.content.decode())


def _sign_in(client, username=EMAIL, password=PASSWORD, **extra):
    return client.post(SIGN_IN, {"username": username, "password": password, **extra})


def test_sign_in_url():
    assert reverse("access:sign-in") == SIGN_IN


def test_sign_in_page_renders(client):
    response = client.get(SIGN_IN)
    assert response.status_code == 200
    text = _text(response)
    assert "Sign in to FamilyHub" in text
    assert 'name="username"' in text
    assert 'name="password"' in text


def test_sign_in_with_correct_password(client, family_worker):
    response = _sign_in(client)
    assert response.status_code == 302
    assert response["Location"] == reverse("web:home")
    home = client.get(reverse("web:home"))
    assert home.status_code == 200
    assert "Fola Worker" in _text(home)
    event = AuditEvent.objects.get(verb="sign_in")
    assert event.actor_id == family_worker.user.pk


def test_sign_in_email_is_case_insensitive(client, family_worker):
    response = _sign_in(client, username="Family.Worker@EXAMPLE.test")
    assert response.status_code == 302


def test_wrong_password_shows_error_and_is_audited(client, family_worker):
    response = _sign_in(client, password="not-the-password")
    assert response.status_code == 200
    text = _text(response)
    assert "There is a problem" in text
    assert "Enter a correct email address and password" in text
    assert "_auth_user_id" not in client.session
    event = AuditEvent.objects.get(verb="sign_in_failed")
    assert event.changes == {"email": EMAIL}
    assert event.actor_id is None
    assert event.ip_address == "127.0.0.1"
    # The password is never written to the audit trail.
    assert "not-the-password" not in str(event.changes)


def test_unknown_email_gives_the_same_message(client, family_worker):
    response = _sign_in(client, username="nobody@example.test")
    assert response.status_code == 200
    assert "Enter a correct email address and password" in _text(response)
    assert AuditEvent.objects.filter(verb="sign_in_failed").count() == 1


def _five_failures(client, username=EMAIL):
    statuses = []
    for _ in range(5):
        statuses.append(
            _sign_in(client, username=username, password="wrong-password-1").status_code
        )
    return statuses


def test_account_locked_after_five_failures_even_with_the_right_password(client, family_worker):
    statuses = _five_failures(client)
    assert statuses[:4] == [200, 200, 200, 200]
    response = _sign_in(client)  # the correct password, sixth attempt
    assert response.status_code == 429
    assert "access/locked_out.html" in [t.name for t in response.templates]
    assert "Your account is locked" in _text(response)
    assert "_auth_user_id" not in client.session
    assert not AuditEvent.objects.filter(verb="sign_in").exists()
    assert AuditEvent.objects.filter(verb="sign_in_failed").count() >= 5


def test_lockout_cannot_be_dodged_by_changing_email_case(client, family_worker):
    for username in (
        "family.worker@example.test",
        "Family.Worker@example.test",
        "FAMILY.WORKER@EXAMPLE.TEST",
        "family.WORKER@example.test",
        "Family.worker@Example.test",
    ):
        _sign_in(client, username=username, password="wrong-password-1")
    response = _sign_in(client)
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session


def test_lockout_is_per_account(client, family_worker, colleague):
    _five_failures(client)
    response = _sign_in(client, username=colleague.user.email)
    assert response.status_code == 302


def test_four_failures_then_success_resets_the_count(client, family_worker):
    for _ in range(4):
        _sign_in(client, password="wrong-password-1")
    assert _sign_in(client).status_code == 302
    client.post(reverse("access:sign-out"))
    for _ in range(4):
        assert _sign_in(client, password="wrong-password-1").status_code == 200
    assert _sign_in(client).status_code == 302


def test_unauthenticated_request_redirects_to_sign_in(client, smith_family):
    url = reverse("people:family", args=[smith_family.pk])
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"] == f"{SIGN_IN}?next={url}"
    for path in ("/", "/search/", "/audit/", f"/people/{smith_family.jaden.pk}/"):
        r = client.get(path)
        assert r.status_code == 302, path
        assert r["Location"].startswith(SIGN_IN), path


def test_sign_in_goes_to_next_but_not_off_site(client, family_worker, smith_family):
    url = reverse("people:family", args=[smith_family.pk])
    response = _sign_in(client, next=url)
    assert response["Location"] == url
    client.post(reverse("access:sign-out"))
    response = _sign_in(client, next="https://evil.example/steal")
    assert response.status_code == 302
    assert response["Location"] == reverse("web:home")


def test_sign_out_is_audited_and_ends_the_session(client, family_worker, smith_family):
    _sign_in(client)
    response = client.post(reverse("access:sign-out"))
    assert response.status_code == 302
    assert AuditEvent.objects.filter(verb="sign_out", actor_id=family_worker.user.pk).exists()
    assert client.get(reverse("people:family", args=[smith_family.pk])).status_code == 302


def test_sign_out_by_get_is_refused(client, family_worker):
    _sign_in(client)
    assert client.get(reverse("access:sign-out")).status_code == 405
    assert "_auth_user_id" in client.session


def test_inactive_user_cannot_sign_in(client, family_worker):
    user = family_worker.user
    user.is_active = False
    user.save()
    response = _sign_in(client)
    assert response.status_code == 200
    assert "_auth_user_id" not in client.session


def test_the_idle_timeout_slides_with_use_written_at_most_once_a_minute(
    client, family_worker, smith_family, settings
):
    import datetime as dt

    import time_machine
    from django.contrib.sessions.models import Session

    def expiry():
        return Session.objects.get(session_key=client.session.session_key).expire_date

    url = reverse("people:family", args=[smith_family.pk])
    start = dt.datetime(2026, 12, 7, 9, 0, tzinfo=dt.UTC)
    with time_machine.travel(start, tick=False) as clock:
        _sign_in(client)
        assert client.get(url).status_code == 200
        first = expiry()
        assert first == start + dt.timedelta(seconds=settings.SESSION_COOKIE_AGE)
        clock.shift(settings.SESSION_REFRESH_SECONDS - 1)  # used again within the minute:
        assert client.get(url).status_code == 200
        assert expiry() == first  # nothing written
        clock.shift(2)  # and again after it: the session is saved with a later expiry
        assert client.get(url).status_code == 200
        assert expiry() == first + dt.timedelta(seconds=settings.SESSION_REFRESH_SECONDS + 1)
        clock.shift(settings.SESSION_COOKIE_AGE + 1)  # idle past the timeout: signed out
        assert client.get(url).status_code == 302


def test_session_expires_after_absolute_limit(client, family_worker, smith_family, settings):
    import time

    from access.middleware import SIGNED_IN_AT

    _sign_in(client)
    url = reverse("people:family", args=[smith_family.pk])
    assert client.get(url).status_code == 200
    session = client.session
    session[SIGNED_IN_AT] = int(time.time()) - settings.SESSION_ABSOLUTE_SECONDS - 60
    session.save()
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"] == f"{SIGN_IN}?expired=1"
    assert "signed out because your session ended" in _text(client.get(response["Location"]))
