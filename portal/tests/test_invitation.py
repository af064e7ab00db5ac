"""Inviting a family member: a one-time code, hashed at rest, that expires, works once, and
counts wrong tries (the invitation is void after 5, and the sign-in lockout counts them too)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from audit.models import AuditEvent
from familyhub import errors
from portal import actions
from portal.models import FamilyAccount, Invitation
from portal.tests.helpers import member, years_ago
from tests.authorisation_cast import fresh


@pytest.fixture
def led(smith_family, family_worker, colleague):
    from casework import actions as casework_actions

    casework_actions.lead_assign(
        by=fresh(family_worker.user),
        family=smith_family,
        lead=family_worker,
        cover=colleague,
        family_say="agreed",
    )
    return smith_family


def _invite(family, by, person=None, **kw):
    person = person or family.kelly
    kw.setdefault("kind", "parent")
    kw.setdefault("role", "parent_carer")
    kw.setdefault("age", 35)
    return actions.invite(by=fresh(by.user), family=family, person=person, **kw)


def _start(client, invited, code=None):
    return client.post(
        reverse("portal:start"),
        {"sign_in_name": invited.sign_in_name, "code": code or invited.code},
    )


def test_the_code_is_hashed_at_rest_and_works_once(led, family_worker):
    invited = _invite(led, family_worker)
    stored = Invitation.objects.get()
    assert invited.code.replace("-", "") not in stored.code_hash
    assert stored.code_hash.count("$") >= 2  # a hasher's salted hash (argon2 outside tests)
    first = _start(Client(), invited)
    assert first.status_code == 302
    assert first.url == reverse("portal:password")
    again = _start(Client(), invited)
    assert again.status_code == 200
    assert "This code has been used" in again.content.decode()
    assert Invitation.objects.get().used_at is not None
    assert AuditEvent.objects.filter(verb="update", object_type="portal.familyaccount").exists()


def test_a_code_expires(led, family_worker):
    invited = _invite(led, family_worker)
    Invitation.objects.update(expires_at=timezone.now() - dt.timedelta(minutes=1))
    response = _start(Client(), invited)
    assert "This code has run out" in response.content.decode()
    assert FamilyAccount.objects.get().activated_at is None


def test_wrong_codes_are_counted_and_void_the_invitation_and_lock_the_account(led, family_worker):
    invited = _invite(led, family_worker)
    client = Client()
    for n in range(4):
        response = _start(client, invited, code="WRONG-CODE-XX")
        assert "That code is not right" in response.content.decode()
        assert Invitation.objects.get().attempts == n + 1
    fifth = _start(client, invited, code="WRONG-CODE-XX")
    assert fifth.status_code in (302, 403, 429)  # locked out: django-axes' lockout answer
    assert AuditEvent.objects.filter(verb="locked_out").exists()
    # Even the right code no longer opens it: the invitation is void after 5 wrong tries.
    response = _start(Client(REMOTE_ADDR="10.9.9.9"), invited)
    assert response.status_code != 302 or response.url != reverse("portal:password")
    assert FamilyAccount.objects.get().activated_at is None


def test_inviting_again_stops_the_earlier_code(led, family_worker):
    first = _invite(led, family_worker)
    second = _invite(led, family_worker)
    assert first.sign_in_name == second.sign_in_name
    assert "That code is not right" in _start(Client(), first).content.decode()
    assert _start(Client(), second).status_code == 302


def test_only_the_lead_invites(led, colleague, manager):
    for who in (colleague, manager):
        with pytest.raises(errors.NotPermitted):
            _invite(led, who)
        client = Client()
        client.force_login(who.user)
        assert client.get(reverse("portal:invite", args=[led.pk])).status_code == 404


def test_a_young_person_must_be_13_and_judged_able(led, family_worker):
    young = member(led, "Eve", "child", years_ago(14))
    with pytest.raises(errors.RuleViolation) as refused:
        _invite(led, family_worker, young, kind="young_person", role="child")
    assert "judgement" in refused.value.field_errors
    with pytest.raises(errors.RuleViolation) as too_young:
        _invite(led, family_worker, led.jaden, kind="young_person", role="child", age=10)
    assert "person" in too_young.value.field_errors
    invited = _invite(
        led, family_worker, young, kind="young_person", role="child", judgement="Wants it"
    )
    assert invited.account.judgement == "Wants it"


def test_the_invite_page_gives_a_letter_with_the_code(led, family_worker):
    client = Client()
    client.force_login(family_worker.user)
    page = client.get(reverse("portal:invite", args=[led.pk]))
    assert "Kelly Smith" in page.content.decode()
    assert "Jaden" not in page.content.decode()  # 9 years old: not invited
    missing = client.post(reverse("portal:invite", args=[led.pk]), {})
    assert "Choose who you are inviting" in missing.content.decode()
    letter = client.post(reverse("portal:invite", args=[led.pk]), {"person": led.kelly.pk})
    html = letter.content.decode()
    assert 'data-testid="code"' in html
    assert "/my/start/" in html
    account = FamilyAccount.objects.get()
    assert account.activated_at is None
    assert not account.user.has_usable_password()


def test_after_the_code_they_choose_a_password_and_sign_in_with_it_later(led, family_worker):
    invited = _invite(led, family_worker)
    client = Client()
    _start(client, invited)
    assert client.get(reverse("portal:home")).url == reverse("portal:password")
    short = client.post(reverse("portal:password"), {"password": "short"})
    assert "too short" in short.content.decode()
    saved = client.post(reverse("portal:password"), {"password": "kettle garden violet"})
    assert saved.url == reverse("portal:home")
    assert client.get(reverse("portal:home")).status_code == 200  # still signed in
    client.logout()
    wrong = client.post(
        reverse("portal:sign-in"), {"sign_in_name": invited.sign_in_name, "password": "nope"}
    )
    assert "not right" in wrong.content.decode()
    later = client.post(
        reverse("portal:sign-in"),
        {"sign_in_name": invited.sign_in_name.lower(), "password": "kettle garden violet"},
    )
    assert later.url == reverse("portal:home")
    assert client.get(reverse("portal:home")).status_code == 200
