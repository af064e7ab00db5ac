"""Casework journeys (issue 5, 'Done when' 1 and 2): a family worker completes a whole-family
assessment including a parent's mental-health need, builds a plan with actions owned by the
school and the adult mental-health service, holds a review that scores goals, and the
chronology shows it all; then the lead is marked on leave and the partner view shows the cover
worker and the out-of-hours number."""

from playwright.sync_api import expect

from casework import actions
from casework.models import Assessment, PlanAction
from conftest import PASSWORD
from organisations.factories import InvolvementFactory, OrganisationFactory
from organisations.models import OrganisationType
from outcomes.models import GoalScore


def _complete_assessment(journey):
    """Whole-family assessment, with Kelly's own mental-health need."""
    page = journey.page
    page.get_by_role("link", name="Start a whole-family assessment").click()
    journey.check_page()
    page.get_by_label("Early help assessment (whole family)").check()
    page.get_by_role("button", name="Start").click()
    journey.check_page()
    kelly = page.get_by_role("group", name="Kelly Smith: needs")
    kelly.get_by_label("Mental health").check(force=True)
    kelly.get_by_label("Money and debt").check(force=True)
    page.get_by_label("About Kelly").fill("Kelly has had low mood since the winter.")
    page.get_by_role("group", name="Jaden Smith: needs").get_by_label(
        "School, nursery or learning"
    ).check(force=True)
    page.get_by_label("The children's views, in their own words").fill(
        "Jaden: “I like it when Mum walks me to school.”"
    )
    page.get_by_label("What is going well: the family's strengths").fill("Close to Nan")
    page.get_by_role("button", name="Complete the assessment").click()
    expect(page.get_by_text("Assessment completed")).to_be_visible()
    journey.check_page(screenshot="after-assessment")
    assert Assessment.objects.get().status == "completed"


def _agree_plan(journey, amh):
    """The family plan, a goal with a starting score, and actions owned by two agencies."""
    page = journey.page
    page.get_by_role("link", name="Agree the family plan").click()
    journey.check_page()
    page.get_by_label("What the family want to change, in their words").fill(
        "We want mornings to be calmer and Jaden at school every day."
    )
    page.get_by_label("What we are worried about").fill("Kelly's low mood; rent arrears")
    page.get_by_role("button", name="Save the plan").click()
    # The plan form autosaves a draft: the save waits for an autosave already on its way.
    expect(page.get_by_text("Family plan saved")).to_be_visible()
    journey.check_page()
    page.get_by_role("link", name="Add a goal").click()
    journey.check_page()
    page.get_by_label("The goal, in the family's words").fill("Jaden at school on time every day")
    page.get_by_label("Where are you now? (optional)").fill("3")  # goal-based outcome, 0–10
    page.get_by_role("button", name="Add the goal").click()
    for text, agency in (
        ("Breakfast club place and a daily check-in", "Demo Primary School"),
        ("Appointment with the community mental health team for Kelly", amh.name),
    ):
        page.get_by_role("link", name="Add an action").click()
        journey.check_page()
        page.get_by_label("What will be done").fill(text)
        page.get_by_label("Agency doing it").select_option(label=agency)
        page.get_by_role("button", name="Add the action").click()
    expect(page.get_by_role("cell", name="Demo Primary School")).to_be_visible()
    expect(page.get_by_role("cell", name=amh.name)).to_be_visible()
    journey.check_page(screenshot="plan")


def _hold_review(journey, amh):
    """A team around the family review scores the goal."""
    page = journey.page
    page.get_by_role("link", name="Record a review").click()
    journey.check_page()
    page.get_by_label("Team around the family review").check()
    page.get_by_role("group", name="Agencies that came").get_by_label("Demo Primary School").check(
        force=True
    )
    page.get_by_role("group", name="Agencies that came").get_by_label(amh.name).check(force=True)
    page.get_by_role("group", name="Family members who came").get_by_label("Kelly Smith").check(
        force=True
    )
    page.get_by_label("What the parents said").fill("Mornings are easier with breakfast club.")
    page.get_by_label("Score for “Jaden at school on time every day” (0 to 10)").fill("7")
    page.get_by_label("Decisions").fill("Carry on; review in eight weeks.")
    journey.check_page(screenshot="review-form")
    page.get_by_role("button", name="Save the meeting").click()
    expect(page.get_by_text("Meeting recorded")).to_be_visible()
    expect(page.locator("#plan ~ ul").first).to_contain_text("7 out of 10")


