"""Issue 17, 'nothing lost': everything the family told the early help team travels with a
step-up (into the StepUp record and the front-door contact) and with a step-down (into the
StepDown record). The carry test builds a family record with one of everything, sends it, and
compares the receiving record with the sending one item by item."""

import datetime as dt

import pytest

from casework import actions
from casework.models import (
    Assessment,
    AssessmentNeed,
    AssessmentPersonNote,
    FamilyPlan,
    Goal,
    Meeting,
    PlanAction,
)
from frontdoor.models import Contact
from organisations.factories import OrganisationFactory
from outcomes.models import GoalScore
from people.models import ChronologyEntry
from sharing.models import Consent, SharingRecord

pytestmark = pytest.mark.django_db

D = dt.date


@pytest.fixture
def told(family_worker, smith_family):
    """One of everything the family told the early help team (synthetic)."""
    u, f = family_worker.user, smith_family
    school = OrganisationFactory(name="Test Primary School")
    return {
        **_assessment(f, u),
        **_plan(f, u),
        **_consents_and_sharing(f, u, school),
        "entries": [
            ChronologyEntry.objects.create(
                family=f, kind="note", summary=f"Home visit {i}", detail=f"Talked about week {i}"
            )
            for i in range(130)  # more than the 100 the old step-up cut the chronology to
        ],
    }


def _assessment(f, u):
    a = Assessment.objects.create(
        family=f,
        kind="eha",
        status="completed",
        completed_on=D(2026, 11, 2),
        child_voice="Jaden: 'I want mum to be happy'",
        strengths="Kelly never misses a school pick-up",
        network="Nan lives two streets away",
        analysis="Kelly's low mood is the main worry",
        created_by=u,
    )
    AssessmentNeed.objects.create(assessment=a, person=f.kelly, area="mental_health")
    notes = [
        AssessmentPersonNote.objects.create(
            assessment=a, person=f.kelly, text="Low mood since the winter; sees her GP"
        ),
        AssessmentPersonNote.objects.create(
            assessment=a, person=f.jaden, text="Quiet at school; likes football"
        ),
    ]
    return {"assessment": a, "notes": notes}


def _plan(f, u):
    plan = FamilyPlan.objects.create(
        family=f,
        family_words="A calmer home",
        worries="Rent arrears",
        working_well="Mornings are better",
        created_by=u,
    )
    goal = Goal.objects.create(plan=plan, text="Jaden at school every day", scale="gbo")
    scores = [
        GoalScore.objects.create(goal=goal, scale="gbo", score=s, scored_on=d, by=u)
        for s, d in ((2, D(2026, 9, 1)), (5, D(2026, 10, 13)), (7, D(2026, 11, 24)))
    ]
    act = PlanAction.objects.create(plan=plan, goal=goal, text="Breakfast club", created_by=u)
    review = Meeting.objects.create(
        family=f,
        kind="taf_review",
        held_on=D(2026, 10, 13),
        parents_views="Kelly feels listened to",
        child_views="Jaden likes breakfast club",
        minutes="All agencies attended",
        decisions="Carry on with the plan",
        recorded_by=u,
    )
    return {"plan": plan, "goal": goal, "scores": scores, "action": act, "review": review}


def _consents_and_sharing(f, u, school):
    consents = [
        Consent.objects.create(
            family=f,
            person=f.kelly,
            purpose="early_help",
            given=True,
            given_by="adult_self",
            method="written",
            recorded_by=u,
            notes="Signed at the first visit",
        ),
        Consent.objects.create(
            family=f,
            person=f.kelly,
            purpose="share_with_agency",
            agency=school,
            given=False,
            given_by="adult_self",
            method="verbal",
            recorded_by=u,
        ),
    ]
    sharing = [
        SharingRecord.objects.create(
            family=f,
            decision=d,
            recipient=school,
            purpose=purpose,
            sections=["plan"],
            art6_basis="6_1_e",
            consent_position="given",
            reason_not_shared=why,
            decided_by=u,
            lawful_bases_version="test",
        )
        for d, purpose, why in (
            ("shared", "Attendance support", ""),
            ("not_shared", "School asked for health details", "Not needed for attendance"),
        )
    ]
    return {"consents": consents, "sharing": sharing}


