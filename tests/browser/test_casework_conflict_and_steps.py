"""Casework journeys (issue 5, 'Done when' 3 and 4): two users edit the same plan and the second
sees a conflict with both versions, losing nothing; step-up creates a contact to the front door
carrying the plan; a social worker completes an assessment and steps the family down to a named
lead practitioner who accepts it."""

from django.utils import timezone
from playwright.sync_api import expect

from casework import actions
from casework.models import Episode, FamilyPlan, LeadArrangement, StepUp
from conftest import PASSWORD
from notices.models import Notice
from organisations.factories import InvolvementFactory, OrganisationFactory, PractitionerFactory
from organisations.models import OrganisationType, Role
from tests.browser.conftest import Journey


def test_two_users_edit_the_plan_and_the_second_loses_nothing(
    journey, browser, live_server, family_worker, colleague, smith_family
):
    actions.plan_create(
        by=family_worker.user,
        family=smith_family,
        data={"family_words": "Calmer mornings", "worries": "Kelly's low mood"},
    )
    first, second = journey, Journey(browser, live_server.url, "plan-conflict-second-user")
    try:
        first.sign_in(family_worker.user.email, PASSWORD)
        second.sign_in(colleague.user.email, PASSWORD)
        for j in (first, second):
            j.visit(f"/families/{smith_family.pk}/plan/edit/")
        second.page.get_by_label("What we are worried about").fill("Kelly's low mood; rent arrears")
        second.page.get_by_role("button", name="Save the plan").click()
        expect(second.page.get_by_text("Family plan saved")).to_be_visible()

        mine = "Calmer mornings, and Jaden at school every day (Kelly's words)"
        first.page.get_by_label("What the family want to change, in their words").fill(mine)
        first.page.get_by_role("button", name="Save the plan").click()
        page = first.page
        expect(page.locator(".govuk-error-summary")).to_contain_text(
            "Someone else changed the family plan"
        )
        table = page.get_by_role("table")
        expect(table).to_contain_text("Kelly's low mood; rent arrears")  # theirs
        expect(table).to_contain_text(mine)  # mine, not saved yet
        expect(page.get_by_label("What the family want to change, in their words")).to_have_value(
            mine
        )
        first.check_page(screenshot="conflict")
        page.get_by_label("What we are worried about").fill("Kelly's low mood; rent arrears")
        page.get_by_role("button", name="Save the plan").click()
        expect(page.get_by_text("Family plan saved")).to_be_visible()
        plan = FamilyPlan.objects.get()
        assert plan.family_words == mine
        assert plan.worries == "Kelly's low mood; rent arrears"
        assert plan.version == 3
    finally:
        second.close()


def _step_up(journey, family_worker, family, front_door):
    """Step up: one action, a contact to the front door carrying the plan."""
    page = journey.page
    journey.sign_in(family_worker.user.email, PASSWORD)
    journey.visit(f"/families/{family.pk}/")
    page.get_by_role("link", name="Step up to children's social care").click()
    journey.check_page()
    page.get_by_role("group", name="Which children").get_by_label("Jaden Smith").check(force=True)
    page.get_by_label("Why children's social care needs to be involved now").fill(
        "Jaden disclosed being left alone overnight twice this week."
    )
    for question in (
        "Is a child at immediate risk of significant harm?",
        "Has a child told you, or shown you, that they have been harmed?",
    ):
        page.get_by_role("group", name=question).get_by_label("No", exact=True).check(force=True)
    page.get_by_label("The family has no open early help episode: why step up now?").fill(
        "The worry is new since the last visit."
    )
    page.get_by_label("Your view as lead practitioner").fill("Needs a section 17 assessment.")
    page.get_by_role("button", name="Send to the front door").click()
    expect(page.get_by_role("heading", name="Step-up to children's social care")).to_be_visible()
    expect(page.locator("main")).to_contain_text("Keep Jaden safe at home")
    expect(page.locator("main")).to_contain_text("No more missed meals – 2 out of 10")
    journey.check_page(screenshot="step-up")
    step_up = StepUp.objects.get()
    assert step_up.carried["plan"]["family_words"] == "Keep Jaden safe at home"
    assert Notice.objects.filter(recipient=front_door.user, kind="step_up").exists()
    page.get_by_role("button", name="Sign out").click()


