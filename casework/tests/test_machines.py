"""Every allowed and every refused step of each episode state machine, walked from the tables
in casework.machines: an allowed step moves the episode, writes the transition row, the audit
event and the chronology; a step from any other state is refused with a clear message."""

import datetime as dt

import pytest
import time_machine

from audit.models import AuditEvent
from casework import actions, machines, policy
from casework import messages as msg
from casework.models import Episode, EpisodeTransition
from casework.tests.conftest import build_episode
from familyhub import errors
from organisations.factories import InvolvementFactory
from people.models import ChronologyEntry

pytestmark = pytest.mark.django_db

D = dt.date
ON = D(2025, 5, 20)
DATA = {
    ("EH", "seek_consent"): {},
    ("EH", "consent_declined"): {"closed_on": ON},
    ("EH", "consent_given"): {"consent_given_on": ON, "allocated_to": "family_worker"},
    ("EH", "start_assessment"): {"assessment_started_on": ON},
    ("EH", "complete_assessment"): {"assessment_completed_on": ON, "plan_started_on": ON},
    ("EH", "start_review"): {},
    ("EH", "continue_plan"): {},
    ("EH", "close_needs_met"): {"closed_on": ON},
    ("EH", "step_up"): {},
    ("EH", "resume"): {},
    ("EH", "close"): {"closed_on": ON, "eh_closure_reason": "moved_away"},
    ("CIN", "nfa_at_referral"): {"closed_on": ON, "closure_reason": "RC7"},
    ("CIN", "start_assessment"): {"assessment_started_on": ON},
    ("CIN", "authorise_assessment"): {
        "assessment_authorised_on": ON,
        "assessment_factors": ["4B", "3B"],
    },
    ("CIN", "start_cin_plan"): {"cin_plan_started_on": ON},
    ("CIN", "end_cin_plan"): {"cin_plan_ended_on": ON},
    # RC7: RC8 and RC9 are refused once the episode has had a plan (the cin_plan state; DfE 2990)
    ("CIN", "close"): {"closed_on": ON, "closure_reason": "RC7"},
    ("CP", "no_s47"): {"closed_on": ON},
    ("CP", "start_s47"): {"s47_started_on": ON},
    ("CP", "s47_no_conference"): {"s47_ended_on": ON},
    ("CP", "schedule_icpc"): {"s47_ended_on": ON, "icpc_planned_on": ON},
    ("CP", "icpc_no_plan"): {"icpc_on": ON},
    ("CP", "icpc_plan"): {"icpc_on": ON, "cp_plan_started_on": ON, "cp_category_initial": "NEG"},
    ("CP", "rcpc_continue"): {"rcpc_on": ON, "cp_category_latest": "EMO"},
    ("CP", "rcpc_end_plan"): {"rcpc_on": ON, "cp_plan_ended_on": ON},
}
ALL_STEPS = [
    (kind, state, t.event)
    for kind, states in machines.STATES.items()
    for state in states
    for t in machines.TRANSITIONS
    if t.kind == kind
]


def test_every_transition_has_test_data():
    assert {(t.kind, t.event) for t in machines.TRANSITIONS} == set(DATA)


def _actor(kind, event, ctx):
    t = machines.transition(kind, event)
    if kind == "EH":
        return ctx["family_worker"].user
    holders = policy.STEP_DUTIES[t.duty]
    return ctx["social_worker"].user if "social_worker" in holders else ctx["csc_manager"].user


def _data(kind, event, ctx):
    data = dict(DATA[(kind, event)])
    if data.get("allocated_to") == "family_worker":
        data["allocated_to"] = ctx["family_worker"]
    if event in machines.LCPP_EVENTS:  # a conference or plan: the lead CP practitioner
        data["lead_cp_practitioner"] = ctx["social_worker"]
    return data


@pytest.fixture
def ctx(smith_family, family_worker, social_worker, csc_manager):
    return {
        "family": smith_family,
        "family_worker": family_worker,
        "social_worker": social_worker,
        "csc_manager": csc_manager,
    }


