"""casework 0004 moves hub services to directory and goal scores and sustained outcome checks to
outcomes: rows written under the old state are all there, unchanged, under the new one."""

import datetime as dt

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from casework.models import PlanAction
from directory.models import HubService
from outcomes.models import GoalScore, SustainedOutcomeCheck

BEFORE = [
    ("casework", "0003_reconcile_lead_practitioners"),
    ("directory", None),
    ("outcomes", None),
]
D = dt.date


def _migrate(targets=None):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    state = executor.migrate(targets or executor.loader.graph.leaf_nodes())
    return state.apps


def _write_old_rows(apps) -> dict:
    """One of each moved row (and what they hang from) through the historical models."""
    get = apps.get_model
    user = get("access", "User").objects.create(email="old@example.test", full_name="Old State")
    org = get("organisations", "Organisation").objects.create(name="Old Hub Org", org_type="la")
    hub = get("organisations", "Hub").objects.create(name="Old Hub", organisation=org, locality="N")
    family = get("people", "Family").objects.create(name="Old family", reference="FH-OLD1")
    child = get("people", "Person").objects.create(
        given_name="Ada", family_name="Old", la_child_id="OLD1", date_of_birth=D(2016, 7, 3)
    )
    episode = get("casework", "Episode").objects.create(
        family=family, child=child, kind="EH", state="closed", closed_on=D(2025, 6, 2)
    )
    plan = get("casework", "FamilyPlan").objects.create(
        family=family, family_words="Calmer mornings", created_by=user
    )
    goal = get("casework", "Goal").objects.create(plan=plan, text="Calm mornings", scale="gas")
    meeting = get("casework", "Meeting").objects.create(
        family=family, kind="taf_review", held_on=D(2025, 5, 1), recorded_by=user
    )
    service = get("casework", "HubService").objects.create(
        hub=hub, name="Triple P", category="parenting", email="hub@example.test"
    )
    action = get("casework", "PlanAction").objects.create(
        plan=plan, goal=goal, text="Join Triple P", service=service, created_by=user
    )
    score = get("casework", "GoalScore").objects.create(
        goal=goal, scale="gas", score=-1, scored_on=D(2025, 5, 1), meeting=meeting, by=user
    )
    check = get("casework", "SustainedOutcomeCheck").objects.create(
        episode=episode,
        family=family,
        closed_on=D(2025, 6, 2),
        due_on=D(2025, 12, 2),
        rules_version="wt2023",
        needs=["housing", "debt"],
    )
    return {
        "service": service.pk,
        "action": action.pk,
        "score": score.pk,
        "check": check.pk,
        "episode": episode.pk,
        "goal": goal.pk,
        "meeting": meeting.pk,
    }


@pytest.mark.django_db(transaction=True)
def test_moving_the_models_keeps_every_row():
    try:
        old_apps = _migrate(BEFORE)
        ContentType.objects.clear_cache()
        ct = old_apps.get_model("contenttypes", "ContentType")
        old_ct = ct.objects.get_or_create(app_label="casework", model="goalscore")[0].pk
        ct.objects.filter(app_label="outcomes", model="goalscore").delete()
        pks = _write_old_rows(old_apps)
        _migrate()
        ContentType.objects.clear_cache()

        service = HubService.objects.get(pk=pks["service"])
        assert (service.name, service.hub.name, service.email) == (
            "Triple P",
            "Old Hub",
            "hub@example.test",
        )
        assert PlanAction.objects.get(pk=pks["action"]).service == service
        assert list(service.plan_actions.values_list("pk", flat=True)) == [pks["action"]]
        score = GoalScore.objects.get(pk=pks["score"])
        assert (score.goal_id, score.meeting_id, score.scale, score.score) == (
            pks["goal"],
            pks["meeting"],
            "gas",
            -1,
        )
        check = SustainedOutcomeCheck.objects.get(pk=pks["check"])
        assert check.episode.pk == pks["episode"]
        assert check.episode.sustained_outcome_check == check
        assert (check.due_on, check.needs, check.is_recorded) == (
            D(2025, 12, 2),
            ["housing", "debt"],
            False,
        )
        # The content type (and so any permission on it) followed the model.
        assert ContentType.objects.get_for_model(GoalScore).pk == old_ct
        # New rows carry on from the old ids.
        assert (
            HubService.objects.create(hub=service.hub, name="Another", category="money").pk
            > pks["service"]
        )
    finally:
        _migrate()
        ContentType.objects.clear_cache()