def _social_worker_assesses(journey, family, sw, manager):
    """The front door accepts a referral and allocates it (their own issue's pages, so here by
    action); the social worker then assesses and a manager authorises the assessment."""
    page = journey.page
    # action); the social worker then assesses.
    InvolvementFactory(family=family, practitioner=sw, role="social_worker")
    today = timezone.localdate()
    episode = actions.episode_open(
        by=sw.user,
        family=family,
        child=family.jaden,
        kind="CIN",
        data={
            "referral_date": today,
            "referral_source": "5D",
            "primary_need": "N1",
            "allocated_to": sw,
        },
    )
    journey.sign_in(sw.user.email, PASSWORD)
    journey.visit(f"/episodes/{episode.pk}/")
    page.get_by_role("link", name="Start the child and family assessment").click()
    journey.check_page()
    group = page.get_by_role("group", name="The date the assessment started")
    group.get_by_label("Day").fill(str(today.day))
    group.get_by_label("Month").fill(str(today.month))
    group.get_by_label("Year").fill(str(today.year))
    page.get_by_role("button", name="Save").click()
    expect(page.locator("main")).to_contain_text("Child and family assessment under way")
    journey.check_page(screenshot="episode")
    episode.refresh_from_db()
    actions.episode_transition(
        by=manager.user,
        episode=episode,
        event="authorise_assessment",
        expected_version=episode.version,
        data={"assessment_authorised_on": today, "assessment_factors": ["16A"]},
    )
    return episode


def _propose_step_down(journey, family, family_worker, episode):
    """Step down at assessment closure (RC9) to the family worker, who must accept."""
    page = journey.page
    journey.visit(f"/families/{family.pk}/")
    page.get_by_role("link", name="Step down to early help").click()
    journey.check_page()
    page.get_by_role("group", name="Which children step down").get_by_label(
        "Jaden Smith – Assessment authorised"
    ).check(force=True)
    page.get_by_label("At the end of the assessment (RC9, referred to early help)").check()
    page.get_by_label("Receiving lead practitioner").select_option(
        label=f"Fola Worker – Family worker, {family_worker.organisation.name}"
    )
    page.get_by_label("Who in the family consented to early help").select_option(
        label="Kelly Smith"
    )
    page.get_by_label("Handover note").fill("Kelly agreed to early help; meals plan in place.")
    page.get_by_role("button", name="Ask them to accept").click()
    expect(page.get_by_text("You stay involved until they do")).to_be_visible()
    journey.check_page(screenshot="step-down-proposed")
    assert Episode.objects.get(pk=episode.pk).is_open  # the social worker has not left yet
    page.get_by_role("button", name="Sign out").click()


def _lead_accepts_the_step_down(journey, family, family_worker, episode):
    """The family worker accepts: the early help episode opens with them as lead, and only then
    does the social worker leave."""
    page = journey.page
    journey.sign_in(family_worker.user.email, PASSWORD)
    page.get_by_role("link", name="Notices").click()
    page.get_by_role(
        "button", name="Open Step-down to early help: will you lead for Smith family?"
    ).click()
    journey.check_page()
    page.get_by_label("Yes, I accept").check()
    page.get_by_role("button", name="Send my answer").click()
    expect(page.get_by_text("You are now the lead practitioner")).to_be_visible()
    journey.check_page(screenshot="step-down-accepted")
    episode.refresh_from_db()
    today = timezone.localdate()
    assert (episode.closed_on, episode.closure_reason) == (today, "RC9")
    eh = Episode.objects.get(kind="EH", child=family.jaden)
    assert eh.state == "planned"
    assert eh.allocated_to == family_worker
    assert LeadArrangement.objects.get(ended_on__isnull=True).lead == family_worker
    # Only now does the social worker leave (their involvement ends today).
    assert not family.involvements.filter(role="social_worker", ended_on__isnull=True).exists()


def test_step_up_then_assessment_and_step_down_accepted(journey, family_worker, smith_family):
    csc = OrganisationFactory(
        name="Demo Children's Social Care", org_type=OrganisationType.CHILDRENS_SOCIAL_CARE
    )
    front_door = PractitionerFactory(
        user__full_name="Fran Door", organisation=csc, role=Role.FRONT_DOOR
    )
    sw = PractitionerFactory(
        user__full_name="Sol Social",
        organisation=csc,
        role=Role.SOCIAL_WORKER,
        job_title="Social worker",
    )
    manager = PractitionerFactory(
        user__full_name="Mags Manager", organisation=csc, team=sw.team, role=Role.TEAM_MANAGER
    )
    manager.manages.add(sw.team)
    actions.lead_assign(
        by=family_worker.user,
        family=smith_family,
        lead=family_worker,
        cover=None,
        family_say="chosen",
    )
    plan = actions.plan_create(
        by=family_worker.user, family=smith_family, data={"family_words": "Keep Jaden safe at home"}
    )
    actions.goal_add(by=family_worker.user, plan=plan, text="No more missed meals", baseline=2)

    _step_up(journey, family_worker, smith_family, front_door)
    episode = _social_worker_assesses(journey, smith_family, sw, manager)
    _propose_step_down(journey, smith_family, family_worker, episode)
    _lead_accepts_the_step_down(journey, smith_family, family_worker, episode)
