"""A school's designated safeguarding lead sees what a partner needs — the lead worker and
cover, and the plan actions the school owns — and not a parent's mental-health needs, and an
unrelated family's address is a 404."""

from playwright.sync_api import expect

from casework import actions as casework
from conftest import PASSWORD
from organisations.factories import InvolvementFactory, OrganisationFactory
from organisations.models import OrganisationType


def test_school_dsl_sees_its_actions_and_the_lead_not_the_parents_needs(
    journey, family_worker, colleague, school_dsl, smith_family, other_family
):
    InvolvementFactory(
        family=smith_family, practitioner=school_dsl, person=smith_family.jaden, role="dsl"
    )
    amh = OrganisationFactory(
        name="Demo Adult Mental Health", org_type=OrganisationType.ADULT_MENTAL_HEALTH
    )
    by = family_worker.user
    casework.lead_assign(
        by=by, family=smith_family, lead=family_worker, cover=colleague, family_say="chosen"
    )
    assessment = casework.assessment_start(by=by, family=smith_family, kind="eha")
    casework.assessment_save(
        by=by,
        assessment=assessment,
        expected_version=assessment.version,
        data={
            "child_voice": "I like football",
            "strengths": "Close family",
            "network": "Nan nearby",
            "analysis": "Mum's low mood affects routines",
        },
        needs={smith_family.kelly.pk: ["mental_health"]},
        person_notes={smith_family.kelly.pk: "Kelly has depression and sees her GP"},
    )
    plan = casework.plan_create(
        by=by, family=smith_family, data={"family_words": "Mornings that go well"}
    )
    casework.plan_action_add(
        by=by,
        plan=plan,
        text="Breakfast club place for Jaden",
        owner_organisation=school_dsl.organisation,
    )
    casework.plan_action_add(
        by=by, plan=plan, text="Talking therapy referral for Kelly", owner_organisation=amh
    )

    page = journey.page
    journey.sign_in(school_dsl.user.email, PASSWORD)
    journey.visit(f"/families/{smith_family.pk}/")
    panel = page.get_by_test_id("contact-panel")
    expect(panel).to_contain_text("Fola Worker")
    expect(panel).to_contain_text("Cam Colleague")
    expect(page.get_by_test_id("partner-actions")).to_contain_text("Breakfast club place for Jaden")
    main = page.locator("main")
    expect(main).not_to_contain_text("Talking therapy")
    expect(main).not_to_contain_text("depression")
    expect(main).not_to_contain_text("Mental health")
    expect(main).not_to_contain_text("Whole-family assessment")
    journey.check_page(screenshot="partner-view")

    for path in (
        f"/assessments/{assessment.pk}/",
        f"/families/{smith_family.pk}/plan/",
        f"/families/{other_family.pk}/",
    ):
        assert page.goto(journey.base_url + path).status == 404, path
        journey.console_errors.clear()  # the browser reports each page's own 404
    journey.check_page(screenshot="partner-404")