def _add_case_note(journey):
    """A case note, added from the family page without leaving it (htmx)."""
    page = journey.page
    page.get_by_text("Add a case note").click()
    page.get_by_label("Phone call").check()
    page.get_by_label("What happened").fill("Kelly rang: CMHT appointment booked.")
    page.get_by_role("button", name="Add note").click()
    expect(page.locator("#case-notes-section")).to_contain_text("CMHT appointment booked")
    expect(page.get_by_role("status")).to_contain_text("Case note added")


def _see_it_all_in_the_chronology(journey, family, amh):
    """The one chronology shows it all (reload: the htmx note only refreshed its own section)."""
    page = journey.page
    journey.visit(f"/families/{family.pk}/")
    timeline = page.locator("#chronology-entries")
    for text in (
        "Early help assessment (whole family) completed",
        "Family plan agreed",
        "Plan action for Demo Primary School",
        f"Plan action for {amh.name}",
        "Team around the family review held",
        "Phone call",
    ):
        expect(timeline).to_contain_text(text)
    journey.check_page(screenshot="family-after")
    assert PlanAction.objects.count() == 2
    assert [s.score for s in GoalScore.objects.order_by("pk")] == [3, 7]


def _filter_and_export_the_chronology(journey):
    """The chronology filtered by type, and exported as a PDF after re-authentication."""
    page = journey.page
    page.get_by_role("link", name="Filter the chronology or export it as a PDF").click()
    page.get_by_label("Type of event").select_option(label="Plan and goals")
    page.get_by_role("button", name="Apply filters").click()
    expect(page.locator(".moj-timeline")).to_contain_text("Family plan agreed")
    expect(page.locator(".moj-timeline")).not_to_contain_text("Phone call")
    journey.check_page(screenshot="chronology-filtered")
    page.get_by_role("link", name="Download as PDF").click()
    expect(page.get_by_role("heading", name="Confirm it is you")).to_be_visible()  # re-auth
    journey.check_page()
    page.get_by_label("Your password").fill(PASSWORD)
    with page.expect_download() as download:
        page.get_by_role("button", name="Continue").click()
    assert download.value.suggested_filename.endswith(".pdf")


def test_assessment_plan_review_and_chronology(journey, family_worker, smith_family, school_dsl):
    amh = OrganisationFactory(
        name="Demo Adult Mental Health Service", org_type=OrganisationType.ADULT_MENTAL_HEALTH
    )
    journey.sign_in(family_worker.user.email, PASSWORD)
    journey.visit(f"/families/{smith_family.pk}/")

    _complete_assessment(journey)
    _agree_plan(journey, amh)
    _hold_review(journey, amh)
    _add_case_note(journey)
    _see_it_all_in_the_chronology(journey, smith_family, amh)
    _filter_and_export_the_chronology(journey)


def test_lead_on_leave_partner_sees_cover_and_out_of_hours(
    journey, family_worker, colleague, smith_family, school_dsl
):
    InvolvementFactory(family=smith_family, practitioner=school_dsl, role="dsl")
    actions.lead_assign(
        by=family_worker.user,
        family=smith_family,
        lead=family_worker,
        cover=colleague,
        family_say="chosen",
        family_say_note="Kelly asked for Fola",
    )
    page = journey.page
    journey.sign_in(family_worker.user.email, PASSWORD)
    page.get_by_role("link", name="Caseload").click()
    journey.check_page()
    page.get_by_role("link", name="Record leave or sickness").click()
    journey.check_page()
    page.get_by_label("Annual leave").check()
    from django.utils import timezone

    today = timezone.localdate()
    later = today + timezone.timedelta(days=10)
    for group, day in (("First day away", today), ("Last day away", later)):
        g = page.get_by_role("group", name=group)
        g.get_by_label("Day").fill(str(day.day))
        g.get_by_label("Month").fill(str(day.month))
        g.get_by_label("Year").fill(str(day.year))
    page.get_by_role("button", name="Record the absence").click()
    expect(page.get_by_text("Absence recorded")).to_be_visible()
    journey.check_page(screenshot="absence")
    page.get_by_role("button", name="Sign out").click()

    journey.sign_in(school_dsl.user.email, PASSWORD)
    journey.visit(f"/families/{smith_family.pk}/")
    panel = page.get_by_test_id("contact-panel")
    expect(panel).to_contain_text("Fola Worker is away (annual leave)")
    expect(panel).to_contain_text("Contact Cam Colleague, who is covering, instead.")
    expect(panel).to_contain_text("020 7946 0999")
    expect(panel).to_contain_text("Emergency Duty Team")
    expect(page.get_by_role("link", name="Change the lead practitioner or cover")).to_have_count(0)
    journey.check_page(screenshot="partner-view")


