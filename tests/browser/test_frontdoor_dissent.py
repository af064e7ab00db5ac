"""Front door, journey 4: a partner disagrees with a threshold decision and a front-door manager
resolves the disagreement; both are recorded and the partner is told."""

# The front door's fixtures are imported from frontdoor/tests/conftest.py by name.
# ruff: noqa: F401, F811

from playwright.sync_api import expect

from conftest import PASSWORD
from frontdoor.models import DissentStatus
from frontdoor.tests.conftest import (
    csc_org,
    dsl_involved,
    fd_manager,
    fd_worker,
    locality_teams,
    mash_team,
)
from frontdoor.tests.helpers import contact_from, decide, screened
from people.models import ChronologyEntry


def _sign_out(journey):
    journey.page.get_by_role("button", name="Sign out").click()
    expect(journey.page.get_by_role("heading", name="Sign in")).to_be_visible()


def test_partner_disagrees_and_a_manager_resolves_it(
    journey,
    dsl_involved,
    smith_family,
    fd_worker,
    fd_manager,
    locality_teams,
):
    contact = screened(
        contact_from(dsl_involved.user, family=smith_family, people=[smith_family.jaden]),
        fd_worker,
    )
    decision = decide(
        contact,
        fd_worker.user,
        level=1,
        outcome="nfa",
        rationale="A single incident with an explanation; universal services are involved.",
        feedback_to_referrer="No further action from the front door. Please keep a close eye "
        "on Jaden and tell us if anything changes.",
    )
    page = journey.page

    journey.sign_in(dsl_involved.user.email, PASSWORD)
    page.get_by_role("link", name="Concerns", exact=True).click()
    page.get_by_role("link", name=contact.concern.reference).click()
    expect(page.get_by_text("Please keep a close eye on Jaden")).to_be_visible()
    journey.check_page(screenshot="referrer-nfa")
    page.get_by_role("link", name="I disagree with this decision").click()
    page.get_by_role("button", name="Send").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text(
        "Enter why you disagree with the decision"
    )
    journey.check_page(screenshot="dissent-error")
    page.get_by_label("Why do you disagree?").fill(
        "Jaden told his teacher today that his mum's new partner grabbed his arm. This is the "
        "third time he has come in hungry this month."
    )
    page.get_by_role("button", name="Send").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("A front-door manager")
    expect(page.get_by_role("heading", name="Your disagreement")).to_be_visible()
    expect(page.locator("main")).to_contain_text("Open")
    journey.check_page(screenshot="dissent-sent")
    dissent = decision.dissents.get()
    assert dissent.status == DissentStatus.OPEN
    _sign_out(journey)

    journey.sign_in(fd_manager.user.email, PASSWORD)
    page.get_by_role("link", name="Front door", exact=True).click()
    page.get_by_role("link", name="Disagreements (1)").click()
    journey.check_page(screenshot="dissents-list")
    page.get_by_role("link", name=contact.reference).click()
    page.get_by_role("button", name="Save and tell the partner").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Select the resolution")
    page.get_by_label("The decision is changed").check()
    page.get_by_label("What you will tell the partner").fill(
        "Thank you. With the new disclosure this needs looking at again today: a new contact "
        "has been opened and you will hear from us."
    )
    journey.check_page(screenshot="dissent-resolve")
    page.get_by_role("button", name="Save and tell the partner").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("Disagreement resolved")
    dissent.refresh_from_db()
    assert dissent.status == DissentStatus.RESOLVED
    assert dissent.resolved_by == fd_manager.user
    assert ChronologyEntry.objects.filter(family=smith_family, kind="dispute_resolved").exists()
    _sign_out(journey)

    journey.sign_in(dsl_involved.user.email, PASSWORD)
    page.get_by_role("link", name="Concerns", exact=True).click()
    page.get_by_role("link", name=contact.concern.reference).click()
    expect(page.get_by_text("The decision is changed")).to_be_visible()
    expect(page.get_by_text("a new contact has been opened")).to_be_visible()
    journey.check_page(screenshot="dissent-resolved")
