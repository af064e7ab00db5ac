"""A data officer links a school roll, reviews a possible match, merges it and un-merges it;
the kept person's page shows the merge to a practitioner who works with the family."""

from django.core.management import call_command
from playwright.sync_api import expect

from conftest import PASSWORD
from linkage.models import RecordStatus, SourceRecord
from linkage.tests.conftest import SCHOOL_ROLL
from organisations.factories import PractitionerFactory
from organisations.models import Role
from people.factories import AddressFactory, PersonFactory


def test_data_officer_links_a_school_roll_and_reviews_a_possible_match(
    journey, browser, smith_family, manager, tmp_path, settings
):
    settings.VAR_DIR = tmp_path
    jaden = smith_family.jaden
    AddressFactory(person=jaden, line_1="14 Mill Lane", postcode="DB1 2AB")
    amelia = PersonFactory(
        given_name="Amelia",
        family_name="Khan",
        date_of_birth="2015-09-21",
        sex="F",
        nhs_number="9434765919",
    )
    AddressFactory(person=amelia, line_1="3 Park Road", postcode="DB2 4CD")
    officer = PractitionerFactory(
        user__full_name="Dana Officer",
        user__email="data.officer@example.test",
        role=Role.DATA_OFFICER,
        job_title="Data officer",
    )
    page = journey.page

    journey.sign_in(officer.user.email, PASSWORD)
    page.get_by_role("link", name="Partner data").click()
    expect(page.get_by_role("heading", name="Link partner data")).to_be_visible()
    journey.check_page(screenshot="link-upload")
    page.get_by_label("School roll").check()
    page.get_by_label("Upload a CSV file").set_input_files(str(SCHOOL_ROLL))
    page.get_by_role("button", name="Upload and link").click()
    expect(page.get_by_role("heading", name="Linking school-roll.csv")).to_be_visible()
    journey.wait_for_scripts()

    # The background worker picks the run up; the page (polling every 2 s) shows it finish.
    call_command("db_worker", "--batch", "--no-startup-delay", verbosity=0)
    expect(page.get_by_text("Finished")).to_be_visible()
    summary = page.locator("#run-summary")
    expect(summary).to_contain_text("Linked automatically")
    expect(page.get_by_text("10 of 10 rows read")).to_be_visible()
    expect(page.get_by_text("Date of birth is not a real date")).to_be_visible()
    journey.check_page(screenshot="link-run")

    page.get_by_role("link", name="Review matches").click()
    expect(page.get_by_role("cell", name="Jayden Smyth, born 3 July 2016")).to_be_visible()
    journey.check_page(screenshot="review-queue")
    page.locator("main").get_by_role("link", name="Review").first.click()
    expect(page.get_by_role("heading", name="Is this the same person?")).to_be_visible()
    expect(page.get_by_text("date of birth with day and month swapped")).to_be_visible()
    journey.check_page(screenshot="review-item")
    page.get_by_label("Same person", exact=True).check()
    page.get_by_label("Note (optional)").fill("School confirms the family moved to Canal Street")
    page.get_by_role("button", name="Record the decision").click()
    expect(page.get_by_text("Decision recorded: Same person")).to_be_visible()
    journey.check_page(screenshot="review-decided")

    record = SourceRecord.objects.get(source_record_id="NGP-0002")
    assert (record.person, record.status) == (jaden, RecordStatus.CONFIRMED)

    # The team manager, who works with the family, sees the merge on Jaden's page.
    mgr = journey.__class__(browser, journey.base_url, journey.name + "-manager")
    try:
        mgr.sign_in(manager.user.email, PASSWORD)
        mgr.visit(f"/people/{jaden.pk}/")
        expect(mgr.page.get_by_role("heading", name="Also recorded as")).to_be_visible()
        expect(mgr.page.locator("main")).to_contain_text("Jayden Smyth")
        mgr.check_page(screenshot="kept-person")
    finally:
        mgr.close()

    # The data officer undoes the merge from the decided review item.
    page.get_by_role("link", name="Undo this merge").click()
    journey.check_page()
    page.get_by_label("Why are these two different people?").fill(
        "Wrong child: the school corrected its roll"
    )
    page.get_by_role("button", name="Undo merge").click()
    expect(page.get_by_text("Merge undone")).to_be_visible()
    journey.check_page(screenshot="unmerged")
    record.refresh_from_db()
    assert record.person != jaden
    assert record.person.merged_into is None
