"""Issue 17: one consultation per worry. A partner whose concern already asked for a
consultation is offered it before booking another; a second one is booked only when they say
so, and the two are linked."""

# The front door's fixtures are imported from frontdoor/tests/conftest.py by name.
# ruff: noqa: F401, F811
from playwright.sync_api import expect

from conftest import PASSWORD
from frontdoor.models import Consultation
from frontdoor.tests.conftest import (
    csc_org,
    dsl_involved,
    embedded_sw,
    locality_teams,
)
from frontdoor.tests.helpers import send_concern
from tests.browser.shots import shots


def test_the_waiting_consultation_is_offered_and_a_second_is_linked(
    journey, dsl_involved, smith_family, embedded_sw
):
    concern = send_concern(
        dsl_involved.user, family=smith_family, people=[smith_family.jaden], wants="consultation"
    )
    first = Consultation.objects.get(concern=concern)
    page = journey.page
    journey.sign_in(dsl_involved.user.email, PASSWORD)
    journey.visit("/consultations/new/")
    page.get_by_label("None of these times suit me – ask a social worker for a time").check()
    page.get_by_label("Social worker (if none of the times suit you)").select_option(
        str(embedded_sw.pk)
    )
    page.get_by_label("Phone", exact=True).check()
    page.get_by_label("Yes – a family I work with").check()
    page.get_by_label("Family (if you will name them)").select_option(str(smith_family.pk))
    page.get_by_label("What would you like to talk about?").fill("Jaden is hungry again.")
    page.get_by_role("button", name="Send").click()

    expect(page.locator(".govuk-error-summary")).to_contain_text(
        f"A consultation about this family is already waiting ({first.reference}"
    )
    waiting = page.locator("#waiting")
    expect(waiting.get_by_role("link", name=first.reference)).to_be_visible()
    expect(page.get_by_label("What would you like to talk about?")).to_have_value(
        "Jaden is hungry again."
    )
    shots(journey, "offered")
    assert Consultation.objects.count() == 1

    page.get_by_label("Book another consultation anyway, linked to the one already waiting").check()
    page.get_by_role("button", name="Send").click()
    second = Consultation.objects.exclude(pk=first.pk).get()
    assert second.duplicate_of == first
    expect(page.locator("main")).to_contain_text(second.reference)
    expect(page.locator("main")).to_contain_text("Linked consultations (the same family)")
    page.get_by_role("link", name=first.reference).click()
    expect(page.locator("main")).to_contain_text(second.reference)
    shots(journey, "linked")
