"""Merging two records of one person and undoing it, in a real browser with axe-core: a team
manager who sees both records compares them side by side, merges them, sees the merge on both
person pages and undoes it."""

import datetime as dt

from playwright.sync_api import expect

from conftest import PASSWORD
from organisations.factories import InvolvementFactory
from people.factories import AddressFactory, FamilyFactory, MembershipFactory, PersonFactory
from people.models import Person


def test_merge_compare_and_undo(journey, smith_family, family_worker, manager):
    page = journey.page
    keep = smith_family.jaden
    AddressFactory(person=keep, line_1="4 Synthetic Road", postcode="DB1 2AB")
    smyth = FamilyFactory(name="Smyth family")
    other = PersonFactory(
        given_name="Jayden", family_name="Smyth", date_of_birth=dt.date(2016, 7, 3), sex="M"
    )
    AddressFactory(person=other, line_1="4 Synthetic Road", postcode="DB1 2AB")
    MembershipFactory(family=smyth, person=other)
    InvolvementFactory(family=smyth, practitioner=family_worker)

    journey.sign_in(manager.user.email, PASSWORD)
    journey.visit(f"/people/{keep.pk}/")
    page.get_by_role("link", name="Merge another record of this person into this one").click()
    journey.check_page()
    page.get_by_role("button", name="Compare the records").click()  # empty: explains itself
    expect(page.locator(".govuk-error-summary")).to_contain_text("Enter the LA child ID")
    journey.check_page(screenshot="merge-choose-error")
    page.get_by_label("LA child ID of the other record").fill(other.la_child_id)
    page.get_by_role("button", name="Compare the records").click()
    expect(page.get_by_role("heading", name="Are these the same person?")).to_be_visible()
    expect(page.locator("main")).to_contain_text("day and month swapped")
    journey.check_page(screenshot="merge-compare")

    page.get_by_label("Why are these records the same person?").fill(
        "Same child: school confirmed the date of birth"
    )
    page.get_by_role("button", name="Merge records").click()
    expect(page.get_by_role("heading", name="Jaden Smith", level=1)).to_be_visible()
    expect(page.locator("main")).to_contain_text("Also recorded as")
    expect(page.locator("main")).to_contain_text(other.la_child_id)
    journey.check_page(screenshot="merge-kept")
    assert Person.objects.get(pk=other.pk).merged_into_id == keep.pk

    page.get_by_role("link", name=f"Jayden Smyth, born 3 July 2016 ({other.la_child_id})").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("Merged into Jaden Smith")
    journey.check_page(screenshot="merge-away")
    page.go_back()

    page.locator("summary", has_text="Undo merge").click()
    page.get_by_label("Why are these two different people?").fill("Two children after all")
    page.get_by_role("button", name="Undo merge").click()
    expect(page.get_by_role("heading", name="Jayden Smyth", level=1)).to_be_visible()
    journey.check_page(screenshot="merge-undone")
    assert Person.objects.get(pk=other.pk).merged_into_id is None
    assert other.memberships.get().family == smyth
