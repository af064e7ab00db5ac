"""An analyst exports Ofsted's Annex A lists from the returns page (the password asked again,
the purpose asked on the form) and finds a referral in the workbook; a team manager opens the
Supporting Families claim list for a quarter, sees what one family is missing and approves the
other's claim. axe-core on every page; screenshots at 1280 and 375 px."""

from __future__ import annotations

import datetime as dt

from openpyxl import load_workbook
from playwright.sync_api import expect

from conftest import PASSWORD
from organisations.models import Role
from returns.models import FamilyClaim
from returns.tests.conftest import (  # noqa: F401 - fixtures
    census_family,
    csc_manager,
    csc_team,
    open_cin,
    social_worker,
)
from returns.tests.test_claims import build
from tests.browser.shots import shots

D = dt.date


def _period(page, start, end) -> None:
    for label, day in (("From", start), ("To", end)):
        group = page.get_by_role("group", name=label)
        group.get_by_label("Day").fill(str(day.day))
        group.get_by_label("Month").fill(str(day.month))
        group.get_by_label("Year").fill(str(day.year))


def test_analyst_exports_annex_a(journey, census_family, social_worker, csc_team, tmp_path):  # noqa: F811
    open_cin(social_worker, census_family, census_family.ava, D(2025, 9, 1), "6", "N1")
    page = journey.page
    journey.sign_in_as_new(
        csc_team, Role.DATA_OFFICER, "Annie Analyst", "annie.analyst@example.test"
    )
    page.get_by_role("link", name="Returns", exact=True).click()
    page.get_by_role("link", name="Ofsted Annex A lists").click()
    page.get_by_label("Password").fill(PASSWORD)  # exports of personal data ask again
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_role("heading", name="Ofsted Annex A lists", level=1)).to_be_visible()
    _period(page, D(2025, 7, 1), D(2025, 12, 31))
    page.get_by_role("button", name="Export the lists").click()  # no purpose: asked for it
    expect(page.get_by_role("link", name="Say why you are exporting the lists")).to_be_visible()
    journey.console_errors.clear()  # the browser reports the form page's own 422 status
    shots(journey, "annex-a")
    page.get_by_label("Why are you exporting the lists?").fill("Ofsted ILACS inspection")
    with page.expect_download() as download_info:
        page.get_by_role("button", name="Export the lists").click()
    download = download_info.value
    assert download.suggested_filename == "annex-a-2025-07-01-to-2025-12-31.xlsx"
    saved = tmp_path / download.suggested_filename
    download.save_as(saved)
    book = load_workbook(saved, read_only=True)
    referrals = [list(r) for r in book["List 3 Referrals"].iter_rows(values_only=True)]
    assert referrals[0][:2] == ["Child Unique ID", "Gender"]
    assert [r[0] for r in referrals[1:]] == ["CEN001"]


def test_manager_approves_a_claim(journey, family_worker, eh_team):
    ready = build(family_worker)
    ready.name = "Ready family (synthetic)"
    ready.save(update_fields=["name"])
    waiting = build(family_worker, done=False)
    waiting.name = "Waiting family (synthetic)"
    waiting.save(update_fields=["name"])
    page = journey.page
    journey.sign_in_as_new(eh_team, Role.TEAM_MANAGER, "Mina Manager", "mina.manager@example.test")
    page.get_by_role("link", name="Returns", exact=True).click()
    page.get_by_role("link", name="Supporting Families claims").click()
    _period(page, D(2025, 10, 1), D(2025, 12, 31))
    page.get_by_role("button", name="Show claims").click()
    expect(page.get_by_role("heading", name="1 October 2025 to 31 December 2025")).to_be_visible()
    waiting_row = page.get_by_role("row").filter(has_text=waiting.name)
    expect(waiting_row).to_contain_text("No action in the family plan marked done")
    shots(journey, "claims")
    page.get_by_role("button", name=f"Approve claim for {ready.name}").click()
    expect(page.get_by_text(f"Claim approved for {ready.name}")).to_be_visible()
    expect(page.get_by_role("row").filter(has_text=ready.name)).to_contain_text("by Mina Manager")
    journey.check_page()
    assert FamilyClaim.objects.get().family == ready
