"""Two-factor sign-in: required for privileged roles, available to all, audited."""

import datetime as dt

import pytest
import time_machine
from django.test import override_settings
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from audit.models import AuditEvent
from conftest import PASSWORD

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("two_factor_on")]


@pytest.fixture
def two_factor_on():
    with override_settings(FAMILYHUB_REQUIRE_2FA=True):
        yield


def code_for(device: TOTPDevice) -> str:
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits):06d}"


def after_throttle():
    """A wrong code slows the next try (django-otp throttling): wait it out."""
    return time_machine.travel(dt.datetime.now(tz=dt.UTC) + dt.timedelta(seconds=10), tick=False)


def sign_in(client, user):
    response = client.post("/sign-in/", {"username": user.email, "password": PASSWORD})
    assert response.status_code == 302
    return response


def test_manager_must_set_up_two_factor_before_anything_else(client, manager, smith_family):
    sign_in(client, manager.user)
    response = client.get(f"/families/{smith_family.pk}/")
    assert response.status_code == 302
    assert response["Location"] == "/sign-in/two-factor/set-up/"
    page = client.get("/sign-in/two-factor/set-up/")
    assert "Set up two-factor sign-in" in page.content.decode()
    device = TOTPDevice.objects.get(user=manager.user, confirmed=False)
    wrong = client.post("/sign-in/two-factor/set-up/", {"code": "000000"})
    assert "The code is not right" in wrong.content.decode()
    with after_throttle():
        device.refresh_from_db()
        done = client.post("/sign-in/two-factor/set-up/", {"code": code_for(device)})
        assert done.status_code == 302
        assert client.get(f"/families/{smith_family.pk}/").status_code == 200


def test_privileged_user_with_a_device_is_asked_for_a_code(client, manager, smith_family):
    device = TOTPDevice.objects.create(user=manager.user, name="app", confirmed=True)
    sign_in(client, manager.user)
    response = client.get(f"/families/{smith_family.pk}/")
    assert response["Location"].startswith("/sign-in/two-factor/?next=")
    bad = client.post("/sign-in/two-factor/", {"code": "12345x"})
    assert "using numbers only" in bad.content.decode()
    client.post("/sign-in/two-factor/", {"code": "000000"})
    assert AuditEvent.objects.filter(verb="sign_in_failed", reason="wrong two-factor code")
    with after_throttle():
        device.refresh_from_db()
        ok = client.post(
            "/sign-in/two-factor/",
            {"code": code_for(device), "next": f"/families/{smith_family.pk}/"},
        )
        assert ok["Location"] == f"/families/{smith_family.pk}/"
        assert client.get(f"/families/{smith_family.pk}/").status_code == 200
    assert AuditEvent.objects.filter(verb="sign_in", changes__second_factor="totp").exists()


def test_next_cannot_send_people_off_site(client, manager):
    device = TOTPDevice.objects.create(user=manager.user, name="app", confirmed=True)
    sign_in(client, manager.user)
    ok = client.post(
        "/sign-in/two-factor/", {"code": code_for(device), "next": "https://evil.example/"}
    )
    assert ok["Location"] == "/"


@pytest.mark.parametrize("fixture", ["family_worker", "school_dsl"])
def test_other_roles_are_not_forced_but_can_opt_in(client, request, fixture, smith_family):
    practitioner = request.getfixturevalue(fixture)
    sign_in(client, practitioner.user)
    assert client.get("/").status_code == 200
    page = client.get("/sign-in/two-factor/set-up/")
    assert page.status_code == 200
    assert "you must use a second step" not in page.content.decode()


def test_front_door_and_ig_officer_are_privileged(client, ig_officer):
    sign_in(client, ig_officer.user)
    assert client.get("/audit/")["Location"] == "/sign-in/two-factor/set-up/"


def test_who_must_use_two_factor_is_a_rule_registered_by_the_app_that_knows_roles(
    manager, family_worker, monkeypatch
):
    from access import two_factor

    assert two_factor.is_required_for(manager.user)
    assert not two_factor.is_required_for(family_worker.user)
    monkeypatch.setattr(two_factor, "_requirements", [])  # no app has said who must
    assert not two_factor.is_required_for(manager.user)
