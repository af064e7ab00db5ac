"""Goals on either scale (goal-based outcome 0–10, goal attainment −2..+2), hub services as plan
actions, the cover practitioner's involvement, and the six-month sustained outcome check."""

import datetime as dt
import html

import pytest
import time_machine
from django.db import IntegrityError, transaction
from django.urls import reverse

from audit.models import AuditEvent
from casework import actions, queries
from casework import messages as msg
from casework.tests.conftest import build_episode
from conftest import client_for
from directory import queries as directory_queries
from directory.factories import HubServiceFactory
from familyhub import errors
from notices.models import Notice
from organisations.models import Involvement, InvolvementRole
from outcomes import actions as outcome_actions
from outcomes import messages as outcome_msg
from outcomes.models import GoalScore, SustainedOutcomeCheck
from people.models import ChronologyEntry

pytestmark = pytest.mark.django_db
D = dt.date


def _text(response) -> str:
    return html.unescape(response.content.decode())


def _at(day):
    return time_machine.travel(
        dt.datetime(day.year, day.month, day.day, 11, tzinfo=dt.UTC), tick=False
    )


def _date(prefix, day):
    return {
        f"{prefix}_0": str(day.day),
        f"{prefix}_1": str(day.month),
        f"{prefix}_2": str(day.year),
    }


@pytest.fixture
def plan(smith_family, family_worker):
    return actions.plan_create(
        by=family_worker.user, family=smith_family, data={"family_words": "Calmer mornings"}
    )


# --- Goal scales ------------------------------------------------------------------------------


def test_attainment_goal_keeps_its_scale_levels_and_baseline(plan, family_worker):
    goal = actions.goal_add(
        by=family_worker.user,
        plan=plan,
        text="Kelly gets to the GP about her mood",
        scale="gas",
        baseline=-2,
        level_words={
            "0": "Kelly has seen the GP once",
            "2": "Kelly sees the GP and a group",
            "7": "x",
        },
    )
    assert goal.scale == "gas"
    assert goal.level_words == {
        "0": "Kelly has seen the GP once",
        "2": "Kelly sees the GP and a group",
    }
    score = goal.scores.get()
    assert (score.scale, score.score) == ("gas", -2)
    assert AuditEvent.objects.filter(object_id=str(goal.pk), verb="create").exists()
    entry = ChronologyEntry.objects.filter(kind="plan").latest("pk")
    assert "starting score -2 (much less than expected)" in entry.summary


@pytest.mark.parametrize(
    ("scale", "baseline", "message"),
    [
        ("gas", 3, msg.ATTAINMENT_RANGE),
        ("gas", -3, msg.ATTAINMENT_RANGE),
        ("gbo", 11, msg.SCORE_RANGE),
        ("gbo", -1, msg.SCORE_RANGE),
    ],
)
def test_out_of_range_baselines_are_refused_on_each_scale(
    plan, family_worker, scale, baseline, message
):
    with pytest.raises(errors.RuleViolation) as exc:
        actions.goal_add(
            by=family_worker.user, plan=plan, text="A goal", scale=scale, baseline=baseline
        )
    assert exc.value.field_errors["baseline"] == [message]
    assert not plan.goals.exists()


def test_unknown_scale_is_refused(plan, family_worker):
    with pytest.raises(errors.RuleViolation) as exc:
        actions.goal_add(by=family_worker.user, plan=plan, text="A goal", scale="star")
    assert exc.value.field_errors["scale"] == [msg.BAD_SCALE]


def test_the_database_checks_each_score_against_its_scale(plan, family_worker):
    goal = actions.goal_add(by=family_worker.user, plan=plan, text="A goal", scale="gas")
    GoalScore.objects.create(
        goal=goal, scale="gas", score=-2, scored_on=D(2025, 1, 1), by=family_worker.user
    )
    for scale, score in (("gas", 3), ("gbo", -1), ("gbo", 11)):
        with pytest.raises(IntegrityError), transaction.atomic():
            GoalScore.objects.create(
                goal=goal, scale=scale, score=score, scored_on=D(2025, 1, 1), by=family_worker.user
            )


