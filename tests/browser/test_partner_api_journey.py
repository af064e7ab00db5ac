"""An administrator creates a school's API client, the school's system calls the API with the
key (shown once), the administrator sees the calls in the audit trail, revokes the key, and the
next call is refused with problem details. The API's docs load within the CSP."""

import datetime as dt
import json

from django.utils import timezone
from playwright.sync_api import expect

from conftest import PASSWORD
from organisations.factories import PractitionerFactory
from organisations.models import Role


def _call(journey, key):
    response = journey.context.request.get(
        journey.base_url + "/api/v1/concerns/", headers={"Authorization": f"Bearer {key}"}
    )
    return response.status, response.headers.get("content-type", ""), response.text()


def test_administrator_creates_watches_and_revokes_a_schools_api_client(
    journey, school_dsl, smith_family
):
    admin = PractitionerFactory(
        user__full_name="Ada Admin",
        user__email="ada.admin@example.test",
        role=Role.ADMIN,
        job_title="FamilyHub administrator",
    )
    page = journey.page
    journey.sign_in(admin.user.email, PASSWORD)
    page.get_by_role("link", name="Partner systems").click()
    expect(page.get_by_role("heading", name="Partner systems")).to_be_visible()
    journey.check_page(screenshot="api-clients")

    # A mistake first: what was typed is kept, the error summary says what to fix.
    page.get_by_label("Partner organisation").select_option(label=school_dsl.organisation.name)
    page.get_by_role("button", name="Create client").click()
    expect(page.get_by_role("alert")).to_contain_text("Enter the name of the partner")
    journey.check_page(screenshot="api-client-errors")

    page.get_by_label("Name of the partner's system").fill("Demo Primary MIS")
    page.get_by_label("Send concerns about families (concerns:write)").check()
    page.get_by_label("Read the status and outcome of its concerns (outcomes:read)").check()
    expires = timezone.localdate() + dt.timedelta(days=365)
    page.get_by_label("Day").fill(str(expires.day))
    page.get_by_label("Month").fill(str(expires.month))
    page.get_by_label("Year").fill(str(expires.year))
    page.get_by_role("button", name="Create client").click()
    expect(page.get_by_role("heading", name="Client created")).to_be_visible()
    key = page.get_by_test_id("api-key").inner_text().strip()
    assert key.startswith("fh_")
    journey.check_page(screenshot="api-client-key")

    status, content_type, body = _call(journey, key)
    assert status == 200, body
    assert json.loads(body)["results"] == []

    page.reload()
    expect(page.get_by_test_id("api-key")).to_have_count(0)  # shown once
    calls = page.locator("#calls + p + table")
    expect(calls).to_contain_text("GET /api/v1/concerns/")
    expect(calls).to_contain_text("Demo Primary MIS (API client)")
    journey.check_page(screenshot="api-client-calls")

    page.get_by_label("Why is the key being revoked?").fill("The school changed MIS supplier")
    page.get_by_role("button", name="Revoke key").click()
    expect(page.get_by_text("key has been revoked")).to_be_visible()
    journey.check_page(screenshot="api-client-revoked")

    status, content_type, body = _call(journey, key)
    assert status == 401
    assert content_type.startswith("application/problem+json")
    assert json.loads(body)["detail"] == "The API key has been revoked"
    page.reload()
    expect(page.locator("#calls + p + table")).to_contain_text("Failed sign-in")


def test_the_api_docs_load_from_packaged_assets_within_the_csp(journey):
    page = journey.page
    requests = []
    page.on("request", lambda r: requests.append(r.url))
    page.goto(journey.base_url + "/api/v1/docs/")
    expect(page.get_by_text("FamilyHub partner API").first).to_be_visible()
    expect(page.get_by_text("/api/v1/concerns/").first).to_be_visible()
    assert not journey.console_errors, journey.console_errors  # no CSP violation
    assert all(url.startswith(journey.base_url) for url in requests), requests  # no CDN
    journey.screenshot("api-docs")
