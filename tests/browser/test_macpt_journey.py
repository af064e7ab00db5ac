"""Multi-agency child protection teams (issue 12; Children Act 2004 s16EA).

A police member of a MACPT opens the section 47 enquiry allocated to the team — the child, the
household, their addresses and who is involved — and gets a 404 on the rest of the family's
record. A social worker names the lead child protection practitioner and allocates the
enquiry; the safeguarding partnership's lead keeps the register. axe-core on every page;
screenshots at 1280 and 375 px."""

import datetime as dt

from django.utils import timezone
from playwright.sync_api import expect

from casework import actions as casework
from conftest import PASSWORD
from organisations.factories import (
    InvolvementFactory,
    OrganisationFactory,
    PractitionerFactory,
    complete_macpt,
)
from organisations.models import OrganisationType, Role
from people.factories import AddressFactory
from tests.browser.shots import shots


def _social_worker(family):
    csc = OrganisationFactory(
        name="Demo Children's Social Care", org_type=OrganisationType.CHILDRENS_SOCIAL_CARE
    )
    sw = PractitionerFactory(
        user__full_name="Sol Social",
        organisation=csc,
        role=Role.SOCIAL_WORKER,
        job_title="Social worker",
    )
    InvolvementFactory(family=family, practitioner=sw, role="social_worker")
    return sw


def _enquiry(family, sw):
    """Jaden's child protection episode, its section 47 enquiry under way."""
    today = timezone.localdate()
    casework.episode_open(
        by=sw.user,
        family=family,
        child=family.jaden,
        kind="CIN",
        data={
            "referral_date": today - dt.timedelta(days=5),
            "referral_source": "5A",
            "primary_need": "N1",
        },
    )
    cp = casework.episode_open(
        by=sw.user,
        family=family,
        child=family.jaden,
        kind="CP",
        data={"strategy_discussion_on": today - dt.timedelta(days=2)},
        note="Bruising to Jaden's arm seen at school; police and health join the enquiry.",
    )
    return casework.episode_transition(
        by=sw.user,
        episode=cp,
        event="start_s47",
        expected_version=cp.version,
        data={"s47_started_on": today - dt.timedelta(days=1)},
    )


def test_a_macpt_police_member_opens_the_enquiry_and_nothing_else(
    journey, family_worker, smith_family
):
    AddressFactory(person=smith_family.kelly, line_1="14 Canal Walk", postcode="DB4 6WX")
    AddressFactory(person=smith_family.jaden, line_1="14 Canal Walk", postcode="DB4 6WX")
    sw = _social_worker(smith_family)
    cp = _enquiry(smith_family, sw)
    casework.case_note_add(
        by=family_worker.user,
        family=smith_family,
        kind="visit",
        occurred_on=timezone.localdate(),
        text="Kelly spoke about her low mood",
    )
    police = PractitionerFactory(
        user__full_name="Pat Constable",
        organisation=OrganisationFactory(
            name="Demo Constabulary", org_type=OrganisationType.POLICE
        ),
        team=None,
        role=Role.PARTNER,
        job_title="Detective constable",
    )
    team, _ = complete_macpt("North MACPT", police=police)
    casework.lcpp_assign(by=sw.user, episode=cp, practitioner=sw)
    s47 = casework.s47_allocate(
        by=sw.user, episode=cp, team=team, note="Police to arrange a joint visit."
    )

    page = journey.page
    journey.sign_in(police.user.email, PASSWORD)
    page.get_by_role("link", name="Section 47 enquiries").first.click()
    journey.check_page()
    expect(page.get_by_test_id("s47-list")).to_contain_text("Jaden Smith")
    shots(journey, "s47-list")
    page.get_by_role("link", name="Jaden Smith").click()
    journey.check_page()
    expect(page.locator("h1")).to_have_text("Jaden Smith")
    expect(page.get_by_test_id("s47-enquiry")).to_contain_text("Sol Social")
    expect(page.get_by_test_id("s47-team")).to_contain_text("Pat Constable")
    members = page.get_by_test_id("s47-members")
    expect(members).to_contain_text("Kelly Smith")
    expect(members).to_contain_text("14 Canal Walk")
    expect(page.get_by_test_id("s47-involvements")).to_contain_text("Fola Worker")
    main = page.locator("main")
    expect(main).to_contain_text("Bruising to Jaden")  # the strategy discussion's reasons
    expect(main).not_to_contain_text("low mood")  # a case note: not the enquiry's
    shots(journey, "s47-enquiry")

    for path in (
        f"/families/{smith_family.pk}/",
        f"/people/{smith_family.kelly.pk}/",
        f"/episodes/{cp.pk}/",
        f"/families/{smith_family.pk}/chronology/",
        f"/families/{smith_family.pk}/notes/",
        f"/families/{smith_family.pk}/plan/",
        f"/families/{smith_family.pk}/sharing/",
    ):
        assert page.goto(journey.base_url + path).status == 404, path
        journey.console_errors.clear()  # the browser reports each page's own 404
    shots(journey, "rest-of-the-record-404")
    assert page.goto(f"{journey.base_url}/s47-enquiries/{s47.pk}/").status == 200


