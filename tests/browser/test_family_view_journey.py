"""The family's own view (issue 13, journey 3 and the relationship part of journey 4): a lead
worker invites a parent, who signs in with the code from the letter, chooses a password, sees
that the lead is on leave today with the cover's and the out-of-hours numbers, scores a goal,
answers "how the help feels", and gets 404 on every other page of the family's record tried.
Then the team manager sees the team's relationship chart with its table. axe-core on every
page; screenshots at 1280 and 375 px."""

from __future__ import annotations

import datetime as dt

from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from casework import actions as casework_actions
from conftest import PASSWORD
from organisations.factories import (
    InvolvementFactory,
    OrganisationFactory,
    PractitionerFactory,
    TeamFactory,
)
from organisations.models import OrganisationType, Role
from outcomes.models import GoalScore
from people.factories import FamilyFactory, MembershipFactory, PersonFactory
from portal.models import RelationshipCheck
from portal.tests.helpers import build_household
from tests.authorisation_cast import fresh
from tests.browser.shots import shots

FAMILY_PASSWORD = "kettle garden violet"  # noqa: S105 - test-only


def _team():
    eh = OrganisationFactory(name="Demo Family Hub", org_type=OrganisationType.EARLY_HELP)
    team = TeamFactory(name="North early help team", organisation=eh)
    lead = PractitionerFactory(
        user__full_name="Jess Lead", user__email="jess.lead@example.test", organisation=eh,
        team=team, role=Role.FAMILY_WORKER, phone="020 7946 0101",
    )  # fmt: skip
    cover = PractitionerFactory(
        user__full_name="Kay Cover", organisation=eh, team=team, role=Role.FAMILY_WORKER,
        phone="020 7946 0102",
    )  # fmt: skip
    manager = PractitionerFactory(
        user__full_name="Ruth Manager", user__email="ruth.manager@example.test",
        organisation=eh, team=team, role=Role.TEAM_MANAGER,
    )  # fmt: skip
    manager.manages.add(team)
    return lead, cover, manager


def _family(lead, cover):
    """The Brook family: Kelly (the parent invited in the journey) and her son Leo (9), with a
    plan, a review yesterday, and the lead on leave from today."""
    family = FamilyFactory(name="Brook family")
    kelly = PersonFactory(given_name="Kelly", family_name="Brook", date_of_birth="1991-04-02")
    leo = PersonFactory(given_name="Leo", family_name="Brook", date_of_birth="2017-06-09")
    MembershipFactory(family=family, person=kelly, role="parent_carer")
    MembershipFactory(family=family, person=leo, role="child")
    InvolvementFactory(family=family, practitioner=lead, started_on=dt.date(2025, 1, 6))
    by = fresh(lead.user)
    casework_actions.lead_assign(by=by, family=family, lead=lead, cover=cover, family_say="chosen")
    plan = casework_actions.plan_create(by=by, family=family, data={"family_words": "Calm days"})
    goal = casework_actions.goal_add(by=by, plan=plan, text="We eat breakfast together")
    casework_actions.plan_action_add(by=by, plan=plan, goal=goal, text="Breakfast club place")
    casework_actions.meeting_record(
        by=by, family=family, kind="taf_review", held_on=timezone.localdate() - dt.timedelta(1)
    )
    today = timezone.localdate()
    casework_actions.absence_record(
        by=by, practitioner=lead, kind="leave", starts_on=today, ends_on=today + dt.timedelta(4)
    )
    return family, goal


def _earlier_answers(lead, cover):
    """Five other families of the team answered before, so the team's chart has figures."""
    for n in range(3):
        family = FamilyFactory(name=f"Earlier family {n}")
        InvolvementFactory(family=family, practitioner=lead, started_on=dt.date(2025, 1, 6))
        household = build_household(family, lead, cover)
        for who, account in household.accounts.items():
            RelationshipCheck.objects.create(
                account=account, family=family, person=account.person, worker=lead,
                review=household.review, wording=account.kind, open=4, honest=4, reliable=3,
                persistent=5, listened=4 if who != "adult" else 2,
            )  # fmt: skip


