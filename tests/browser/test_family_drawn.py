"""Issue 17: the family drawn. A constructed family of three generations; the worker records
the grandmother's death and the parents' separation through the forms, and the family page
draws the genogram and the ecomap (SVG, role="img") with the same facts as tables beside them.
Screenshots at 1280 and 375 px; axe-core clean."""

import re

from playwright.sync_api import expect

import rules
from casework.tests.walsh import build_walsh
from conftest import PASSWORD
from tests.browser.shots import shots


def _fill_date(page, legend: str, day: int, month: int, year: int) -> None:
    group = page.get_by_role("group", name=legend)
    group.get_by_label("Day").fill(str(day))
    group.get_by_label("Month").fill(str(month))
    group.get_by_label("Year").fill(str(year))


def test_the_genogram_and_ecomap_of_a_three_generation_family(journey, family_worker, colleague):
    w = build_walsh(family_worker, colleague, rules.current("timescales").version)
    page = journey.page
    journey.sign_in(family_worker.user.email, PASSWORD)

    journey.visit(f"/people/{w.bridget.pk}/edit/")
    _fill_date(page, "Date of death (only if they have died)", 4, 11, 2019)
    page.get_by_role("button", name="Save").first.click()
    expect(page.locator("main")).to_contain_text("Bridget Walsh's details saved")

    journey.visit(f"/families/{w.family.pk}/relationships/separated/")
    page.get_by_label("Which couple").select_option(label="Claire Walsh and Sean Byrne")
    _fill_date(page, "When they separated", 1, 6, 2023)
    page.get_by_role("button", name="Save").click()
    expect(page.locator("main")).to_contain_text("Separation recorded")

    journey.visit(f"/families/{w.family.pk}/")
    genogram = page.get_by_role("img", name="Genogram of the Walsh family")
    expect(genogram).to_be_visible()
    expect(page.get_by_role("img", name="Ecomap of the Walsh family")).to_be_visible()
    people = page.get_by_role("table", name="The people in the genogram")
    expect(people.get_by_role("row", name=re.compile("^Bridget Walsh"))).to_contain_text(
        "4 November 2019"
    )
    expect(people.get_by_role("row", name=re.compile("^Sean Byrne"))).to_contain_text(
        "Partner of Claire Walsh (separated June 2023)"
    )
    expect(people.get_by_role("row", name=re.compile("^Colm Walsh"))).to_contain_text(
        "Child of concern"
    )
    ties = page.get_by_role("table", name="The agencies and people around the family")
    expect(ties.get_by_role("row").nth(1)).to_contain_text("Lead practitioner and cover")
    expect(ties).to_contain_text("Northgate Housing")
    page.locator("#drawn").scroll_into_view_if_needed()
    shots(journey, "family-page")
    for name in ("Genogram", "Ecomap"):
        image = page.get_by_role("img", name=f"{name} of the Walsh family")
        for width in (1280, 375):
            page.set_viewport_size({"width": width, "height": 900})
            image.screenshot(path=f"var/screenshots/{journey.name}-{name.lower()}-{width}.png")
    page.set_viewport_size({"width": 1024, "height": 900})
