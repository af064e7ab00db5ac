"""Issue 17 journeys: a step-up is refused without an open early help episode or a reason; a
step-up with a disclosure of harm arrives red at the top of the front-door queue, and the
front-door manager is told."""

from playwright.sync_api import expect

from casework import actions
from casework.models import StepUp
from conftest import PASSWORD
from frontdoor.models import Contact
from organisations.factories import OrganisationFactory, PractitionerFactory, TeamFactory
from organisations.models import OrganisationType, Role
from tests.browser.shots import shots


def _front_door():
    csc = OrganisationFactory(
        name="Demo Children's Social Care", org_type=OrganisationType.CHILDRENS_SOCIAL_CARE
    )
    mash = TeamFactory(name="Front door (MASH)", organisation=csc)
    worker = PractitionerFactory(
        user__full_name="Fran Door", organisation=csc, team=mash, role=Role.FRONT_DOOR
    )
    manager = PractitionerFactory(
        user__full_name="Mo Manager", organisation=csc, team=mash, role=Role.TEAM_MANAGER
    )
    manager.manages.add(mash)
    return worker, manager


def _answer(page, question: str, answer: str) -> None:
    page.get_by_role("group", name=question).get_by_label(answer, exact=True).check(force=True)


def test_a_disclosure_arrives_red_at_the_top_and_no_episode_needs_a_reason(
    journey, family_worker, smith_family
):
    fd_worker, manager = _front_door()
    earlier = actions.step_up(  # an earlier, ordinary contact already in the queue
        by=family_worker.user,
        family=smith_family,
        children=[smith_family.jaden],
        reason="Rent arrears and Kelly's low mood",
        lead_view="Needs a social worker's view",
        immediate_risk=False,
        disclosure=False,
        no_episode_reason="New worry on a first visit",
    )
    page = journey.page
    journey.sign_in(family_worker.user.email, PASSWORD)
    journey.visit(f"/families/{smith_family.pk}/")
    page.get_by_role("link", name="Step up to children's social care").click()
    journey.check_page()
    page.get_by_role("group", name="Which children").get_by_label("Jaden Smith").check(force=True)
    page.get_by_label("Why children's social care needs to be involved now").fill(
        "Jaden disclosed being hit by a visitor to the home."
    )
    _answer(page, "Is a child at immediate risk of significant harm?", "No")
    _answer(page, "Has a child told you, or shown you, that they have been harmed?", "Yes")
    page.get_by_label("Your view as lead practitioner").fill("Needs a strategy discussion.")
    page.get_by_role("button", name="Send to the front door").click()

    # Refused: no open early help episode and no reason; nothing typed is lost.
    expect(page.locator(".govuk-error-summary")).to_contain_text(
        "Enter why you are stepping up without an episode"
    )
    expect(page.get_by_label("Your view as lead practitioner")).to_have_value(
        "Needs a strategy discussion."
    )
    shots(journey, "refused")
    assert StepUp.objects.count() == 1

    page.get_by_label("The family has no open early help episode: why step up now?").fill(
        "A new worry found on a first visit."
    )
    page.get_by_role("button", name="Send to the front door").click()
    expect(page.get_by_role("heading", name="Step-up to children's social care")).to_be_visible()
    expect(page.locator("main")).to_contain_text("Urgent – red, decided the same day")
    shots(journey, "sent")
    record = StepUp.objects.exclude(pk=earlier.pk).get()
    contact = Contact.objects.get(pk=record.frontdoor_contact_id)
    assert contact.urgent
    assert contact.rag == "red"
    page.get_by_role("button", name="Sign out").click()

    journey.sign_in(fd_worker.user.email, PASSWORD)
    journey.visit("/front-door/")
    first = page.locator("main table tbody tr").first
    expect(first).to_contain_text(contact.reference)
    expect(first).to_contain_text("Urgent")
    expect(first).to_contain_text("Red")
    shots(journey, "queue")
    page.get_by_role("button", name="Sign out").click()

    journey.sign_in(manager.user.email, PASSWORD)
    journey.visit("/notices/")
    expect(page.locator("main")).to_contain_text(f"Urgent contact {contact.reference}: decide by")
    shots(journey, "manager-notice")
