"""frontdoor.demo.load_demo on top of the demo borough: every contact state, near-breach and
breached clocks, decisions with disagreement, consultations, duty slots, early warnings;
idempotent."""

import io

import pytest
import time_machine
from django.conf import settings
from django.core.management import call_command
from django.test import override_settings

from frontdoor import clock
from frontdoor.models import (
    Consultation,
    Contact,
    ContactStatus,
    Dissent,
    DutySlot,
    EarlyWarning,
    SignOff,
    ThresholdDecision,
)

from .conftest import at

pytestmark = pytest.mark.django_db

try:
    from demo.management.commands import demo as _demo_command  # noqa: F401
except ImportError:  # pragma: no cover - the demo command is being built alongside
    _demo_command = None


@pytest.fixture
def borough(db):
    if _demo_command is None:
        pytest.skip("The demo command (familyhub demo) is not importable yet")
    # The borough alone: this test loads the front door's demo data itself.
    only_borough = {**settings.FAMILYHUB, "DEMO_EXTRAS": []}
    with (
        override_settings(FAMILYHUB=only_borough),
        time_machine.travel(at(2026, 11, 25, 11, 20), tick=False),
    ):
        call_command("demo", families=40, seed=1, stdout=io.StringIO(), stderr=io.StringIO())
        yield


def test_demo_front_door_data(borough):
    from frontdoor.demo import load_demo

    out = io.StringIO()
    now = at(2026, 11, 25, 11, 20)
    with time_machine.travel(now, tick=False):
        counts = load_demo(seed=2026, stdout=out)
        assert "Front-door demo data loaded" in out.getvalue()
        assert counts["contacts"] >= 10
        statuses = set(Contact.objects.values_list("status", flat=True))
        assert statuses == set(ContactStatus.values)
        open_clocks = [
            clock.clock_for(due_at=c.due_at, now=now).state
            for c in Contact.objects.filter(status__in=["received", "screening", "awaiting_info"])
        ]
        assert clock.OVERDUE in open_clocks
        assert clock.DUE_SOON in open_clocks
        assert Contact.objects.filter(urgent=True, status="received").exists()
        assert ThresholdDecision.objects.filter(sign_off=SignOff.PENDING).exists()
        assert Dissent.objects.filter(status="open").exists()
        assert Dissent.objects.filter(status="resolved").exists()
        assert Consultation.objects.filter(status="held").count() >= 6
        assert Consultation.objects.filter(status="booked").exists()
        assert DutySlot.objects.count() == 20
        assert EarlyWarning.objects.filter(status="open").count() >= 2
        assert EarlyWarning.objects.filter(status="decided").exists()
        late = [c for c in Contact.objects.filter(status="closed") if c.decided_at > c.due_at]
        assert late  # some history decided late, for the figures
        before = Contact.objects.count()
        again = io.StringIO()
        assert load_demo(seed=2026, stdout=again) == {}
        assert "already loaded" in again.getvalue()
        assert Contact.objects.count() == before


def test_demo_front_door_data_can_be_removed_before_a_borough_reset(borough):
    from demo import borough as demo_borough
    from frontdoor.demo import load_demo, reset

    with time_machine.travel(at(2026, 11, 25, 11, 20), tick=False):
        load_demo(seed=7)
    reset()
    assert not Contact.objects.exists()
    assert not Consultation.objects.exists()
    demo_borough.reset()  # no longer blocked by front-door records
    assert demo_borough.status() == demo_borough.EMPTY
