"""Pre-proceedings journey (issue 12, 'Done when'): a social worker takes a child on a child in
need plan into pre-proceedings after the legal planning meeting, offers a family group
decision-making meeting to both parents (one accepts, one refuses), records the family network,
the FGDM meeting with the family's own plan, the letter and the outcome, and downloads the
letter before proceedings, whose text is checked. axe-core on every page; screenshots at 1280
and 375 px."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone
from playwright.sync_api import expect

from audit.models import AuditEvent
from casework.models import Episode
from conftest import PASSWORD
from organisations.factories import (
    InvolvementFactory,
    OrganisationFactory,
    PractitionerFactory,
    TeamFactory,
)
from organisations.models import InvolvementRole, OrganisationType, Role
from people.factories import FamilyFactory, MembershipFactory, PersonFactory
from people.models import Relationship
from proceedings.models import FgdmOffer, PreProceedings, ProceedingsMeeting
from tests.browser.shots import shots
from tests.pdf_text import pdf_text

PLAN = "Nan June will take Mia to school every day and have her after school until Mum is home."


def _hill_family():
    """Mia Hill on a child in need plan allocated to Sam (a social worker); her parents Rose
    and Tom, both with parental responsibility; her nan June."""
    csc = OrganisationFactory(
        name="Demo Children's Social Care", org_type=OrganisationType.CHILDRENS_SOCIAL_CARE
    )
    team = TeamFactory(name="Court team", organisation=csc)
    sw = PractitionerFactory(
        user__full_name="Sam Social", organisation=csc, team=team, role=Role.SOCIAL_WORKER
    )
    family = FamilyFactory(name="Hill family")
    mia = PersonFactory(given_name="Mia", family_name="Hill", date_of_birth="2018-02-03")
    MembershipFactory(family=family, person=mia, role="child")
    parents = []
    for name, born in (("Rose", "1992-06-01"), ("Tom", "1990-01-09")):
        parent = PersonFactory(given_name=name, family_name="Hill", date_of_birth=born)
        MembershipFactory(family=family, person=parent, role="parent_carer")
        Relationship.objects.create(
            from_person=parent, to_person=mia, kind="parent", parental_responsibility=True
        )
        parents.append(parent)
    june = PersonFactory(given_name="June", family_name="Hill", date_of_birth="1960-04-04")
    MembershipFactory(family=family, person=june, role="wider_family")
    InvolvementFactory(
        family=family, practitioner=sw, role=InvolvementRole.SOCIAL_WORKER,
        started_on=dt.date(2020, 1, 1),
    )  # fmt: skip
    today = timezone.localdate()
    Episode.objects.create(
        family=family, child=mia, kind="CIN", state="cin_plan", team=team, allocated_to=sw,
        referral_date=today - dt.timedelta(days=120), referral_source="6", primary_need="N1",
        assessment_started_on=today - dt.timedelta(days=119),
        assessment_authorised_on=today - dt.timedelta(days=90), assessment_factors=["4B"],
        cin_plan_started_on=today - dt.timedelta(days=85),
    )  # fmt: skip
    return sw, family


def _date(page, group: str, day: dt.date) -> None:
    fieldset = page.get_by_role("group", name=group)
    fieldset.get_by_label("Day").fill(str(day.day))
    fieldset.get_by_label("Month").fill(str(day.month))
    fieldset.get_by_label("Year").fill(str(day.year))


def _offer(journey, person: str, on: dt.date, answer: str, answered: dt.date) -> None:
    page = journey.page
    page.get_by_role("link", name="Offer a family group decision-making meeting").click()
    journey.check_page()
    page.get_by_label(person).check()
    _date(page, "Date offered", on)
    page.get_by_label("In the letter before proceedings").check()
    page.get_by_label(answer, exact=True).check()
    _date(page, "Date they answered", answered)
    page.get_by_role("button", name="Save the offer").click()
    expect(page.get_by_text("Offer recorded")).to_be_visible()


def _download_the_letter(journey) -> None:
    """The letter before proceedings, after the password again; its text is checked."""
    page = journey.page
    page.get_by_role("link", name="Download the letter before proceedings").click()
    expect(page.get_by_role("heading", name="Confirm it is you")).to_be_visible()
    journey.check_page()
    page.get_by_label("Your password").fill(PASSWORD)
    with page.expect_download() as download:
        page.get_by_role("button", name="Continue").click()
    text = pdf_text(open(download.value.path(), "rb").read())  # noqa: SIM115, PTH123
    assert "Letter before proceedings about Mia Hill" in text
    assert "family group decision-making meeting" in text
    for words in ("Rose Hill", "Tom Hill", "Accepted", "Refused"):
        assert words in text, words


def test_social_worker_takes_a_child_into_pre_proceedings(journey):
    sw, family = _hill_family()
    today = timezone.localdate()
    started = today - dt.timedelta(days=40)
    page = journey.page
    journey.sign_in(sw.user.email, PASSWORD)
    journey.visit(f"/families/{family.pk}/")
    page.get_by_role("link", name="Begin pre-proceedings").click()
    journey.check_page()
    # The decision is required: the error summary first.
    page.get_by_role("button", name="Begin pre-proceedings").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Enter who made the decision")
    journey.check_page()
    page.get_by_label("Mia Hill").check()
    _date(page, "Date of the legal planning meeting's decision", started)
    page.get_by_label("Who decided").fill("Pat Head, head of service (chair)")
    page.get_by_label("Why (optional)").fill("Neglect continuing despite the child in need plan.")
    page.get_by_role("button", name="Begin pre-proceedings").click()
    expect(page.get_by_role("heading", name="Pre-proceedings: Mia Hill")).to_be_visible()
    shots(journey, "begun")

    # Both parents offered a meeting in the letter: Rose accepts, Tom refuses.
    letter = started + dt.timedelta(days=2)
    _offer(journey, "Rose Hill", letter, "Accepted", letter + dt.timedelta(days=2))
    _offer(journey, "Tom Hill", letter, "Refused", letter + dt.timedelta(days=3))
    expect(page.get_by_role("table").first).to_contain_text("Accepted")
    expect(page.get_by_role("table").first).to_contain_text("Refused")
    journey.check_page()

    # The family network: Nan June, with her phone number (the allocated worker sees it).
    page.get_by_role("link", name="Add someone to the family network").click()
    journey.check_page()
    page.get_by_label("Name", exact=True).fill("June Hill")
    page.get_by_label("Relative").check()
    page.get_by_label("Relationship to the child").fill("Paternal grandmother")
    page.get_by_label("Phone (optional)").fill("07700 900123")
    page.get_by_role("button", name="Add them").click()
    expect(page.get_by_text("07700 900123")).to_be_visible()

    # The FGDM meeting, with the family's own plan in their words.
    page.get_by_role("link", name="Record a meeting").click()
    journey.check_page()
    page.get_by_label("Family group decision-making meeting").check()
    _date(page, "Date held", started + dt.timedelta(days=14))
    page.get_by_label("Rose Hill").check()
    page.get_by_label("June Hill (Paternal grandmother)").check()
    page.get_by_label("Others who came (optional)").fill("Independent FGDM coordinator")
    page.get_by_label("The family's plan, in their words").fill(PLAN)
    page.get_by_role("button", name="Save the meeting").click()
    expect(page.locator("blockquote")).to_contain_text(PLAN)
    shots(journey, "family-plan")

    # The letter sent, the step decision and its outcome (stepped down: the plan is working).
    page.get_by_role("link", name="Record the letter, the step decision and the outcome").click()
    journey.check_page()
    _date(page, "Date the letter before proceedings was sent", letter)
    _date(page, "Date of the step decision", today - dt.timedelta(days=2))
    page.get_by_label("Step down", exact=False).check()
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("Timeline updated")).to_be_visible()
    expect(page.locator("#timeline ~ dl")).to_contain_text("B: Step down")
    shots(journey, "outcome")

    _download_the_letter(journey)

    record = PreProceedings.objects.get()
    assert record.outcome == "B"
    assert sorted(FgdmOffer.objects.values_list("response", flat=True)) == [
        "accepted",
        "refused",
    ]
    assert ProceedingsMeeting.objects.get().family_plan == PLAN
    assert AuditEvent.objects.filter(verb="export", reason="letter before proceedings PDF").exists()
