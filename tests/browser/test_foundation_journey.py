"""Foundation journey: a family worker signs in, searches with a misspelt name, opens the
family, adds a member with a bad NHS number, fixes it, and sees the member and the chronology."""

import re

from playwright.sync_api import expect

from audit.models import AuditEvent
from conftest import PASSWORD
from people.models import Person


def test_family_worker_adds_a_member_after_fixing_a_bad_nhs_number(
    journey, family_worker, smith_family, other_family
):
    page = journey.page
    journey.sign_in(family_worker.user.email, PASSWORD)
    expect(page.get_by_role("heading", name="My families")).to_be_visible()
    expect(page.get_by_role("link", name="Smith family")).to_be_visible()
    journey.check_page(screenshot="home")

    # Search with a misspelt name and the date of birth typed day-first the US way round.
    page.get_by_role("link", name="Search").click()
    journey.check_page()
    page.get_by_label("Name").fill("Jayden Smyth")
    page.get_by_label("Day").fill("3")
    page.get_by_label("Month").fill("7")
    page.get_by_label("Year").fill("2016")
    page.get_by_role("button", name="Search").click()
    journey.check_page(screenshot="search-results")
    results = page.locator("table")
    expect(results).to_contain_text("Jaden Smith")
    expect(results).to_contain_text("day and month swapped")
    expect(results).not_to_contain_text("Jaden Jones")  # another worker's family stays hidden

    page.get_by_role("link", name="Smith family").first.click()
    expect(page.get_by_role("heading", name="Smith family", level=1)).to_be_visible()
    journey.check_page(screenshot="family")

    page.get_by_role("link", name="Add a family member").click()
    journey.check_page()
    page.get_by_label("Child", exact=True).check()
    page.get_by_label("First name").fill("Amelia")
    page.get_by_label("Last name").fill("Smith")
    dob = page.get_by_role("group", name="Date of birth", exact=True)
    dob.get_by_label("Day").fill("14")
    dob.get_by_label("Month").fill("2")
    dob.get_by_label("Year").fill("2019")
    page.get_by_label("Female").check()
    page.get_by_label("NHS number (optional)").fill("943 476 5918")  # last digit wrong
    page.get_by_role("button", name="Add to family").click()

    summary = page.locator(".govuk-error-summary")
    expect(summary).to_be_visible()
    expect(summary).to_contain_text("the last digit does not match")
    expect(page.get_by_label("First name")).to_have_value("Amelia")  # nothing typed is lost
    expect(page).to_have_title(re.compile(r"^Error: "))
    journey.check_page(screenshot="member-error")
    assert not Person.objects.filter(given_name="Amelia").exists()

    summary.get_by_role("link").first.click()  # the summary link moves focus to the field
    expect(page.get_by_label("NHS number (optional)")).to_be_focused()
    page.get_by_label("NHS number (optional)").fill("943 476 5919")
    page.get_by_role("button", name="Add to family").click()

    expect(page.get_by_role("heading", name="Smith family", level=1)).to_be_visible()
    expect(page.get_by_role("table", name="Current members of the family")).to_contain_text(
        "Amelia Smith"
    )
    expect(page.locator(".moj-timeline").first).to_contain_text(
        "Amelia Smith added to the family as child"
    )
    journey.check_page(screenshot="family-after")

    amelia = Person.objects.get(given_name="Amelia")
    assert amelia.nhs_number == "9434765919"
    page.get_by_role("link", name="Amelia Smith").first.click()
    expect(page.get_by_text("943 476 5919")).to_be_visible()
    journey.check_page(screenshot="person")
    assert AuditEvent.objects.filter(verb="create", person_id=amelia.pk).exists()
    assert AuditEvent.objects.filter(
        verb="view", object_type="people.person", object_id=str(amelia.pk)
    ).exists()


def test_unrelated_family_is_not_found(journey, family_worker, other_family):
    journey.sign_in(family_worker.user.email, PASSWORD)
    response = journey.page.goto(journey.base_url + f"/families/{other_family.pk}/")
    assert response.status == 404
    journey.console_errors.remove(  # the browser reports the page's own 404 status
        "Failed to load resource: the server responded with a status of 404 (Not Found)"
    )
    journey.check_page(screenshot="not-found")
    expect(journey.page.get_by_role("heading", name="Page not found")).to_be_visible()
