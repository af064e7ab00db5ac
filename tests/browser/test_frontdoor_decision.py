"""Front door, journey 3: a front-door practitioner screens and decides a contact (level,
rationale, outcome, CIN census codes), a manager signs it off, the family is routed to the
locality early-help team, and the referrer is told."""

# The front door's fixtures are imported from frontdoor/tests/conftest.py by name.
# ruff: noqa: F401, F811

import re

from playwright.sync_api import expect

from conftest import PASSWORD
from frontdoor.models import Contact, ContactStatus, SignOff
from frontdoor.tests.conftest import (
    csc_org,
    dsl_involved,
    fd_manager,
    fd_worker,
    locality_teams,
    mash_team,
)
from frontdoor.tests.helpers import contact_from
from notices.models import Notice
from organisations.models import Involvement


def _sign_out(journey):
    journey.page.get_by_role("button", name="Sign out").click()
    expect(journey.page.get_by_role("heading", name="Sign in")).to_be_visible()


def _start_screening(journey, contact, fd_worker):
    """The front-door practitioner finds the contact on time in the queue and starts screening."""
    page = journey.page
    journey.sign_in(fd_worker.user.email, PASSWORD)
    page.get_by_role("link", name="Front door", exact=True).click()
    row = page.locator("tr", has_text=contact.reference)
    expect(row).to_contain_text("On time")
    journey.check_page(screenshot="queue")
    row.get_by_role("link", name=contact.reference).click()
    expect(page.get_by_role("heading", name="Known-family check")).to_be_visible()
    expect(page.locator("#known ~ ul").first).to_contain_text("Kelly Smith")
    journey.check_page(screenshot="contact-received")

    page.get_by_label("Amber").check()
    page.get_by_role("button", name="Start screening").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("You are screening")
    page.get_by_role("link", name="Record the decision").click()
    journey.check_page(screenshot="decide-form")


def _first_attempt_is_refused(journey, contact):
    """First attempt: a referral to social care without a primary need code or a rationale."""
    page = journey.page
    page.get_by_label("Level 3: Complex needs").check()
    page.get_by_label("Referral to children's social care").check()
    page.get_by_label("What the referrer will be told").fill("Thank you – we are looking at it.")
    page.get_by_role("button", name="Save the decision").click()
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_contain_text("Enter the rationale for the decision")
    expect(summary).to_contain_text("Select the primary need code")
    expect(page.get_by_label("What the referrer will be told")).to_have_value(
        "Thank you – we are looking at it."
    )
    expect(page).to_have_title(re.compile(r"^Error: "))
    journey.check_page(screenshot="decide-errors")
    assert not contact.decisions.exists()


def _decide_early_help(journey, contact):
    """The decision: early help at level 2, with the CIN census codes recorded."""
    page = journey.page
    page.get_by_label("Level 2: Early help").check()
    page.get_by_label("Early help", exact=True).check()
    page.get_by_label("Rationale").fill(
        "Jaden is hungry most days and mum is struggling with money since losing her job. The "
        "bruise has a plausible explanation from mum and school. Needs can be met by a family "
        "plan with consent: early help, not social care."
    )
    page.get_by_label("Referral source (CIN census)").select_option("2A")
    page.get_by_label("Primary need code (CIN census)").select_option("N4")
    page.get_by_label("Locality").select_option("North")
    page.get_by_label("What the referrer will be told").fill(
        "The North early help team will offer Kelly and Jaden a family worker this week. "
        "Please keep offering breakfast club."
    )
    page.get_by_role("button", name="Save the decision").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text(
        "waiting for a manager's sign-off"
    )
    expect(page.locator("#decision ~ .govuk-summary-list").first).to_contain_text(
        "Routing rule eh-north"
    )
    journey.check_page(screenshot="contact-decided")
    decision = contact.decisions.get()
    assert decision.sign_off == SignOff.PENDING
    assert decision.primary_need == "N4"
    assert decision.continuum.version == "2025-1"
    _sign_out(journey)


def _manager_signs_off(journey, contact, fd_manager, family, locality_teams, referrer):
    """The manager signs it off; the family is routed and the referrer notified."""
    page = journey.page
    journey.sign_in(fd_manager.user.email, PASSWORD)
    page.get_by_role("link", name="Front door", exact=True).click()
    page.get_by_role("link", name="Waiting for sign-off").click()
    expect(page.get_by_role("heading", name="1 contact waiting for sign-off")).to_be_visible()
    journey.check_page(screenshot="queue-sign-off")
    page.get_by_role("link", name=contact.reference).click()
    page.get_by_role("link", name="Sign off the decision").click()
    journey.check_page(screenshot="sign-off")
    page.get_by_label("Yes – sign it off").check()
    page.get_by_role("button", name="Save").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("Decision signed off")
    expect(page.get_by_text("Routed to North early help team")).to_be_visible()
    journey.check_page(screenshot="contact-closed")
    contact.refresh_from_db()
    assert contact.status == ContactStatus.CLOSED
    assert Involvement.objects.filter(family=family, team=locality_teams["North"]).exists()
    assert Notice.objects.filter(recipient=referrer.user, kind="frontdoor_outcome").exists()
    _sign_out(journey)


def _referrer_sees_the_outcome(journey, contact, referrer, locality_teams):
    """The teacher is told, and sees the outcome and who is dealing with it."""
    page = journey.page
    journey.sign_in(referrer.user.email, PASSWORD)
    page.get_by_role("link", name="Concerns", exact=True).click()
    row = page.locator("tr", has_text=contact.concern.reference)
    expect(row).to_contain_text("Early help")
    expect(row).to_contain_text("North early help team")
    row.get_by_role("link", name=contact.concern.reference).click()
    expect(page.get_by_text("Please keep offering breakfast club.")).to_be_visible()
    journey.check_page(screenshot="referrer-outcome")
    assert Contact.objects.get(pk=contact.pk).routed_team == locality_teams["North"]


def test_decide_sign_off_route_and_tell_the_referrer(
    journey,
    dsl_involved,
    smith_family,
    fd_worker,
    fd_manager,
    locality_teams,
):
    contact = contact_from(dsl_involved.user, family=smith_family, people=[smith_family.jaden])

    _start_screening(journey, contact, fd_worker)
    _first_attempt_is_refused(journey, contact)
    _decide_early_help(journey, contact)
    _manager_signs_off(journey, contact, fd_manager, smith_family, locality_teams, dsl_involved)
    _referrer_sees_the_outcome(journey, contact, dsl_involved, locality_teams)
