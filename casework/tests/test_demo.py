"""casework.demo: families at every stage on top of the demo borough, idempotent."""

import datetime as dt
import io

import pytest

import rules
from casework import demo
from casework.models import Absence, Episode, StatutoryClock, StepDown
from demo import borough

pytestmark = pytest.mark.django_db


@pytest.fixture
def small_borough(db):
    borough.load(families=40, seed=7)


def test_load_demo_makes_every_stage_and_is_idempotent(small_borough):
    out = io.StringIO()
    counts = demo.load_demo(seed=2026, stdout=out)
    assert "Casework demo loaded" in out.getvalue()
    assert counts["child protection"] == 2
    assert counts["stepped down"] == 2
    kinds = set(Episode.objects.values_list("kind", flat=True))
    assert kinds == {"EH", "CIN", "CP"}
    assert Episode.objects.filter(kind="CP", state="cp_plan").exists()
    assert Episode.objects.filter(closure_reason="RC8").exists()
    assert Episode.objects.filter(closure_reason="RC9").exists()  # stepped down
    assert StepDown.objects.filter(status="proposed").exists()
    assert Episode.objects.open().filter(allocated_to__isnull=True).exists()
    assert Absence.objects.filter(kind="leave").exists()
    from django.utils import timezone

    assert StatutoryClock.objects.running().filter(due_on__lt=timezone.localdate()).exists()
    # Working Together 2026: a family help case (early help and section 17 under one lead and
    # plan) and an unborn child whose pre-birth assessment is timed from the expected birth.
    assert counts["family help (early help and section 17)"] == 1
    assert counts["unborn child, pre-birth assessment"] == 1
    pre_birth = StatutoryClock.objects.get(kind="pre_birth_assessment")
    assert pre_birth.episode.child.is_unborn
    assert pre_birth.rules_version == "wt2026-demo-1"
    due = pre_birth.episode.child.expected_date_of_birth - dt.timedelta(weeks=12)
    assert pre_birth.due_on == min(due, rules.calendar().add_working_days(pre_birth.starts_on, 45))
    helped = [
        f
        for f in {e.family for e in Episode.objects.open().filter(kind="EH")}
        if Episode.objects.open().filter(family=f, kind="CIN").exists()
    ]
    assert helped
    assert all(f.plans.filter(ended_on__isnull=True).count() == 1 for f in helped)
    before = Episode.objects.count()
    assert demo.load_demo(seed=2026) == {}
    assert Episode.objects.count() == before


def test_needs_the_borough(db):
    with pytest.raises(demo.DemoNotLoaded):
        demo.load_demo()


def test_demo_has_hub_services_scales_and_outcome_checks(small_borough):
    from django.utils import timezone

    from casework.models import PlanAction
    from directory.models import HubService
    from outcomes.models import GoalScore, SustainedOutcomeCheck

    demo.load_demo(seed=2026)
    assert HubService.objects.filter(name="Triple P parenting programme").count() >= 1
    assert PlanAction.objects.filter(service__isnull=False).exists()
    assert GoalScore.objects.filter(scale="gas", meeting__isnull=False).exists()
    today = timezone.localdate()
    checks = SustainedOutcomeCheck.objects.filter(checked_on__isnull=True)
    assert checks.filter(due_on__lt=today).exists()  # overdue
    assert checks.filter(due_on__gte=today).exists()  # due soon
    demo.reset_demo()
    assert not SustainedOutcomeCheck.objects.exists()
    assert not HubService.objects.exists()
