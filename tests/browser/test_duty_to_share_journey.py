"""The duty to share (CA 2004 s16LA): a health visitor working with a family records a decision
not to share a parent's own health with the child's school, because sharing would be more
detrimental to the child (the reasoning is required: she is asked for it first), with the
review date; the information governance officer finds it from the IG home, filters the list to
it and opens it; the partnership's counts show it as "fewer than 5". axe-core on every page;
screenshots at 1280 and 375 px."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone
from playwright.sync_api import expect

from audit.models import AuditEvent
from conftest import PASSWORD
from organisations.factories import InvolvementFactory, OrganisationFactory, PractitionerFactory
from organisations.models import OrganisationType, Role
from sharing.models import NonDisclosure
from tests.browser.shots import shots

REASONING = (
    "Mum said she would stop seeing us if the school were told; our visits are the only "
    "regular check on the baby's weight (synthetic)"
)


def test_health_visitor_records_a_decision_not_to_share_and_ig_finds_it(
    journey, browser, smith_family, school_dsl, ig_officer
):
    hv_org = OrganisationFactory(
        name="Demo Health Visiting", org_type=OrganisationType.HEALTH_VISITING
    )
    hv = PractitionerFactory(
        organisation=hv_org,
        team=None,
        role=Role.PARTNER,
        user__full_name="Megan Visitor",
        user__email="megan.visitor@example.test",
        job_title="Health visitor",
    )
    InvolvementFactory(family=smith_family, practitioner=hv, person=smith_family.jaden)
    InvolvementFactory(family=smith_family, practitioner=school_dsl, role="dsl")
    review_on = timezone.localdate() + dt.timedelta(days=56)
    _health_visitor_records(journey, hv, smith_family, school_dsl, review_on)
    record = NonDisclosure.objects.get()
    assert record.decided_by == hv.user
    assert record.agency == hv_org
    assert record.review_on == review_on
    assert AuditEvent.objects.filter(
        verb="share", object_type="sharing.nondisclosure", actor_id=hv.user.pk
    ).exists()
    ig = journey.__class__(browser, journey.base_url, journey.name + "-ig")
    try:
        _ig_finds_it(ig, ig_officer, school_dsl)
    finally:
        ig.close()
    assert AuditEvent.objects.filter(
        verb="view", object_type="sharing.nondisclosure", actor_id=ig_officer.user.pk
    ).exists()


def _health_visitor_records(journey, hv, smith_family, school_dsl, review_on):
    page = journey.page
    journey.sign_in(hv.user.email, PASSWORD)
    journey.visit(f"/families/{smith_family.pk}/sharing/")
    page.get_by_role("link", name="Record a decision not to share").click()
    expect(page.get_by_role("heading", name="Record a decision not to share")).to_be_visible()
    page.get_by_label("Which child is the information about?").select_option(label="Jaden Smith")
    page.get_by_label("Which agency did you not share it with?").select_option(
        label=school_dsl.organisation.name
    )
    page.get_by_label("Who at that agency would have received it?").fill(
        "Designated safeguarding lead"
    )
    page.get_by_label("Adults' own needs (mental health, substance use, domestic abuse)").check()
    page.get_by_label("Describe the information you did not share").fill(
        "Mum's disclosure of her own past self-harm at the new-birth visit (synthetic)"
    )
    page.get_by_label("Day").fill(str(review_on.day))
    page.get_by_label("Month").fill(str(review_on.month))
    page.get_by_label("Year").fill(str(review_on.year))
    page.get_by_role("button", name="Record the decision").click()
    # The reasoning is required; nothing typed is lost.
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_contain_text(
        "Explain why sharing would be more detrimental to the child than not sharing"
    )
    expect(page.get_by_label("Who at that agency would have received it?")).to_have_value(
        "Designated safeguarding lead"
    )
    shots(journey, "not-shared-error")
    page.get_by_label(
        "Why would sharing it be more detrimental to the child than not sharing it?"
    ).fill(REASONING)
    page.get_by_role("button", name="Record the decision").click()
    expect(page.get_by_role("heading", name="Decision not to share", exact=True)).to_be_visible()
    expect(page.locator("main")).to_contain_text(REASONING)
    shots(journey, "not-shared-recorded")


def _ig_finds_it(ig, ig_officer, school_dsl):
    ig.sign_in(ig_officer.user.email, PASSWORD)
    ig.page.locator("main").get_by_role("link", name="Decisions not to share", exact=True).click()
    expect(ig.page.get_by_role("heading", name="Decisions not to share")).to_be_visible()
    table = ig.page.locator("table")
    expect(table).to_contain_text("Jaden Smith")
    expect(table).to_contain_text("Demo Health Visiting")
    shots(ig, "ig-list")
    ig.page.get_by_text("Filter the list").click()
    ig.page.get_by_label("Not shared with").select_option(label=school_dsl.organisation.name)
    ig.page.get_by_role("button", name="Apply filters").click()
    expect(ig.page.locator("table caption")).to_contain_text("1 decision")
    ig.check_page()
    ig.page.locator("table").get_by_role("link").first.click()
    expect(ig.page.locator("main")).to_contain_text(REASONING)
    expect(ig.page.locator("main")).to_contain_text("Megan Visitor, Demo Health Visiting")
    shots(ig, "ig-decision")
    ig.page.get_by_role("link", name="Back to decisions not to share").click()
    ig.page.get_by_role("link", name="Counts by agency for the safeguarding partnership").click()
    row = ig.page.get_by_role("row", name="Demo Health Visiting")
    expect(row).to_contain_text("fewer than 5")
    shots(ig, "partnership-counts")