def test_review_scores_each_goal_on_its_own_scale_and_shows_distance_travelled(
    client, plan, family_worker, smith_family
):
    gbo = actions.goal_add(by=family_worker.user, plan=plan, text="Jaden at school", baseline=3)
    gas = actions.goal_add(
        by=family_worker.user,
        plan=plan,
        text="Kelly sees the GP",
        scale="gas",
        baseline=-2,
        level_words={"1": "Kelly goes to a group too"},
    )
    c = client_for(client, family_worker)
    url = reverse("casework:meeting-add", args=[smith_family.pk])
    form = _text(c.get(url))
    assert "Score for “Kelly sees the GP” (−2 to +2)" in form
    assert "+1 Kelly goes to a group too" in form
    post = {
        "kind": "taf_review",
        **_date("held_on", dt.date.today()),
        "decisions": "",
        "action_text": "",
        "action_due_on_0": "",
        "action_due_on_1": "",
        "action_due_on_2": "",
    }
    refused = c.post(url, {**post, f"score_{gbo.pk}": "7", f"score_{gas.pk}": "3"})
    assert refused.status_code == 200
    assert "Goal attainment scores go from −2 to +2" in _text(refused)
    assert not GoalScore.objects.filter(meeting__isnull=False).exists()
    ok = c.post(url, {**post, f"score_{gbo.pk}": "7", f"score_{gas.pk}": "1"})
    assert ok.status_code == 302, _text(ok)
    assert GoalScore.objects.get(goal=gas, meeting__isnull=False).scale == "gas"
    page = _text(c.get(reverse("casework:plan", args=[smith_family.pk])))
    assert "from 3 out of 10 to 7 out of 10" in page
    assert '-2<span class="fh-meta govuk-body-s">' in page
    assert '+1<span class="fh-meta govuk-body-s">' in page
    assert "from -2 (much less than expected) to +1 (more than expected)" in page
    assert "Kelly goes to a group too" in page  # the family's words for the level
    review = ChronologyEntry.objects.filter(kind="meeting").latest("pk")
    assert "“Jaden at school”: 3 → 7 out of 10" in review.detail
    assert "“Kelly sees the GP”: -2 → +1 (more than expected)" in review.detail


def test_review_action_refuses_a_score_off_the_goals_scale(plan, family_worker, smith_family):
    gas = actions.goal_add(by=family_worker.user, plan=plan, text="A goal", scale="gas")
    with pytest.raises(errors.RuleViolation) as exc:
        actions.meeting_record(
            by=family_worker.user,
            family=smith_family,
            kind="taf_review",
            held_on=dt.date.today(),
            scores={gas: 5},
        )
    assert exc.value.field_errors[f"score_{gas.pk}"] == [msg.ATTAINMENT_RANGE]


def test_goal_form_chooses_the_scale(client, plan, family_worker, smith_family):
    c = client_for(client, family_worker)
    url = reverse("casework:goal-add", args=[smith_family.pk])
    assert "Goal attainment scaling (−2 to +2)" in _text(c.get(url))
    refused = c.post(url, {"text": "Calm bedtimes", "scale": "gas", "baseline": "5"})
    assert refused.status_code == 200
    assert "Goal attainment scores go from −2 to +2" in _text(refused)
    assert "Calm bedtimes" in _text(refused)  # what was typed is kept
    ok = c.post(
        url,
        {
            "text": "Calm bedtimes",
            "scale": "gas",
            "baseline": "-1",
            "level_0": "In bed by 8 most nights",
        },
    )
    assert ok.status_code == 302
    goal = plan.goals.get()
    assert (goal.scale, goal.level_words) == ("gas", {"0": "In bed by 8 most nights"})
    assert goal.scores.get().score == -1


# --- Hub services -----------------------------------------------------------------------------


def test_a_plan_action_can_be_a_hub_service(client, plan, family_worker, smith_family):
    service = HubServiceFactory(name="Triple P parenting programme", hub__name="North Hub")
    action = actions.plan_action_add(
        by=family_worker.user, plan=plan, text="Kelly joins the group", service=service
    )
    assert action.service == service
    assert action.owner_organisation == service.hub.organisation  # the hub runs it
    c = client_for(client, family_worker)
    page = _text(c.get(reverse("casework:plan", args=[smith_family.pk])))
    assert "Service: Triple P parenting programme (North Hub)" in page
    form = _text(c.get(reverse("casework:action-add", args=[smith_family.pk])))
    assert "Triple P parenting programme (North Hub) – Parenting programme" in form
    entry = ChronologyEntry.objects.filter(kind="plan").latest("pk")
    assert entry.detail == "Service: Triple P parenting programme (North Hub)"