def test_a_social_worker_allocates_the_enquiry_and_the_partnership_lead_keeps_the_register(
    journey, smith_family
):
    sw = _social_worker(smith_family)
    cp = _enquiry(smith_family, sw)
    complete_macpt("North MACPT")
    lead = PractitionerFactory(
        user__full_name="Parveen Lead",
        role=Role.PARTNER,
        designations=["partnership_lead"],
        job_title="Safeguarding partnership manager",
    )
    page = journey.page
    journey.sign_in(sw.user.email, PASSWORD)
    journey.visit(f"/episodes/{cp.pk}/")
    cp_section = page.get_by_test_id("child-protection")
    expect(cp_section).to_contain_text("Not named")
    cp_section.get_by_role("link", name="Name the lead child protection practitioner").click()
    journey.check_page()
    page.get_by_label("Lead child protection practitioner").select_option(
        label="Sol Social – Social worker, Demo Children's Social Care"
    )
    page.get_by_role("button", name="Save").click()
    journey.check_page()
    cp_section = page.get_by_test_id("child-protection")
    expect(cp_section).to_contain_text("Sol Social")
    cp_section.get_by_role("link", name="Allocate the section 47 enquiry to a team").click()
    journey.check_page()
    page.get_by_label("North MACPT").check()
    page.get_by_label("What the team is asked to do (optional)").fill("Joint visit with police")
    shots(journey, "allocate")
    page.get_by_role("button", name="Allocate").click()
    journey.check_page()
    expect(page.get_by_test_id("child-protection")).to_contain_text("North MACPT")
    shots(journey, "episode-child-protection")
    journey.visit(f"/families/{smith_family.pk}/")
    expect(page.get_by_test_id("lcpp")).to_contain_text("Sol Social")

    page.get_by_role("button", name="Sign out").click()
    journey.sign_in(lead.user.email, PASSWORD)
    page.get_by_role("link", name="Child protection teams").click()
    journey.check_page()
    expect(page.get_by_test_id("macpt-register")).to_contain_text("Complete")
    page.get_by_label("Team name").fill("South MACPT")
    page.get_by_role("button", name="Add the team").click()
    journey.check_page()
    expect(page.get_by_test_id("macpt-seats")).to_contain_text("Not filled")
    shots(journey, "macpt-incomplete")
    journey.visit("/macpts/")
    expect(page.get_by_test_id("macpt-register")).to_contain_text("Incomplete")
    shots(journey, "macpt-register")
    assert page.goto(f"{journey.base_url}/families/{smith_family.pk}/").status == 404
    journey.console_errors.clear()
