"""Single sign-on journey (issue 16): a social worker signs in with the council's provider (a
real OpenID Connect provider, tests/oidc) and lands on FamilyHub's home page; a data officer
opening the merge page of someone outside their work is asked why first. axe-core on every
FamilyHub page (the provider's own page is not ours), 1280/375 px screenshots."""

import pytest
from playwright.sync_api import expect

from conftest import PASSWORD
from organisations.factories import PractitionerFactory
from organisations.models import Organisation, OrganisationType, Role
from tests.oidc.fixtures import oidc_provider, sso_settings  # noqa: F401


@pytest.fixture
def sso_on(settings, oidc_provider):  # noqa: F811
    Organisation.objects.create(
        name="Demo Borough Children's Services (synthetic)",
        org_type=OrganisationType.CHILDRENS_SOCIAL_CARE,
    )
    sso_settings(settings, oidc_provider.issuer)


def test_a_social_worker_signs_in_with_the_councils_provider(journey, sso_on):
    page = journey.page
    journey.visit("/sign-in/")
    journey.check_page(screenshot="sso-sign-in")
    page.get_by_role("button", name="Sign in with the council's test provider").click()
    page.get_by_label("Account").fill("sam")
    page.get_by_role("button", name="Continue").click()
    expect(page).to_have_url(journey.base_url + "/")
    journey.check_page(screenshot="sso-home")
    expect(page.get_by_text("Sam Sso (synthetic)").first).to_be_visible()


def test_a_data_officer_says_why_before_opening_a_record_to_merge(journey, smith_family):
    officer = PractitionerFactory(role=Role.DATA_OFFICER, team=None)
    journey.sign_in(officer.user.email, PASSWORD)
    page = journey.page
    journey.visit(f"/people/{smith_family.jaden.pk}/merge/")
    expect(page.get_by_role("heading", name="Why are you opening this record?")).to_be_visible()
    page.get_by_role("button", name="Continue").click()
    journey.check_page(screenshot="merge-purpose-error")
    expect(page.get_by_text("Enter why you are opening this record").first).to_be_visible()
    page.get_by_label("Why are you opening this record?").fill(
        "Duplicate reported by the front door (synthetic)"
    )
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_role("heading", name="Merge another record into this one")).to_be_visible()
    journey.check_page()
