"""Front door, journey 2: a health visitor books a consultation about an anonymised family; the
embedded social worker records 'referral to early help'; the health visitor sees the outcome
and the reasons, in writing."""

# The front door's fixtures are imported from frontdoor/tests/conftest.py by name.
# ruff: noqa: F401, F811

import datetime as dt

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from conftest import PASSWORD
from frontdoor import actions
from frontdoor.models import Consultation, ConsultationStatus
from frontdoor.tests.conftest import (
    csc_org,
    embedded_sw,
    health_visitor,
    locality_teams,
)


def _sign_out(journey):
    journey.page.get_by_role("button", name="Sign out").click()
    expect(journey.page.get_by_role("heading", name="Sign in")).to_be_visible()


@pytest.fixture
def slot(embedded_sw):
    start = timezone.localtime() + dt.timedelta(days=2)
    start = start.replace(hour=10, minute=0, second=0, microsecond=0)
    return actions.duty_slot_add(
        by=embedded_sw.user,
        social_worker=embedded_sw,
        starts_at=start,
        ends_at=start + dt.timedelta(minutes=45),
        modes=["phone", "online"],
    )


def test_anonymised_consultation_referred_to_early_help(
    journey,
    health_visitor,
    embedded_sw,
    slot,
):
    page = journey.page
    journey.sign_in(health_visitor.user.email, PASSWORD)
    page.get_by_role("link", name="Consultations", exact=True).click()
    journey.check_page(screenshot="consultations-partner")
    page.get_by_role("link", name="Book or request a consultation").click()
    page.get_by_role("button", name="Send").click()  # nothing chosen: each error explained
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_contain_text("Choose a time, or ask a social worker for one")
    expect(summary).to_contain_text("Select how you would like to talk")
    expect(summary).to_contain_text("Enter what you would like to talk about")
    journey.check_page(screenshot="consultation-request-error")

    page.get_by_label(f"with {embedded_sw.name}").first.check()
    page.get_by_label("Phone", exact=True).check()
    page.get_by_label("No – talk about them without naming them (anonymised)").check()
    page.get_by_label("About the household, without names (optional)").fill(
        "Mum, a 2-year-old and a baby of 3 months"
    )
    page.get_by_label("What would you like to talk about?").fill(
        "Mum seems very low since the baby was born and has stopped going to groups. "
        "The baby is gaining weight slowly."
    )
    page.get_by_role("button", name="Send").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("booked with Chloe Embedded")
    journey.check_page(screenshot="consultation-booked")
    consultation = Consultation.objects.get()
    assert consultation.is_anonymous
    assert consultation.family is None
    assert consultation.slot == slot
    _sign_out(journey)

    # The embedded social worker records the conversation and the outcome.
    journey.sign_in(embedded_sw.user.email, PASSWORD)
    page.get_by_role("link", name="Consultations", exact=True).click()
    expect(page.get_by_role("heading", name="Consultations with you")).to_be_visible()
    journey.check_page(screenshot="consultations-social-worker")
    page.get_by_role("link", name=consultation.reference).first.click()
    page.get_by_role("link", name="Record the conversation and outcome").click()
    page.get_by_role("button", name="Save and tell the partner").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Enter what you talked about")
    page.get_by_label("What did you talk about?").fill(
        "Talked through mum's mood, sleep and support. Dad works away in the week; no family "
        "nearby. Mum is willing to accept help."
    )
    page.get_by_label("Referral to early help").check()
    page.get_by_label("Reasons for the outcome").fill(
        "Several needs and mum wants help: a family hub worker for the family and the "
        "perinatal mental health team for mum. No sign of significant harm."
    )
    journey.check_page(screenshot="consultation-outcome-form")
    page.get_by_role("button", name="Save and tell the partner").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("The partner has been told")
    consultation.refresh_from_db()
    assert consultation.status == ConsultationStatus.HELD
    assert consultation.outcome == "early_help"
    _sign_out(journey)

    # The health visitor sees the outcome and the reasons, in writing.
    journey.sign_in(health_visitor.user.email, PASSWORD)
    expect(page.locator(".fh-count")).to_contain_text("1")
    page.get_by_role("link", name="Notices").click()
    notice = page.locator(".fh-card").first
    expect(notice).to_contain_text("Referral to early help")
    expect(notice).to_contain_text("No sign of significant harm")
    journey.check_page(screenshot="notice-consultation-outcome")
    notice.get_by_role("button", name="Open").click()
    expect(page.get_by_role("heading", name="Outcome: Referral to early help")).to_be_visible()
    expect(page.get_by_text("perinatal mental health team")).to_be_visible()
    expect(page.get_by_text("Raise a concern with the family's details")).to_be_visible()
    journey.check_page(screenshot="consultation-outcome-partner")