def test_assessment_autosaves_a_draft_and_restores_it(journey, family_worker, smith_family):
    """Long forms autosave: typing saves the worker's own draft (never the record); coming back
    to the form restores it, with the option to discard it."""
    assessment = actions.assessment_start(by=family_worker.user, family=smith_family, kind="eha")
    page = journey.page
    journey.sign_in(family_worker.user.email, PASSWORD)
    journey.visit(f"/assessments/{assessment.pk}/")
    journey.wait_for_scripts()
    page.get_by_label("What is going well: the family's strengths").fill(
        "Nan lives two streets away and helps every morning."
    )
    status = page.locator("#autosave-status")
    expect(status).to_contain_text("Draft saved at", timeout=10_000)
    assessment.refresh_from_db()
    assert (assessment.strengths, assessment.version) == ("", 1)  # the record is untouched

    page.reload()
    journey.check_page(screenshot="assessment-autosave")
    expect(page.get_by_text("We restored your unsaved draft from")).to_be_visible()
    expect(page.get_by_label("What is going well: the family's strengths")).to_have_value(
        "Nan lives two streets away and helps every morning."
    )
    page.get_by_role("button", name="Discard the draft").click()
    expect(page.get_by_text("Draft discarded")).to_be_visible()
    expect(page.get_by_label("What is going well: the family's strengths")).to_have_value("")


def test_goal_attainment_scale_and_six_month_outcome_check(journey, family_worker, smith_family):
    """A goal scored by goal attainment scaling (−2..+2) with the family's words for each level;
    an early help episode closed with needs met shows its overdue six-month check on the
    caseload, and the worker records it."""
    import datetime as dt

    from django.utils import timezone

    from casework.tests.conftest import build_episode

    actions.plan_create(
        by=family_worker.user, family=smith_family, data={"family_words": "Calmer evenings"}
    )
    today = timezone.localdate()
    episode = build_episode(
        smith_family,
        smith_family.jaden,
        "EH",
        "reviewing",
        referral_date=today - dt.timedelta(days=300),
        plan_started_on=today - dt.timedelta(days=280),
        allocated_to=family_worker,
    )
    actions.episode_transition(
        by=family_worker.user,
        episode=episode,
        event="close_needs_met",
        expected_version=episode.version,
        data={"closed_on": today - dt.timedelta(days=200)},
    )
    page = journey.page
    journey.sign_in(family_worker.user.email, PASSWORD)
    journey.visit(f"/families/{smith_family.pk}/plan/")
    page.get_by_role("link", name="Add a goal").click()
    journey.check_page()
    page.get_by_label("The goal, in the family's words").fill("Bedtimes without shouting")
    page.get_by_label("Goal attainment scaling (−2 to +2)").check()
    page.get_by_label("Where are you now? (optional)").fill("-2")
    page.get_by_label("0: The expected outcome").fill("Calm bedtimes most nights")
    journey.check_page(screenshot="goal-attainment-form")
    page.get_by_role("button", name="Add the goal").click()
    expect(page.get_by_text("Goal added")).to_be_visible()
    expect(page.get_by_role("cell", name="Goal attainment scaling")).to_be_visible()
    expect(page.get_by_text("Starting point: -2 (much less than expected)")).to_be_visible()
    journey.check_page(screenshot="plan-attainment")

    page.get_by_role("link", name="Caseload").click()
    checks = page.locator("#outcome-checks + table")
    expect(checks).to_contain_text("Jaden Smith")
    expect(checks).to_contain_text("Overdue")
    journey.check_page(screenshot="caseload-outcome-checks")
    checks.get_by_role("link").first.click()
    journey.check_page()
    g = page.get_by_role("group", name="Date of the check")
    g.get_by_label("Day").fill(str(today.day))
    g.get_by_label("Month").fill(str(today.month))
    g.get_by_label("Year").fill(str(today.year))
    page.get_by_label("Yes, sustained").check()
    page.get_by_label("Evidence").fill("Jaden at school every day; no new contacts.")
    journey.check_page(screenshot="outcome-check")
    page.get_by_role("button", name="Record the check").click()
    expect(page.get_by_text("Six-month outcome check recorded")).to_be_visible()
    episode.refresh_from_db()
    assert episode.sustained_outcome_check.sustained is True
