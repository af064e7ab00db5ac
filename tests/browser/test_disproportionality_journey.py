"""The partnership's analyst opens the disproportionality page from the navigation, chooses the
reporting year, reads the chart and the table beside it (small numbers shown as "fewer than
5", declined and not yet asked apart), and downloads the figures as CSV; an IG officer sees the
same page, a social worker has no link and gets a 404. axe-core on every page; screenshots at
1280 and 375 px."""

from __future__ import annotations

import csv
import io
from pathlib import Path

from playwright.sync_api import expect

from conftest import PASSWORD
from organisations.factories import PractitionerFactory
from organisations.models import Role
from returns.tests.test_disproportionality import borough  # noqa: F401 - a fixture
from tests.browser.shots import shots


def test_analyst_reads_the_breakdown_and_downloads_it(journey, borough):  # noqa: F811
    analyst = PractitionerFactory(
        role=Role.DATA_OFFICER,
        user__full_name="Parveen Partnership",
        user__email="parveen.partnership@example.test",
    )
    page = journey.page
    journey.sign_in(analyst.user.email, PASSWORD)
    page.get_by_role("link", name="Disproportionality", exact=True).click()
    expect(page.get_by_role("heading", name="Disproportionality", level=1)).to_be_visible()
    journey.check_page()

    for label, (day, month, year) in (("From", ("1", "4", "2025")), ("To", ("31", "3", "2026"))):
        group = page.get_by_role("group", name=label)
        group.get_by_label("Day").fill(day)
        group.get_by_label("Month").fill(month)
        group.get_by_label("Year").fill(year)
    page.get_by_role("button", name="Show figures").click()
    expect(page.get_by_text("1 April 2025 to 31 March 2026.")).to_be_visible()

    chart = page.get_by_role(
        "img", name="Child protection plans started by ethnicity (DfE main group)"
    )
    expect(chart).to_be_visible()
    expect(page.locator("#chart-ethnic_group-desc")).to_contain_text("Black or Black British: 7")
    beside = page.get_by_role(
        "table", name="Child protection plans started by ethnicity (DfE main group) as a table"
    )
    expect(beside.get_by_role("row", name="Black or Black British 7")).to_be_visible()
    expect(beside.get_by_role("row", name="White fewer than 5")).to_be_visible()
    expect(beside.get_by_role("row", name="Declined to say (REFU) fewer than 5")).to_be_visible()
    expect(beside.get_by_role("row", name="Not yet asked (NOBT) fewer than 5")).to_be_visible()
    full = page.locator("table[data-breakdown='ethnic_group'][data-source='front_door']")
    expect(
        full.get_by_role("columnheader", name="Children on the register (baseline)")
    ).to_be_visible()
    shots(journey, "disproportionality")

    with page.expect_download() as download_info:
        page.get_by_role("link", name="Download these figures as CSV").click()
    download = download_info.value
    assert download.suggested_filename == "disproportionality-2025-04-01-to-2026-03-31.csv"
    rows = list(csv.reader(io.StringIO(Path(download.path()).read_text(encoding="utf-8"))))
    by = {(r[2], r[3], r[4]): r[5] for r in rows[1:]}
    assert by[("Disability", "No disability", "Child protection plans started")] == "7"
    assert by[("Age band", "Unborn", "Child protection plans started")] == "fewer than 5"


def test_a_social_worker_has_no_way_in(journey):
    sw = PractitionerFactory(role=Role.SOCIAL_WORKER, user__email="sol.sw@example.test")
    journey.sign_in(sw.user.email, PASSWORD)
    expect(journey.page.get_by_role("link", name="Disproportionality")).to_have_count(0)
    response = journey.page.goto(journey.base_url + "/reports/disproportionality/")
    assert response is not None
    assert response.status == 404
