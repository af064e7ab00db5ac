"""Information governance journeys: break-glass and its review; who has looked at a child and
a subject access pack with a redaction."""

from pathlib import Path

from playwright.sync_api import expect

from conftest import PASSWORD
from people.factories import AddressFactory
from sharing.models import SARRedaction

REASON = "Child brought to A&E out of hours with a head injury; need the lead worker now"


def test_break_glass_then_ig_review(journey, browser, stranger, ig_officer, smith_family):
    page = journey.page
    journey.sign_in(stranger.user.email, PASSWORD)
    response = page.goto(journey.base_url + f"/families/{smith_family.pk}/")
    assert response.status == 404
    journey.console_errors.clear()  # the 404 page's own status
    journey.visit("/search/")
    page.get_by_role("link", name="emergency access").click()
    journey.check_page(screenshot="break-glass")
    page.get_by_label("Family reference, LA child ID or NHS number").fill(smith_family.reference)
    page.get_by_label("The urgent safeguarding need").fill(REASON)
    page.get_by_label("Your password").fill(PASSWORD)
    page.get_by_role("button", name="Open the record").click()
    expect(page.get_by_text("You are viewing this record under emergency access")).to_be_visible()
    expect(page.get_by_role("heading", name="Smith family", level=1)).to_be_visible()
    journey.check_page(screenshot="break-glass-family")

    ig = journey.__class__(browser, journey.base_url, journey.name + "-ig")
    try:
        ig.sign_in(ig_officer.user.email, PASSWORD)
        ig.page.get_by_role("link", name="Break-glass reviews").click()
        expect(ig.page.get_by_text(REASON)).to_be_visible()
        ig.check_page(screenshot="queue")
        ig.page.locator("main").get_by_role("link", name="Review").first.click()
        ig.check_page()
        ig.page.get_by_label("Justified", exact=True).check()
        ig.page.get_by_label("Reasons").fill("A&E attendance confirmed; views limited to lead")
        ig.page.get_by_role("button", name="Record the review").click()
        expect(ig.page.get_by_text("Review recorded")).to_be_visible()
        expect(ig.page.locator("main")).to_contain_text("Justified")
        ig.check_page(screenshot="reviewed")
    finally:
        ig.close()


def test_who_has_looked_and_a_subject_access_pack(
    journey, ig_officer, family_worker, smith_family, client
):
    kelly = smith_family.kelly
    AddressFactory(person=kelly, line_1="12 Sister Street", postcode="DB3 1AA")
    client.force_login(family_worker.user)
    client.get(f"/people/{kelly.pk}/")  # the family worker looks at Kelly's record
    page = journey.page
    journey.sign_in(ig_officer.user.email, PASSWORD)
    page.get_by_role("link", name="Audit").click()
    page.get_by_label("Name, family reference, LA child ID or NHS number").fill(kelly.la_child_id)
    page.get_by_role("button", name="Show access").click()
    expect(page.locator("table")).to_contain_text(family_worker.user.full_name)
    journey.check_page(screenshot="who-looked")

    page.get_by_role("link", name="Subject access").click()
    journey.check_page()
    page.get_by_label("The person's LA child ID or NHS number").fill(kelly.la_child_id)
    page.get_by_label("Who made the request").fill("Kelly Smith")
    page.get_by_label("The person themselves").check()
    received = page.get_by_role("group", name="Date received")
    received.get_by_label("Day").fill("2")
    received.get_by_label("Month").fill("11")
    received.get_by_label("Year").fill("2026")
    page.get_by_role("button", name="Log the request and assemble the pack").click()
    expect(page.get_by_role("heading", name="Information held about Kelly Smith")).to_be_visible()
    expect(page.locator("main")).to_contain_text("12 Sister Street")
    expect(page.locator("main")).to_contain_text(family_worker.user.full_name)  # who looked
    journey.check_page(screenshot="sar-pack")
    row = page.locator("tr", has_text="12 Sister Street")
    row.get_by_role("link", name="Withhold").click()
    journey.check_page()
    page.get_by_label("Information about someone else (third party)").check()
    page.get_by_label("Record of the decision").fill("Her sister's home address")
    page.get_by_role("button", name="Withhold it").click()
    expect(page.get_by_text("Item withheld from the pack")).to_be_visible()
    expect(page.locator("main")).to_contain_text("Withheld")
    journey.check_page(screenshot="sar-redacted")
    assert SARRedaction.objects.get().reason == "third_party"
    page.get_by_role("link", name="Download JSON").click()
    expect(page.get_by_role("heading", name="Confirm it is you")).to_be_visible()
    journey.check_page()
    page.get_by_label("Your password").fill(PASSWORD)
    with page.expect_download() as download:
        page.get_by_role("button", name="Continue").click()
    text = Path(download.value.path()).read_text(encoding="utf-8")
    assert "12 Sister Street" not in text
    assert "[Redacted: " in text
