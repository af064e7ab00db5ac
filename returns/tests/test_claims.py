"""Supporting Families / Family Help claims on constructed families: eligibility (needs under at
least three headline outcomes), each claim condition checked from the record with the missing
evidence listed, the claim list for a period, and a manager's approval, audited."""

from __future__ import annotations

import datetime as dt

import pytest

from audit.models import AuditEvent, Verb
from casework.factories import EpisodeFactory, FamilyPlanFactory, GoalFactory
from casework.models import Assessment, AssessmentNeed, LeadArrangement
from casework.models.plan import PlanAction
from familyhub import errors
from organisations.factories import PractitionerFactory
from organisations.models import Role
from outcomes.factories import SustainedOutcomeCheckFactory
from returns import actions, claims, queries
from returns.models import FamilyClaim

D = dt.date
NEEDS = ["housing", "debt", "mental_health", "parenting"]  # four headlines (debt: financial)


CHECKED = D(2025, 12, 10)


def build(family_worker, *, needs=NEEDS, lead=True, plan=True, done=True, sustained=None,
          checked_on=CHECKED):  # fmt: skip
    """A family's early help work, closed on 2 June 2025, with what the test leaves out."""
    episode = EpisodeFactory()
    family, child, user = episode.family, episode.child, family_worker.user
    assessment = Assessment.objects.create(
        family=family, episode=episode, kind="eha", completed_on=D(2025, 3, 20), created_by=user
    )
    for area in needs:
        AssessmentNeed.objects.create(assessment=assessment, person=child, area=area)
    if lead:
        LeadArrangement.objects.create(family=family, lead=family_worker, family_say="chose",
                                       started_on=D(2025, 3, 3), recorded_by=user)  # fmt: skip
    if plan:
        goal = GoalFactory(plan=FamilyPlanFactory(family=family, created_by=user))
        status = "done" if done else "in_progress"
        PlanAction.objects.create(
            plan=goal.plan, goal=goal, text="Visit", status=status, created_by=user
        )
    results = sustained if sustained is not None else dict.fromkeys(needs, True)
    SustainedOutcomeCheckFactory(episode=episode, needs=list(needs), checked_on=checked_on,
                                 sustained=all(results.values()), need_results=results)  # fmt: skip
    return family


def test_a_family_meeting_every_condition_is_claimable(family_worker):
    family = build(family_worker)
    check = claims.check_family(family.pk)
    assert check.headlines == ["health", "relationships", "housing", "financial"]
    assert check.eligible
    assert check.claimable
    assert check.missing == []


def test_needs_under_two_headlines_are_not_eligible(family_worker):
    family = build(family_worker, needs=["housing", "debt", "employment"])  # two headlines
    check = claims.check_family(family.pk)
    assert check.headlines == ["housing", "financial"]
    assert not check.eligible
    assert not check.claimable
    assert check.missing == [
        "Needs under 2 headline outcome(s) recorded at assessment; at least 3 are needed"
    ]


@pytest.mark.parametrize(
    ("left_out", "missing"),
    [
        ({"lead": False}, "No lead practitioner recorded"),
        ({"plan": False}, "No family plan with goals"),  # and so no support either
        ({"done": False}, "No action in the family plan marked done"),
        ({"sustained": {"housing": True, "debt": False, "mental_health": True, "parenting": True}},
         "Not shown as sustained: Money and debt"),
        ({"checked_on": D(2025, 9, 1)},
         "The check on 1 September 2025 was less than six months after the work closed "
         "(2 June 2025)"),
    ],
)  # fmt: skip
def test_each_missing_condition_is_named(family_worker, left_out, missing):
    family = build(family_worker, **left_out)
    check = claims.check_family(family.pk)
    assert check.eligible
    assert not check.claimable
    assert check.missing[0] == missing
    assert len(check.missing) == (2 if "plan" in left_out else 1)


def test_the_claim_list_and_a_managers_approval_are_audited(family_worker, eh_team):
    ready = build(family_worker)
    not_ready = build(family_worker, done=False)
    build(family_worker, checked_on=D(2026, 6, 1))  # checked after the period
    manager = PractitionerFactory(organisation=eh_team.organisation, team=eh_team,
                                  role=Role.TEAM_MANAGER)  # fmt: skip
    rows = queries.claims_for(manager.user, D(2025, 10, 1), D(2025, 12, 31))
    assert [(r.family_id, r.check.claimable) for r in rows] == [
        (ready.pk, True),
        (not_ready.pk, False),
    ]
    assert (
        AuditEvent.objects.filter(verb=Verb.LIST, reason="Supporting Families claim list").count()
        == 1
    )
    with pytest.raises(errors.RuleViolation, match="No action in the family plan marked done"):
        actions.claim_approve(by=manager.user, family=not_ready, period_start=D(2025, 10, 1),
                              period_end=D(2025, 12, 31))  # fmt: skip
    claim = actions.claim_approve(by=manager.user, family=ready, period_start=D(2025, 10, 1),
                                  period_end=D(2025, 12, 31))  # fmt: skip
    assert claim.approved_by == manager.user
    assert claim.evidence["headlines"] == ["health", "relationships", "housing", "financial"]
    event = AuditEvent.objects.get(verb=Verb.CREATE, object_type__icontains="claim")
    assert event.family_id == ready.pk
    with pytest.raises(errors.RuleViolation, match="already"):
        actions.claim_approve(by=manager.user, family=ready, period_start=D(2025, 10, 1),
                              period_end=D(2025, 12, 31))  # fmt: skip
    assert FamilyClaim.objects.count() == 1


def test_only_managers_approve_and_practitioners_see_no_list(family_worker):
    from django.http import Http404

    family = build(family_worker)
    with pytest.raises(Http404):
        queries.claims_for(family_worker.user, D(2025, 10, 1), D(2025, 12, 31))
    with pytest.raises(errors.NotPermitted):
        actions.claim_approve(by=family_worker.user, family=family, period_start=D(2025, 10, 1),
                              period_end=D(2025, 12, 31))  # fmt: skip


def test_the_claims_page_lists_and_approves(client, family_worker, eh_team):
    from django.urls import reverse

    ready = build(family_worker)
    manager = PractitionerFactory(organisation=eh_team.organisation, team=eh_team,
                                  role=Role.TEAM_MANAGER)  # fmt: skip
    url = reverse("returns:claims") + "?start=2025-10-01&end=2025-12-31"
    client.force_login(family_worker.user)
    assert client.get(url).status_code == 404
    client.force_login(manager.user)
    page = client.get(url).content.decode()
    assert ready.name in page
    assert "Approve claim" in page
    approve = reverse("returns:claim-approve")
    answer = client.post(
        approve, {"family": ready.pk, "start": "2025-10-01", "end": "2025-12-31", "note": ""}
    )
    assert answer.status_code == 302
    assert FamilyClaim.objects.get(family=ready).period_start == D(2025, 10, 1)
    assert "Approved" in client.get(url).content.decode()