@time_machine.travel(dt.datetime(2025, 6, 2, 10, 0, tzinfo=dt.UTC), tick=False)
@pytest.mark.parametrize(("kind", "state", "event"), ALL_STEPS)
def test_step_allowed_or_refused(ctx, kind, state, event):
    family = ctx["family"]
    episode = build_episode(family, family.jaden, kind, state)
    t = machines.transition(kind, event)
    by = _actor(kind, event, ctx)
    if state not in t.sources:
        with pytest.raises(errors.RuleViolation) as exc:
            actions.episode_transition(
                by=by,
                episode=episode,
                event=event,
                expected_version=episode.version,
                data=_data(kind, event, ctx),
            )
        assert exc.value.message == msg.STEP_NOT_ALLOWED.format(
            step=t.label, state=machines.state_label(kind, state)
        )
        episode.refresh_from_db()
        assert episode.state == state
        assert episode.version == 1
        assert not EpisodeTransition.objects.filter(episode=episode).exists()
        return
    before_chronology = ChronologyEntry.objects.filter(family=family).count()
    result = actions.episode_transition(
        by=by,
        episode=episode,
        event=event,
        expected_version=episode.version,
        data=_data(kind, event, ctx),
        note="Discussed with the family",
    )
    assert result.state == t.target
    assert result.version == 2
    step = EpisodeTransition.objects.get(episode=episode)
    assert (step.event, step.from_state, step.to_state, step.by) == (event, state, t.target, by)
    assert step.rules_version
    assert AuditEvent.objects.filter(
        verb="update", object_type="casework.episode", object_id=str(episode.pk)
    ).exists()
    assert ChronologyEntry.objects.filter(family=family).count() == before_chronology + 1
    if t.target == machines.CLOSED:
        assert result.closed_on is not None
        assert result.closure_reason


@time_machine.travel(dt.datetime(2025, 6, 2, 10, 0, tzinfo=dt.UTC), tick=False)
@pytest.mark.parametrize("t", machines.TRANSITIONS, ids=lambda t: f"{t.kind}-{t.event}")
def test_step_refused_for_roles_not_in_the_table(ctx, school_dsl, t):
    """A school DSL involved with the family (not the lead) may make no step; a family worker no
    statutory step; a social worker no manager-only step."""
    family = ctx["family"]
    InvolvementFactory(family=family, practitioner=school_dsl, role="dsl", started_on=D(2020, 1, 1))
    state = sorted(t.sources)[0]
    outsiders = [school_dsl.user]
    if t.kind != "EH":
        outsiders.append(ctx["family_worker"].user)
        if "social_worker" not in policy.STEP_DUTIES[t.duty]:
            outsiders.append(ctx["social_worker"].user)
    for user in outsiders:
        episode = build_episode(family, family.jaden, t.kind, state)
        with pytest.raises(errors.NotPermitted):
            actions.episode_transition(
                by=user,
                episode=episode,
                event=t.event,
                expected_version=1,
                data=_data(t.kind, t.event, ctx),
            )
        Episode.objects.filter(pk=episode.pk).update(closed_on=D(2025, 3, 3), state="closed")
        if episode.parent_id:
            Episode.objects.filter(pk=episode.parent_id).update(
                closed_on=D(2025, 3, 3), state="closed"
            )


@time_machine.travel(dt.datetime(2025, 6, 2, 10, 0, tzinfo=dt.UTC), tick=False)
def test_lead_practitioner_from_a_school_may_make_early_help_steps(ctx, school_dsl):
    family = ctx["family"]
    InvolvementFactory(family=family, practitioner=school_dsl, role="dsl", started_on=D(2020, 1, 1))
    actions.lead_assign(
        by=ctx["family_worker"].user,
        family=family,
        lead=school_dsl,
        cover=None,
        family_say="chosen",
    )
    episode = build_episode(family, family.jaden, "EH", "requested")
    result = actions.episode_transition(
        by=school_dsl.user, episode=episode, event="seek_consent", expected_version=1, data={}
    )
    assert result.state == "consent_pending"


def test_unknown_step_is_refused(ctx):
    episode = build_episode(ctx["family"], ctx["family"].jaden, "CIN", "referral_open")
    with pytest.raises(errors.RuleViolation, match="does not exist"):
        actions.episode_transition(
            by=ctx["csc_manager"].user, episode=episode, event="fly", expected_version=1, data={}
        )


def test_stale_step_is_refused(ctx):
    episode = build_episode(ctx["family"], ctx["family"].jaden, "CIN", "referral_open")
    with pytest.raises(errors.StaleVersion):
        actions.episode_transition(
            by=ctx["social_worker"].user,
            episode=episode,
            event="start_assessment",
            expected_version=7,
            data={"assessment_started_on": D(2025, 3, 4)},
        )
