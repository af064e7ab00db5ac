"""Password re-checks and two-factor codes share the sign-in lockout's counters (django-axes).

Issue 16: while signed in, 15 wrong passwords POSTed to /sign-in/confirm/ each returned 200 and
the right one then succeeded; the sign-in lockout did not count them. Exports and break-glass
sit behind that check.
"""

import html

import pytest
from django.test import override_settings
from django_otp.plugins.otp_totp.models import TOTPDevice

from audit.models import AuditEvent
from conftest import PASSWORD

pytestmark = pytest.mark.django_db

CONFIRM = "/sign-in/confirm/?next=/"
LIMIT = 5  # AXES_FAILURE_LIMIT


def _text(response) -> str:
    return html.unescape(response.content.decode())


def _sign_in(client, user, password=PASSWORD):
    return client.post("/sign-in/", {"username": user.email, "password": password})


def _locked_page(response) -> bool:
    return response.status_code == 429 and "Your account is locked" in _text(response)


def test_wrong_password_rechecks_lock_the_account_like_sign_in(client, family_worker):
    assert _sign_in(client, family_worker.user).status_code == 302
    statuses = [client.post(CONFIRM, {"password": "wrong-1"}).status_code for _ in range(LIMIT)]
    assert statuses[: LIMIT - 1] == [200] * (LIMIT - 1)
    assert statuses[-1] == 429  # the fifth failure locks the account...
    assert "_auth_user_id" not in client.session  # ...and signs the person out
    # The right password no longer helps, at the re-check or at sign-in.
    assert client.post(CONFIRM, {"password": PASSWORD})["Location"].startswith("/sign-in/?")
    assert _locked_page(_sign_in(client, family_worker.user))
    failed = AuditEvent.objects.filter(verb="sign_in_failed", reason="export password check")
    assert failed.count() == LIMIT
    assert set(failed.values_list("actor_id", flat=True)) == {family_worker.user.pk}
    lockout, *refused = AuditEvent.objects.filter(verb="locked_out").order_by("pk")
    assert lockout.actor_id == family_worker.user.pk
    assert lockout.changes["email"] == family_worker.user.email
    assert lockout.changes["failures"] == LIMIT
    assert "after 5 failed attempts (the last: export password check)" in lockout.reason
    # axes counts an attempt while locked as one more failure (and restarts the cool-off)
    assert [e.reason for e in refused] == ["locked out after 6 failed attempts (the last: sign-in)"]


def test_sign_in_failures_and_rechecks_share_one_counter(client, family_worker):
    for _ in range(3):
        assert _sign_in(client, family_worker.user, "wrong").status_code == 200
    assert _sign_in(client, family_worker.user).status_code == 302  # resets, as before
    client.logout()
    for _ in range(2):
        _sign_in(client, family_worker.user, "wrong")  # from another tab: not signed out
    client.force_login(family_worker.user)
    assert client.post(CONFIRM, {"password": "wrong"}).status_code == 200
    assert client.post(CONFIRM, {"password": "wrong"}).status_code == 200
    assert _locked_page(client.post(CONFIRM, {"password": "wrong"}))  # 2 + 3 = 5


def test_a_right_recheck_clears_the_failures_as_sign_in_does(client, family_worker):
    client.force_login(family_worker.user)
    for _ in range(LIMIT - 1):
        client.post(CONFIRM, {"password": "wrong"})
    assert client.post(CONFIRM, {"password": PASSWORD}).status_code == 302
    for _ in range(LIMIT - 1):
        assert client.post(CONFIRM, {"password": "wrong"}).status_code == 200


def test_a_locked_account_cannot_recheck_even_while_signed_in_elsewhere(
    client, family_worker, django_user_model
):
    for _ in range(LIMIT):
        _sign_in(client, family_worker.user, "wrong")
    client.force_login(family_worker.user)  # a session from before the lockout
    response = client.post(CONFIRM, {"password": PASSWORD})
    assert _locked_page(response)
    assert "_auth_user_id" not in client.session
    refused = AuditEvent.objects.filter(verb="locked_out").order_by("pk").last()
    assert refused.reason == "refused while locked out (export password check)"


def test_break_glass_password_failures_count_too(client, stranger, smith_family):
    client.force_login(stranger.user)
    data = {"identifier": smith_family.reference, "reason": "Urgent need", "password": "wrong"}
    for _ in range(LIMIT - 1):
        assert "Your password is not right" in _text(client.post("/break-glass/", data))
    assert _locked_page(client.post("/break-glass/", data))
    assert (
        AuditEvent.objects.filter(
            verb="sign_in_failed", reason="break-glass password check", actor_id=stranger.user.pk
        ).count()
        == LIMIT
    )
    assert AuditEvent.objects.filter(verb="locked_out", actor_id=stranger.user.pk).exists()


@override_settings(FAMILYHUB_REQUIRE_2FA=True)
def test_wrong_two_factor_codes_lock_the_account(client, manager):
    TOTPDevice.objects.create(user=manager.user, name="app", confirmed=True)
    assert _sign_in(client, manager.user).status_code == 302
    responses = [client.post("/sign-in/two-factor/", {"code": "000000"}) for _ in range(LIMIT)]
    assert [r.status_code for r in responses[:-1]] == [200] * (LIMIT - 1)
    assert _locked_page(responses[-1])
    assert "_auth_user_id" not in client.session
    assert _locked_page(_sign_in(client, manager.user))
    lockout = AuditEvent.objects.filter(verb="locked_out").order_by("pk").first()
    assert "wrong two-factor code" in lockout.reason


def test_sign_in_lockout_is_audited(client, family_worker):
    for _ in range(LIMIT):
        _sign_in(client, family_worker.user, "wrong")
    lockout = AuditEvent.objects.get(verb="locked_out")
    assert lockout.changes["email"] == family_worker.user.email
    assert lockout.actor_role == "system"
    assert "sign-in" in lockout.reason
