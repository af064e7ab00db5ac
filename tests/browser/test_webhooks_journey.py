"""A school's system registers a webhook; a change of lead practitioner is delivered by the task
worker to its endpoint (a real HTTP server on this machine), which is down at first; the
administrator sees the failed attempt with its answer on the client's page, sends it again,
and sees it delivered."""

import datetime as dt

from django.core.management import call_command
from django.utils import timezone
from playwright.sync_api import expect

from api import actions as api_actions
from api.tests.webhook_receiver import start
from casework import actions as casework
from conftest import PASSWORD
from organisations.factories import InvolvementFactory, PractitionerFactory
from organisations.models import InvolvementRole, Role


def test_administrator_sees_a_failed_delivery_and_sends_it_again(
    journey, school_dsl, smith_family, family_worker
):
    admin = PractitionerFactory(
        user__full_name="Ada Admin",
        user__email="ada.admin@example.test",
        role=Role.ADMIN,
        job_title="FamilyHub administrator",
    )
    InvolvementFactory(family=smith_family, practitioner=school_dsl, role=InvolvementRole.DSL)
    client, key = api_actions.api_client_create(
        by=admin.user,
        organisation=school_dsl.organisation,
        name="Demo Primary MIS",
        scopes=["outcomes:read", "directory:read"],
        expires_on=timezone.localdate() + dt.timedelta(days=365),
    )
    receiver, server = start()
    try:
        made = journey.context.request.post(
            journey.base_url + "/api/v1/webhooks/",
            data={"url": receiver.url, "events": ["family.lead_practitioner_changed"]},
            headers={"Authorization": f"Bearer {key}", "Idempotency-Key": "journey-1"},
        )
        assert made.status == 201, made.text()
        receiver.answers = [503]  # the school's endpoint is down at first
        casework.lead_assign(
            by=family_worker.user,
            family=smith_family,
            lead=family_worker,
            cover=None,
            family_say="chosen",
        )
        call_command("db_worker", "--batch", "--no-startup-delay", verbosity=0)

        page = journey.page
        journey.sign_in(admin.user.email, PASSWORD)
        journey.visit(f"/partner-systems/{client.pk}/")
        deliveries = page.locator("#deliveries + table")
        expect(page.locator("#webhooks + p + table")).to_contain_text(receiver.url)
        expect(deliveries).to_contain_text("Failed, will try again")
        expect(deliveries).to_contain_text("HTTP 503")
        expect(deliveries).to_contain_text("Synthetic outage")
        journey.check_page(screenshot="webhook-failed")

        page.get_by_role("button", name="Send again").first.click()
        expect(page.get_by_text("will be sent again")).to_be_visible()
        call_command("db_worker", "--batch", "--no-startup-delay", verbosity=0)
        page.reload()
        expect(deliveries.locator("tbody tr").first).to_contain_text("Delivered")
        expect(deliveries.locator("tbody tr").first).to_contain_text("replay of")
        journey.check_page(screenshot="webhook-replayed")
        assert len(receiver.received) == 2
        assert receiver.received[0].body == receiver.received[1].body
    finally:
        server.shutdown()
        server.server_close()
