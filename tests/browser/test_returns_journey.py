"""A team manager runs the CIN census from the returns page, watches it progress, sees DfE's
error on a child's UPN, follows the link to the field, fixes it, runs the census again and gets
no errors and no finding about any child. axe-core on every page; screenshots at 1280 and
375 px."""

from __future__ import annotations

import datetime as dt

import time_machine
from django.core.management import call_command
from playwright.sync_api import expect

from conftest import PASSWORD
from organisations.factories import (
    InvolvementFactory,
    OrganisationFactory,
    PractitionerFactory,
    TeamFactory,
)
from organisations.models import InvolvementRole, OrganisationType, Role
from people.factories import FamilyFactory, MembershipFactory, PersonFactory
from people.identifiers import upn
from people.models import Person
from returns.tests.conftest import open_cin, step
from tests.browser.conftest import SCREENSHOTS

D = dt.date


def _family_with_two_referrals():
    """Two children, each referred, assessed and closed in 2025-26 with everything DfE asks
    for recorded, so the only child's finding is the one the test breaks on purpose."""
    org = OrganisationFactory(name="Returns CSC", org_type=OrganisationType.CHILDRENS_SOCIAL_CARE)
    team = TeamFactory(name="Returns team", organisation=org)
    sw = PractitionerFactory(organisation=org, team=team, role=Role.SOCIAL_WORKER)
    manager = PractitionerFactory(
        organisation=org,
        team=team,
        role=Role.TEAM_MANAGER,
        user__full_name="Rita Returns",
        user__email="rita.returns@example.test",
    )
    manager.manages.add(team)
    family = FamilyFactory(name="Returns family (synthetic)")
    zara = PersonFactory(
        given_name="Zara", family_name="Ahmed", date_of_birth=D(2015, 1, 10), sex="F",
        la_child_id="RET001", upn=upn.make(1, 2001, 2019, 31), ethnicity="WBRI",
        disabilities=["COMM", "HAND", "HEAR", "VIS"],
    )  # fmt: skip
    yusuf = PersonFactory(
        given_name="Yusuf", family_name="Ahmed", date_of_birth=D(2017, 8, 20), sex="M",
        la_child_id="RET002", upn=upn.make(1, 2001, 2021, 32), ethnicity="AIND",
        disabilities=["AUT", "BEH", "CON", "LD"],
    )  # fmt: skip
    for child in (zara, yusuf):
        MembershipFactory(family=family, person=child, role="child", joined_on=D(2015, 1, 10))
    for p in (sw, manager):
        InvolvementFactory(
            family=family, practitioner=p, role=InvolvementRole.SOCIAL_WORKER,
            started_on=D(2020, 1, 1),
        )  # fmt: skip
    with time_machine.travel(dt.datetime(2025, 9, 1, 12), tick=False):
        for child, referral, authorised in (
            (zara, D(2025, 5, 6), D(2025, 6, 3)),
            (yusuf, D(2025, 7, 1), D(2025, 7, 29)),
        ):
            e = open_cin(sw, family, child, referral, "2A", "N4")
            step(sw, e, "start_assessment", assessment_started_on=referral)
            step(
                manager, e, "authorise_assessment",
                assessment_authorised_on=authorised, assessment_factors=["3B"],
            )  # fmt: skip
            step(sw, e, "close", closed_on=authorised + dt.timedelta(days=1), closure_reason="RC8")
    # Yusuf's UPN as an old system left it: a right check letter, but LA 999 does not exist
    # (the app refuses it at entry now).
    Person.objects.filter(pk=yusuf.pk).update(upn=upn.make(999, 2001, 2021, 32))
    return manager, yusuf


def _shots(journey, label):
    """Screenshots at 1280 and 375 px (the journey's own are at 1024 and 320)."""
    page = journey.page
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    for width in (1280, 375):
        page.set_viewport_size({"width": width, "height": 900})
        page.screenshot(path=str(SCREENSHOTS / f"returns-{label}-{width}.png"), full_page=True)
    page.set_viewport_size({"width": 1024, "height": 900})


def _run_census(journey, page):
    page.get_by_role("link", name="Returns", exact=True).click()
    expect(page.get_by_role("heading", name="Children in Need census")).to_be_visible()
    page.get_by_label("2025-26 (to 31 March 2026)").check()
    page.get_by_label("Why are you running the census?").fill("CIN census 2025-26 return to DfE")
    page.get_by_role("button", name="Run the census").click()
    expect(page.get_by_role("heading", name="CIN census 2025-26")).to_be_visible()
    expect(page.get_by_text("Waiting for the background worker to start.")).to_be_visible()
    journey.wait_for_scripts()
    # The task worker picks the run up; the page polls every 2 s until it has finished.
    call_command("db_worker", "--batch", "--no-startup-delay", verbosity=0)
    expect(page.get_by_text("Finished")).to_be_visible(timeout=60_000)
    expect(page.get_by_text("2 of 2 children written")).to_be_visible()


def test_manager_runs_the_census_fixes_a_finding_and_runs_it_again(journey, settings, tmp_path):
    settings.VAR_DIR = tmp_path
    manager, yusuf = _family_with_two_referrals()
    page = journey.page
    journey.sign_in(manager.user.email, PASSWORD)

    _run_census(journey, page)
    findings = page.locator("#findings")
    expect(findings).to_contain_text("RET002")
    expect(findings).to_contain_text("1530")
    expect(findings).to_contain_text("UPN invalid (characters 2-4 not a recognised LA code)")
    expect(page.locator("#error-count")).to_have_text("1")
    # The one query is about the whole return: DfE's validator (0.1.13) raises 2887Q on any
    # return with fewer than eight children recorded as having no disability.
    expect(page.locator("#query-count")).to_have_text("1")
    expect(findings).to_contain_text("2887Q")
    journey.check_page(screenshot="returns-finding")
    _shots(journey, "finding")

    page.get_by_role("link", name="Child's details: UPN for RET002, rule 1530").click()
    expect(page).to_have_url(f"{journey.base_url}/people/{yusuf.pk}/edit/#id_upn")
    journey.check_page()
    fixed = upn.make(1, 2001, 2021, 32)
    page.get_by_label("Unique Pupil Number (UPN) (optional)").fill(fixed)
    page.get_by_role("button", name="Save changes").click()
    journey.check_page()
    yusuf.refresh_from_db()
    assert yusuf.upn == fixed

    _run_census(journey, page)
    expect(page.locator("#error-count")).to_have_text("0")
    expect(page.locator("#findings")).not_to_contain_text("RET002")
    expect(page.locator("#findings tbody tr")).to_have_count(1)  # 2887Q, the whole return
    journey.check_page(screenshot="returns-clean")
    _shots(journey, "clean")
