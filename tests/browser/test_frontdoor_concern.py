"""Front door, journey 1: a teacher raises a concern about a family already known in three
screens (the test counts them: who, what with her answers so far and send, what happened),
with the draft saved as she types."""

# The front door's fixtures are imported from frontdoor/tests/conftest.py by name.
# ruff: noqa: F401, F811

import re

from playwright.sync_api import expect

from conftest import PASSWORD
from frontdoor.models import Concern, ConcernStatus, Contact
from frontdoor.tests.conftest import (
    csc_org,
    dsl_involved,
    fd_worker,
    mash_team,
)


def _screen_2_what_and_send(journey):
    """Screen 2: what worries her, what she wants, consent (saved as she types), with who
    she chose shown above and changeable: the check folded into the last step."""
    page = journey.page
    expect(
        page.get_by_role("heading", name=re.compile("What are you worried about"))
    ).to_be_visible()
    expect(page.get_by_text("step 2 of 2")).to_be_visible()
    who = page.locator("#who-summary")
    expect(who).to_contain_text("Jaden Smith")
    expect(who.get_by_role("link", name="Change who you are worried about")).to_be_visible()
    journey.wait_for_scripts()
    page.get_by_label("What are you worried about?").fill(
        "Jaden has come to school hungry every day this week and has a bruise on his arm "
        "that he would not explain."
    )
    expect(page.locator("#autosave-status")).to_contain_text("Draft saved at")
    draft = Concern.objects.get()
    assert draft.worries.startswith("Jaden has come to school hungry")  # saved before submit
    page.get_by_label("Basic care: food, clothing or hygiene sometimes not met").check()
    page.get_by_label("Unexplained injury or a disclosure of harm").check()
    page.get_by_role("group", name=re.compile("immediate risk")).get_by_label("No").check()
    page.get_by_label("A referral for a service for the family").check()
    page.get_by_label("Sought and given").check()
    page.get_by_label("What do you think would help the family? (optional)").fill(
        "Support from the family hub"
    )
    page.keyboard.press("Tab")  # leaving the box saves it (change)
    # Let the autosaves finish first: axe-core (run by check_page) leaves style="" on inputs,
    # which htmx would then copy back – a test artefact, not something users meet.
    page.wait_for_load_state("networkidle")
    journey.check_page(screenshot="concern-2-what-and-send")
    page.get_by_role("button", name="Send concern").click()


def _screen_3_sent(journey):
    """Screen 3: what happened to it."""
    page = journey.page
    expect(page.locator(".govuk-notification-banner")).to_contain_text("sent to the front door")
    expect(page.get_by_text("Received by the front door")).to_be_visible()
    journey.check_page(screenshot="concern-sent")


def test_teacher_raises_a_concern_about_a_known_family_in_three_screens(
    journey,
    dsl_involved,
    smith_family,
    fd_worker,
):
    page = journey.page
    journey.sign_in(dsl_involved.user.email, PASSWORD)
    page.get_by_role("link", name="Concerns", exact=True).click()
    expect(page.get_by_role("heading", name="Concerns you have raised")).to_be_visible()
    journey.check_page(screenshot="concerns-empty")

    screens: list[str] = []
    page.on(
        "framenavigated",
        lambda frame: screens.append(frame.url) if frame == page.main_frame else None,
    )
    page.get_by_role("link", name="Raise a concern").click()

    # Screen 1: who – the family she works with is listed; she ticks the child.
    expect(page.get_by_role("heading", name="Who are you worried about?")).to_be_visible()
    expect(page.get_by_text("phone the front door now")).to_be_visible()
    expect(page.get_by_role("heading", name=re.compile("Smith family"))).to_be_visible()
    journey.wait_for_scripts()
    page.get_by_label(re.compile(r"^Jaden Smith")).check()
    expect(page.locator("#autosave-status")).to_contain_text("Draft saved at")  # as she goes
    page.wait_for_load_state("networkidle")
    journey.check_page(screenshot="concern-1-who")
    page.get_by_role("button", name="Save and continue").click()

    _screen_2_what_and_send(journey)
    _screen_3_sent(journey)

    form_screens = [u for u in screens if not re.search(r"/concerns/\d+/$", u)]
    assert len(form_screens) == 2, form_screens  # who, what and send – then the result
    assert len(screens) == 3, screens
    concern = Concern.objects.get()
    assert concern.status == ConcernStatus.SENT
    contact = Contact.objects.get(concern=concern)
    assert contact.family == smith_family
    assert contact.referrer == dsl_involved.user

    # The concern appears in her list with its status and who is dealing with it.
    page.get_by_role("link", name="Concerns", exact=True).click()
    row = page.locator("tr", has_text=concern.reference)
    expect(row).to_contain_text("Received by the front door")
    expect(row).to_contain_text("The front door (not yet picked up)")
    journey.check_page(screenshot="concerns-list")


def test_typed_answers_survive_errors(journey, dsl_involved, smith_family):
    page = journey.page
    journey.sign_in(dsl_involved.user.email, PASSWORD)
    page.goto(journey.base_url + "/concerns/new/")
    page.get_by_role("button", name="Save and continue").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Select who you are worried about")
    journey.check_page(screenshot="concern-who-error")
    page.get_by_label("Someone not listed here, or an unborn baby").check()
    page.get_by_label("First name").first.fill("Ruby")
    page.get_by_label("Last name").first.fill("Cole")
    page.get_by_label("Day").first.fill("31")
    page.get_by_label("Month").first.fill("2")
    page.get_by_label("Year").first.fill("2019")
    page.get_by_role("button", name="Save and continue").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text(
        "Date of birth must be a real date"
    )
    expect(page.get_by_label("First name").first).to_have_value("Ruby")
    expect(page.get_by_label("Day").first).to_have_value("31")
    journey.check_page(screenshot="concern-who-kept")
