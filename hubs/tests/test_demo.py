"""The demo borough's family hubs (synthetic): courses under way with registers and waiting
lists, sessions to come that parents can ask to join, requests waiting in the coordinator's
queue, and enough attendance history for Reach to show figures that are not suppressed."""

import datetime as dt
import io

import pytest
import time_machine
from django.conf import settings
from django.core.management import call_command
from django.test import override_settings
from django.utils import timezone

from hubs import reach
from hubs.models import AreaDeprivation, Attendance, Enrolment, SelfReferral, Session
from organisations.models import Hub

pytestmark = pytest.mark.django_db

NOW = dt.datetime(2026, 11, 25, 11, 20, tzinfo=dt.UTC)


@pytest.fixture
def borough(db):
    extras = {
        **settings.FAMILYHUB,
        "DEMO_EXTRAS": ["directory.demo.load_demo", "hubs.demo.load_demo"],
    }
    with override_settings(FAMILYHUB=extras), time_machine.travel(NOW, tick=False):
        call_command("demo", families=80, seed=3, stdout=io.StringIO(), stderr=io.StringIO())
        yield


def test_the_demo_hubs_have_courses_queues_and_reach(borough):
    with time_machine.travel(NOW, tick=False):
        today = timezone.localdate()
        assert Enrolment.objects.filter(status="waiting").exists()
        assert Attendance.objects.filter(meeting__on__lt=today).count() > 100
        coming = Session.objects.filter(meetings__on__gt=today, title__startswith="Triple P group")
        assert coming.exists()
        queue = SelfReferral.objects.filter(status="new")
        assert queue.count() == 3
        assert all("synthetic" in (r.message + r.parent_name).lower() or r.email.endswith(
            "example.org") or r.phone.startswith("07700 900") for r in queue)  # fmt: skip
        assert AreaDeprivation.objects.filter(source__startswith="Synthetic").exists()
        north = Hub.objects.get(name="Northgate Family Hub")
        report = reach.compute(hubs=[north], start=dt.date(2026, 4, 1), end=today)
        figures = {m.key: m for m in report.measures}
        assert figures["families_reached"].value >= 5
        assert figures["children_0_5_reached"].value >= 5
