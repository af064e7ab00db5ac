"""Demo two-factor devices (moved from access/demo.py): privileged demo accounts only."""

import pytest
from django_otp.plugins.otp_totp.models import TOTPDevice

from organisations.demo import load_demo
from organisations.factories import PractitionerFactory, UserFactory
from organisations.models import Role

pytestmark = pytest.mark.django_db


def test_privileged_demo_accounts_get_a_device_once():
    manager = PractitionerFactory(
        role=Role.TEAM_MANAGER, user=UserFactory(email="m@demo.familyhub.test")
    )
    worker = PractitionerFactory(
        role=Role.FAMILY_WORKER, user=UserFactory(email="w@demo.familyhub.test")
    )
    real = PractitionerFactory(role=Role.TEAM_MANAGER, user=UserFactory(email="m@council.test"))
    assert load_demo() == 1
    assert TOTPDevice.objects.filter(user=manager.user, confirmed=True).exists()
    assert not TOTPDevice.objects.filter(user__in=[worker.user, real.user]).exists()
    assert load_demo() == 0  # idempotent
