"""Register search through the matching engine: a practitioner involved with the family types
"Jayden Smyth 03/07/2016" in one box and finds Jaden Smith, born 7 March 2016, with the band
and the reasons in plain words."""

from playwright.sync_api import expect

from conftest import PASSWORD


def test_practitioner_finds_a_misspelt_child_with_the_date_typed_the_other_way_round(
    journey, family_worker, smith_family, other_family
):
    page = journey.page
    journey.sign_in(family_worker.user.email, PASSWORD)
    journey.visit("/search/")
    page.get_by_label("Name").fill("Jayden Smyth 03/07/2016")
    page.get_by_role("button", name="Search").click()
    journey.check_page(screenshot="register-search")

    results = page.locator("table")
    first = results.locator("tbody tr").first
    expect(first).to_contain_text("Jaden Smith")
    expect(first).to_contain_text("7 Mar 2016")
    expect(first.locator(".govuk-tag")).to_have_text("Certain")
    expect(first).to_contain_text("first name Jayden ≈ Jaden (sounds alike)")
    expect(first).to_contain_text("surname Smyth ≈ Smith (sounds alike)")
    expect(first).to_contain_text("date of birth with day and month swapped")
    expect(results).not_to_contain_text("Jaden Jones")  # another worker's family stays hidden