def _invite(journey, family) -> tuple[str, str]:
    journey.sign_in("jess.lead@example.test", PASSWORD)
    journey.visit(reverse("people:family", args=[family.pk]))
    journey.page.get_by_role("link", name="Invite a family member (a letter with a code)").click()
    journey.check_page()
    journey.page.get_by_label("Kelly Brook (Parent or carer)").check()
    journey.page.get_by_role("button", name="Make the letter").click()
    shots(journey, "letter")
    name = journey.page.get_by_test_id("sign-in-name").inner_text()
    code = journey.page.get_by_test_id("code").inner_text()
    journey.page.get_by_role("button", name="Sign out").click()
    return name, code


def _first_sign_in(journey, name: str, code: str) -> None:
    page = journey.page
    journey.visit(reverse("portal:start"))
    page.get_by_label("Your sign-in name").fill(name)
    page.get_by_label("Your code").fill(code)
    page.get_by_role("button", name="Continue").click()
    journey.check_page()
    page.get_by_label("Choose a password").fill(FAMILY_PASSWORD)
    page.get_by_role("button", name="Save my password").click()
    expect(page.get_by_role("heading", name="Your family's page")).to_be_visible()
    worker = page.get_by_test_id("my-worker")
    expect(worker).to_contain_text("Jess Lead is your worker")
    expect(worker).to_contain_text("Not working today")
    expect(page.get_by_test_id("call-instead")).to_contain_text("Kay Cover, who is covering")
    expect(page.get_by_test_id("call-instead")).to_contain_text("020 7946 0102")
    expect(page.get_by_test_id("out-of-hours")).to_contain_text("020 7946 0999")
    shots(journey, "home")


def _score_and_answer(journey, goal) -> None:
    page = journey.page
    page.get_by_test_id("goal").get_by_role("link", name="Score this goal").click()
    journey.check_page()
    page.get_by_label("7", exact=True).check()
    page.get_by_role("button", name="Save my score").click()
    expect(page.get_by_test_id("goal")).to_contain_text("7 out of 10")
    page.get_by_role("link", name="Tell us how the help feels").click()
    for question in (
        "My worker tells me what they are doing and why",
        "My worker is honest with me, even when it is hard to hear",
        "My worker does what they say they will do",
        "My worker keeps going and does not give up on us",
        "I felt listened to",
    ):
        page.get_by_role("group", name=question).get_by_label("Mostly").check()
    page.get_by_label("What would make the help better?").fill("Text me before you visit")
    shots(journey, "how-the-help-feels")
    page.get_by_role("button", name="Send my answers").click()
    expect(page.get_by_text("Thank you for telling us how the help feels")).to_be_visible()
    assert GoalScore.objects.filter(goal=goal, score=7).exists()
    assert RelationshipCheck.objects.filter(better="Text me before you visit").exists()


def _every_other_page_is_404(journey, family, goal) -> None:
    person = family.memberships.first().person
    paths = [reverse(n, args=[family.pk]) for n in (
        "people:family", "casework:plan", "casework:notes", "casework:chronology",
        "sharing:family", "casework:lead", "portal:invite",
    )] + [
        reverse("people:person", args=[person.pk]), reverse("people:search"),
        reverse("casework:caseload"), reverse("portal:relationships"), reverse("notices:list"),
        reverse("hubs:directory"),
    ]  # fmt: skip
    for path in paths:
        response = journey.page.goto(journey.base_url + path)
        assert response.status == 404, f"{path}: {response.status}"
    journey.page.goto(journey.base_url + reverse("portal:home"))
    journey.page.wait_for_load_state("load")
    # Chromium logs each refused page's own 404 as a failed resource: expected, so set aside.
    journey.console_errors.clear()
    journey.check_page()


def test_the_family_sees_their_own_page_and_the_manager_the_teams_answers(journey):
    lead, cover, manager = _team()
    family, goal = _family(lead, cover)
    _earlier_answers(lead, cover)
    name, code = _invite(journey, family)
    _first_sign_in(journey, name, code)
    _score_and_answer(journey, goal)
    _every_other_page_is_404(journey, family, goal)
    journey.page.get_by_role("button", name="Sign out").click()
    journey.sign_in("ruth.manager@example.test", PASSWORD)
    journey.page.get_by_role("link", name="How the help feels").click()
    expect(journey.page.locator("svg.fh-bars")).to_be_visible()
    table = journey.page.get_by_test_id("relationship-table")
    expect(table).to_contain_text("Jess Lead")
    expect(table).to_contain_text("10")  # ten answers about Jess, none about Kay
    shots(journey, "team-relationships")