def _compare(carried: dict, told: dict) -> None:
    """The receiving snapshot against the sending record, item by item."""
    a = carried["assessment"]
    assert a["id"] == told["assessment"].pk
    for field in ("child_voice", "strengths", "network", "analysis"):
        assert a[field] == getattr(told["assessment"], field)
    assert a["needs"] == ["Kelly Smith: Mental health"]
    assert a["person_notes"] == [
        {"person": n.person.full_name, "text": n.text} for n in told["notes"]
    ]
    plan = carried["plan"]
    for field in ("family_words", "worries", "working_well"):
        assert plan[field] == getattr(told["plan"], field)
    (goal,) = plan["goals"]
    assert goal["text"] == told["goal"].text
    assert [(s["on"], s["score"]) for s in goal["scores"]] == [
        (s.scored_on.isoformat(), s.score) for s in told["scores"]
    ]
    assert goal["latest_score"] == 7
    (act,) = plan["actions"]
    assert (act["text"], act["goal"]) == ("Breakfast club", told["goal"].text)
    (review,) = carried["reviews"]
    for field in ("parents_views", "child_views", "minutes", "decisions"):
        assert review[field] == getattr(told["review"], field)
    assert [(c["purpose"], c["state"], c["agency"]) for c in carried["consents"]] == [
        (c.get_purpose_display(), c.state, c.agency.name if c.agency_id else None)
        for c in told["consents"]
    ]
    assert [(s["decision"], s["purpose"], s["reason_not_shared"]) for s in carried["sharing"]] == [
        (s.get_decision_display(), s.purpose, s.reason_not_shared) for s in told["sharing"]
    ]
    summaries = [e["summary"] for e in carried["chronology"]]
    for entry in told["entries"]:
        assert entry.summary in summaries


def test_a_step_up_carries_everything_item_by_item(family_worker, smith_family, told):
    record = actions.step_up(
        by=family_worker.user,
        family=smith_family,
        children=[smith_family.jaden],
        reason="Jaden disclosed being hit",
        lead_view="Needs a strategy discussion",
        immediate_risk=False,
        disclosure=True,
        no_episode_reason="New worry on a visit",
    )
    _compare(record.carried, told)
    worries = Contact.objects.get(pk=record.frontdoor_contact_id).worries
    for note in told["notes"]:
        assert f"About {note.person.full_name}: {note.text}" in worries
    assert "Goal: Jaden at school every day (working on it) – scores: 2 out of 10 on " in worries
    assert "7 out of 10 on 2026-11-24" in worries
    assert "Breakfast club" in worries
    for field in ("parents_views", "child_views", "minutes", "decisions"):
        assert getattr(told["review"], field) in worries
    for consent in told["consents"]:
        assert f"{consent.person.full_name}: {consent.get_purpose_display()}" in worries
    for s in told["sharing"]:
        assert f"{s.get_decision_display()} with {s.recipient.name}: {s.purpose}" in worries
    assert "Not needed for attendance" in worries
    for entry in told["entries"]:
        assert f"{entry.summary} – {entry.detail}" in worries


def test_a_step_down_carries_everything_item_by_item(
    smith_family, told, social_worker, family_worker
):
    episode = actions.episode_open(
        by=social_worker.user,
        family=smith_family,
        child=smith_family.jaden,
        kind="CIN",
        data={"referral_date": D(2026, 11, 2), "referral_source": "5D", "primary_need": "N4"},
    )
    record = actions.step_down_propose(
        by=social_worker.user,
        family=smith_family,
        episodes=[episode],
        agreed_at="cin_review",
        agreed_on=D(2026, 12, 1),
        receiving_lead=family_worker,
        family_consent_on=D(2026, 12, 1),
        family_consent_by=smith_family.kelly,
        handover_note="Jaden is settled",
    )
    _compare(record.carried, told)