def test_an_inactive_hub_service_is_refused(plan, family_worker):
    service = HubServiceFactory(status="defunct")
    with pytest.raises(errors.RuleViolation) as exc:
        actions.plan_action_add(by=family_worker.user, plan=plan, text="Go", service=service)
    assert exc.value.field_errors["service"] == [msg.SERVICE_NOT_ACTIVE]
    assert directory_queries.hub_services_for_choice().filter(pk=service.pk).count() == 0


# --- Cover --------------------------------------------------------------------------------------


def test_cover_is_recorded_with_the_cover_role(smith_family, family_worker, colleague, manager):
    actions.lead_assign(
        by=family_worker.user,
        family=smith_family,
        lead=family_worker,
        cover=colleague,
        family_say="chosen",
    )
    cover = Involvement.objects.active().get(family=smith_family, practitioner=colleague)
    assert cover.role == InvolvementRole.COVER
    actions.lead_assign(
        by=family_worker.user,
        family=smith_family,
        lead=family_worker,
        cover=manager,
        family_say="chosen",
    )
    cover.refresh_from_db()
    assert cover.ended_on is not None
    assert cover.end_reason == "No longer covering"
    still_covering = Involvement.objects.filter(
        family=smith_family, role=InvolvementRole.COVER, ended_on__isnull=True
    )
    assert [i.practitioner for i in still_covering] == [manager]


# --- Six-month sustained outcome check ------------------------------------------------------------


def _close_needs_met(smith_family, family_worker, closed_on):
    episode = build_episode(
        smith_family, smith_family.jaden, "EH", "reviewing", allocated_to=family_worker
    )
    return actions.episode_transition(
        by=family_worker.user,
        episode=episode,
        event="close_needs_met",
        expected_version=episode.version,
        data={"closed_on": closed_on},
    )


def test_closing_early_help_with_needs_met_sets_a_six_month_check(
    client, smith_family, family_worker
):
    assessment = actions.assessment_start(by=family_worker.user, family=smith_family, kind="eha")
    with _at(D(2025, 6, 2)):
        actions.assessment_save(
            by=family_worker.user,
            assessment=assessment,
            expected_version=1,
            data={"child_voice": "Fine now", "analysis": ""},
            needs={
                smith_family.kelly.pk: ["housing", "debt"],
                smith_family.jaden.pk: ["education"],
            },
            person_notes={},
            complete=True,
        )
        episode = _close_needs_met(smith_family, family_worker, D(2025, 6, 2))
    check = SustainedOutcomeCheck.objects.get(episode=episode)
    assert check.due_on == D(2025, 12, 2)
    with _at(D(2025, 6, 2)):
        c = client_for(client, family_worker)
        page = _text(c.get(reverse("casework:episode", args=[episode.pk])))
    assert "Six-month outcome check" in page
    assert "Due 2 December 2025" in page
    assert check.rules_version == "wt2023-demo-2"
    assert sorted(check.needs) == ["debt", "education", "housing"]
    assert AuditEvent.objects.filter(object_type__icontains="sustained", verb="create").exists()


@pytest.mark.parametrize("event", ["close", "consent_declined"])
def test_other_closures_set_no_check(smith_family, family_worker, event):
    state = "planned" if event == "close" else "consent_pending"
    episode = build_episode(smith_family, smith_family.jaden, "EH", state)
    with _at(D(2025, 6, 2)):
        actions.episode_transition(
            by=family_worker.user,
            episode=episode,
            event=event,
            expected_version=episode.version,
            data={"closed_on": D(2025, 6, 2), "eh_closure_reason": "disengaged"},
        )
    assert not SustainedOutcomeCheck.objects.exists()


