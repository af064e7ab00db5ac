"""An administrator adds a Find a Record / Fetch a Record agreement (a mistake first, what was
typed kept), a school's system finds the child but may not fetch (existence only), the
administrator revises the agreement to content as version 2, the fetch now succeeds naming
version 2, and the school client's page shows each decision in the audit trail. axe-core on
every page; 1280 and 320 px screenshots."""

import datetime as dt
import json

from django.utils import timezone
from playwright.sync_api import expect

from api import actions as api_actions
from conftest import PASSWORD
from organisations.factories import PractitionerFactory
from organisations.models import Role
from people.factories import valid_nhs_number

FIELDS = ("Day", "Month", "Year")


def _ask(journey, key, operation, nhs_number):
    body = {
        "nhs_number": nhs_number,
        "purpose": "safeguarding",
        "record_type": "childrens-services.details",
    }
    response = journey.context.request.post(
        f"{journey.base_url}/api/v1/custodian/{operation}/",
        headers={"Authorization": f"Bearer {key}", "Content-Type": "application/json"},
        data=json.dumps(body),
    )
    return response.status, response.json()


def _fill_date(page, legend, day):
    group = page.get_by_role("group", name=legend)
    for part, value in zip(FIELDS, (day.day, day.month, day.year), strict=True):
        group.get_by_label(part).fill(str(value))


def test_administrator_keeps_the_agreements_that_decide_find_and_fetch(
    journey, school_dsl, smith_family
):
    admin = PractitionerFactory(
        user__full_name="Ada Admin", user__email="ada.admin@example.test", role=Role.ADMIN
    )
    jaden = smith_family.jaden
    jaden.nhs_number = valid_nhs_number(777)
    jaden.save()
    client, key = api_actions.api_client_create(
        by=admin.user,
        organisation=school_dsl.organisation,
        name="School MIS",
        scopes=["custodian:find", "custodian:fetch"],
        expires_on=timezone.localdate() + dt.timedelta(days=30),
    )
    page = journey.page
    journey.sign_in(admin.user.email, PASSWORD)
    page.get_by_role("link", name="Partner systems").click()
    page.get_by_role("link", name="find and fetch agreements").click()
    expect(page.get_by_role("heading", name="Find and fetch agreements")).to_be_visible()
    journey.check_page(screenshot="agreements")

    page.get_by_label("Title").fill("Schools: safeguarding (synthetic)")
    page.get_by_role("button", name="Add agreement").click()
    expect(page.get_by_role("alert")).to_contain_text("Enter the agreement's reference")
    expect(page.get_by_label("Title")).to_have_value("Schools: safeguarding (synthetic)")
    journey.check_page(screenshot="agreement-errors")

    page.get_by_label("Reference").fill("DSA-SUI-001")
    page.get_by_label("Or any organisation of this type (source)").select_option(
        label="Children's social care"
    )
    page.get_by_label("Or any organisation of this type (destination)").select_option(
        label="School or nursery"
    )
    page.get_by_label("Children's services details (childrens-services.details)").check()
    page.get_by_label("Safeguarding a child (Children Act 1989 s47, s17)").check()
    page.get_by_label("Existence only: that the record is held (Find a Record)").check()
    _fill_date(page, "Valid from", timezone.localdate() - dt.timedelta(days=7))
    page.get_by_role("button", name="Add agreement").click()
    expect(page.get_by_role("heading", name="Schools: safeguarding (synthetic)")).to_be_visible()
    journey.check_page(screenshot="agreement")

    status, found = _ask(journey, key, "find", jaden.nhs_number)
    assert status == 200, found
    assert [r["mode"] for r in found["records"]] == ["existence"]
    status, refused = _ask(journey, key, "fetch", jaden.nhs_number)
    assert status == 403, refused

    page.get_by_label("Content: the record itself (Fetch a Record, and Find a Record)").check()
    page.get_by_label("What changed and why").fill("Schools may now see the key worker")
    page.get_by_role("button", name="Save version 2").click()
    expect(page.get_by_text("is now version 2")).to_be_visible()
    journey.check_page(screenshot="agreement-version-2")

    status, fetched = _ask(journey, key, "fetch", jaden.nhs_number)
    assert status == 200, fetched
    assert fetched["agreement"] == {"reference": "DSA-SUI-001", "version": 2}

    page.goto(f"{journey.base_url}/partner-systems/{client.pk}/")
    calls = page.locator("#calls + p + table")
    expect(calls).to_contain_text("Refused")  # the fetch refused under version 1
    expect(calls).to_contain_text("DSA-SUI-001")
    journey.check_page(screenshot="agreement-decisions")
