"""A team manager opens the dashboards from the navigation, filters the timeliness dashboard by
area (the chart and its table change, exact counts for a team they manage, small numbers
suppressed elsewhere), reads the outcome charts with their tables and the cost avoided with
its method, lists the children behind a figure for their own team, and downloads the figures
as CSV; a family worker gets 404. axe-core on every page; screenshots at 1280 and 375 px."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from conftest import PASSWORD
from insight import demo
from organisations.factories import OrganisationFactory, PractitionerFactory, TeamFactory
from organisations.models import OrganisationType, Role
from tests.browser.shots import shots


@pytest.fixture
def borough(transactional_db):
    la = OrganisationFactory(name="Demo Council early help", org_type=OrganisationType.EARLY_HELP)
    north = TeamFactory(name="North early help team", organisation=la, locality="North")
    south = TeamFactory(name="South early help team", organisation=la, locality="South")
    csc = TeamFactory(name="Assessment team", locality="Central")
    for team in (north, south, csc):
        PractitionerFactory(team=team, organisation=team.organisation, role=Role.FAMILY_WORKER)
    manager = PractitionerFactory(
        role=Role.TEAM_MANAGER,
        team=north,
        organisation=la,
        user__full_name="Ruth Manager",
        user__email="ruth.manager@example.test",
        job_title="Early help team manager",
    )
    manager.manages.add(north)
    demo.load_demo(seed=14)
    return {"manager": manager, "north": north}


def test_manager_filters_timeliness_by_area_and_reads_outcomes(journey, borough):
    page = journey.page
    journey.sign_in("ruth.manager@example.test", PASSWORD)
    page.get_by_role("link", name="Dashboards", exact=True).click()
    expect(page.get_by_role("heading", name="Dashboards", level=1)).to_be_visible()
    journey.check_page()
    page.get_by_role("link", name="Timeliness", exact=True).click()
    expect(page.get_by_role("heading", name="Timeliness", level=1)).to_be_visible()
    journey.check_page()

    page.get_by_label("Area", exact=True).select_option("South")
    page.get_by_role("button", name="Show figures").click()
    expect(page.get_by_text(", South.")).to_be_visible()
    clocks = page.get_by_role("table", name="Statutory timescales met, by timescale as a table")
    expect(clocks.get_by_role("row", name="Early help review")).to_be_visible()
    expect(
        page.get_by_role("img", name="Statutory timescales met, by timescale: share met in time")
    ).to_be_visible()
    expect(page.get_by_text("A count from 1 to 4 is shown as “fewer than 5”")).to_be_visible()
    shots(journey, "timeliness-south")

    page.get_by_label("Area", exact=True).select_option("North")
    page.get_by_label("Team", exact=True).select_option(label="North early help team")
    page.get_by_role("button", name="Show figures").click()
    expect(page.get_by_text("You manage this team, so the counts are exact.")).to_be_visible()
    journey.check_page()

    page.get_by_role("link", name="Outcomes", exact=True).click()
    expect(page.get_by_role("heading", name="Outcomes", level=1)).to_be_visible()
    kept = page.get_by_role("table", name="Children kept safely at home as a table")
    expect(kept.get_by_role("rowheader", name="12 months", exact=True)).to_be_visible()
    expect(kept.get_by_role("rowheader", name="24 months", exact=True)).to_be_visible()
    expect(
        page.get_by_role(
            "img", name="Children kept safely at home: share not looked after within 12 months"
        )
    ).to_be_visible()
    expect(page.get_by_role("table", name="Goal progress by team as a table")).to_be_visible()
    expect(page.get_by_text("a week of care, plus")).to_be_visible()
    shots(journey, "outcomes")

    with page.expect_download() as download_info:
        page.get_by_role("link", name="Download these figures as CSV").click()
    assert download_info.value.suggested_filename.startswith("outcomes-")

    page.get_by_role(
        "link",
        name="List the children in your teams behind this figure (Children kept safely at home)",
    ).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("the children in your teams")
    expect(page.get_by_role("table", name="Children counted")).to_be_visible()
    shots(journey, "children")


def test_a_family_worker_has_no_way_in(journey, borough):
    worker = PractitionerFactory(role=Role.FAMILY_WORKER, user__email="fay.worker@example.test")
    journey.sign_in(worker.user.email, PASSWORD)
    expect(journey.page.get_by_role("link", name="Dashboards")).to_have_count(0)
    response = journey.page.goto(journey.base_url + "/dashboards/timeliness/")
    assert response is not None
    assert response.status == 404
