"""A parent withdraws consent and everyone working with the family sees the withdrawal; a
sharing decision is recorded with its lawful basis, guided by the seven golden rules."""

from playwright.sync_api import expect

from conftest import PASSWORD
from sharing.models import Consent, SharingRecord


def test_consent_sharing_and_withdrawal(
    journey, family_worker, colleague, smith_family, school_dsl, browser
):
    page = journey.page
    journey.sign_in(family_worker.user.email, PASSWORD)
    journey.visit(f"/families/{smith_family.pk}/")
    page.get_by_role("link", name="Information sharing and consent").click()
    journey.check_page()

    page.get_by_role("link", name="Record consent").click()
    journey.check_page()
    page.get_by_label("Whose consent").select_option(label="Kelly Smith")
    page.get_by_label("Sharing information with a named agency").check()
    page.get_by_label("Agency (for sharing with a named agency)").select_option(
        label=school_dsl.organisation.name
    )
    page.get_by_label("Consent given").check()
    page.get_by_label("The adult themselves").check()
    page.get_by_label("In writing").check()
    page.get_by_role("button", name="Save consent").click()
    expect(page.locator("table")).to_contain_text("Given")

    page.get_by_role("link", name="Record a sharing decision").click()
    expect(page.get_by_text("The seven golden rules of information sharing")).to_be_visible()
    journey.check_page(screenshot="sharing-form")
    page.get_by_label("Shared", exact=True).check()
    page.get_by_label("With which agency").select_option(label=school_dsl.organisation.name)
    page.get_by_label("Family plan and actions").check()
    page.get_by_label("Purpose").fill("So the school can deliver its actions in the plan")
    page.get_by_label("UK GDPR Article 6 lawful basis").select_option(value="6_1_e")
    page.get_by_label("Consent given", exact=True).check()
    page.get_by_role("button", name="Save decision").click()
    expect(page.get_by_text("There is no data-sharing agreement in force")).to_be_visible()
    journey.check_page(screenshot="sharing-recorded")
    assert SharingRecord.objects.filter(family=smith_family).count() == 1

    page.get_by_role("link", name="Record withdrawal").click()
    journey.check_page()
    page.get_by_label("How was consent withdrawn?").fill("Kelly phoned and asked us to stop")
    page.get_by_role("button", name="Record the withdrawal").click()
    expect(page.locator(".govuk-notification-banner").last).to_contain_text("Consent withdrawn")
    assert Consent.objects.get().withdrawn_at is not None

    other = journey.__class__(browser, journey.base_url, journey.name + "-colleague")
    try:
        other.sign_in(colleague.user.email, PASSWORD)
        other.visit(f"/families/{smith_family.pk}/")
        banner = other.page.get_by_role("region", name="Consent withdrawn")
        expect(banner).to_contain_text("Kelly Smith withdrew consent to sharing information")
        other.check_page(screenshot="family-withdrawn")
    finally:
        other.close()