def test_checks_due_show_on_the_caseload_and_are_recorded_once(client, smith_family, family_worker):
    with _at(D(2025, 6, 2)):
        episode = _close_needs_met(smith_family, family_worker, D(2025, 6, 2))
    check = episode.sustained_outcome_check
    with _at(D(2025, 10, 1)):  # not within four weeks yet
        assert queries.outcome_checks_due(family_worker.user) == []
    with _at(D(2025, 11, 10)):
        due = queries.outcome_checks_due(family_worker.user)
        assert [(c.pk, c.status) for c in due] == [(check.pk, "due")]
        c = client_for(client, family_worker)
        page = _text(c.get(reverse("casework:caseload")))
        assert "Six-month outcome checks due" in page
        assert "Due 2 Dec 2025" in page
        with pytest.raises(errors.RuleViolation) as exc:
            outcome_actions.sustained_outcome_record(
                by=family_worker.user,
                check=check,
                checked_on=D(2025, 11, 10),
                sustained=True,
                evidence="Fine",
            )
        assert exc.value.field_errors["checked_on"] == [
            outcome_msg.CHECK_NOT_DUE_YET.format(due="2 December 2025")
        ]
    with _at(D(2025, 12, 8)):
        c = client_for(client, family_worker)
        url = reverse("outcomes:outcome-check", args=[episode.pk])
        assert "Overdue" in _text(c.get(url))
        missing = c.post(url, {**_date("checked_on", D(2025, 12, 8)), "evidence": ""})
        assert missing.status_code == 200
        assert "Say whether the family's outcomes have been sustained" in _text(missing)
        ok = c.post(
            url,
            {
                **_date("checked_on", D(2025, 12, 8)),
                "sustained": "yes",
                "evidence": "Attending school daily",
            },
        )
        assert ok.status_code == 302, _text(ok)
        check.refresh_from_db()
        assert (check.sustained, check.checked_on, check.checked_by) == (
            True,
            D(2025, 12, 8),
            family_worker.user,
        )
        assert AuditEvent.objects.filter(object_id=str(check.pk), verb="update").exists()
        entry = ChronologyEntry.objects.get(kind="outcome_check")
        assert entry.summary == "Six-month outcome check for Jaden Smith: outcomes sustained"
        assert entry.significance == "significant"
        assert queries.outcome_checks_due(family_worker.user) == []
        with pytest.raises(errors.RuleViolation):
            outcome_actions.sustained_outcome_record(
                by=family_worker.user,
                check=check,
                checked_on=D(2025, 12, 8),
                sustained=False,
                evidence="x",
            )


def test_daily_reminders_include_overdue_checks_once_a_week(smith_family, family_worker):
    with _at(D(2025, 6, 2)):
        _close_needs_met(smith_family, family_worker, D(2025, 6, 2))
    assert actions.reminders_send(today=D(2025, 12, 2))["outcome_checks"] == 0  # due, not overdue
    assert actions.reminders_send(today=D(2025, 12, 3))["outcome_checks"] == 1
    notice = Notice.objects.get(recipient=family_worker.user, kind="overdue")
    assert notice.subject == "Overdue: six-month outcome check for Jaden Smith"
    assert actions.reminders_send(today=D(2025, 12, 5))["outcome_checks"] == 0
    assert actions.reminders_send(today=D(2025, 12, 10))["outcome_checks"] == 1


def test_migration_moves_old_cover_involvements_to_the_cover_role(smith_family, colleague):
    import importlib

    from django.apps import apps

    migration = importlib.import_module(
        "casework.migrations.0002_goal_scales_services_outcome_checks_drafts"
    )
    old = Involvement.objects.create(
        family=smith_family,
        organisation=colleague.organisation,
        practitioner=colleague,
        role=InvolvementRole.OTHER,
        started_on=D(2025, 1, 1),
        notes="Covers for the lead practitioner",
    )
    other = Involvement.objects.create(
        family=smith_family,
        organisation=colleague.organisation,
        practitioner=colleague,
        role=InvolvementRole.OTHER,
        started_on=D(2025, 1, 1),
        notes="Front door: step-up contact",
    )
    migration.cover_involvements_use_cover_role(apps, None)
    old.refresh_from_db()
    other.refresh_from_db()
    assert (old.role, other.role) == (InvolvementRole.COVER, InvolvementRole.OTHER)
