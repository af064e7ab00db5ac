"""Family hub journeys (issue 13, "done when" 1 and 2, as far as built):
(1) the hub coordinator imports an ORUK feed; a family worker finds a parenting programme for a
4-year-old near the family and attaches it to the plan; the parent is enrolled, waitlisted
because the course is full, and offered the place when someone withdraws;
(2) a facilitator takes the register on a 375 px phone, with the network cut for two marks and
restored; the lead worker sees the non-attendance."""

import datetime as dt
import json

from django.utils import timezone
from playwright.sync_api import expect

from casework.factories import FamilyPlanFactory
from casework.models import LeadArrangement, PlanAction
from conftest import PASSWORD
from directory.factories import DirectoryOrganisationFactory, full_service
from hubs import actions
from hubs.models import Attendance, Enrolment, MarkReceipt, Meeting, Session
from hubs.tests.conftest import make_family
from organisations.factories import HubFactory, PractitionerFactory, TeamFactory
from organisations.models import Role
from people.factories import MembershipFactory, PersonFactory

FEED_SERVICE = "c2f6b1f0-6a4e-4b8e-9f51-0d3c2b1a9e77"


def _feed(tmp_path):
    """Another publisher's feed (synthetic): one good service and one without a status."""
    loc = "9a1d2c3b-4e5f-4a6b-8c7d-0e1f2a3b4c5d"
    good = {
        "id": FEED_SERVICE,
        "name": "Little Talkers parenting group",
        "status": "active",
        "description": "A church-hall group for parents of 3 to 5 year olds (test data).",
        "minimum_age": 3,
        "maximum_age": 5,
        "organization": {
            "id": "5b0e8f3a-2c1d-4e6f-9a8b-7c6d5e4f3a2b",
            "name": "St Mark's",
            "description": "A church charity.",
        },
        "service_at_locations": [
            {
                "id": "0f9e8d7c-6b5a-4c3d-8e2f-1a0b9c8d7e6f",
                "location": {
                    "id": loc,
                    "location_type": "physical",
                    "name": "St Mark's Church Hall",
                    "latitude": 52.601,
                    "longitude": -1.199,
                    "addresses": [
                        {
                            "id": loc,
                            "address_1": "Mark St",
                            "city": "Demo",
                            "state_province": "Demo",
                            "postal_code": "DB1 5MK",
                            "country": "GB",
                            "address_type": "physical",
                        }
                    ],
                },
            }
        ],
    }
    bad = {"id": "b7a6c5d4-e3f2-4a1b-9c8d-7e6f5a4b3c2d", "name": "No status given"}
    path = tmp_path / "st-marks-feed.json"
    path.write_text(json.dumps({"contents": [good, bad]}))
    return path


def _setup(family_worker, smith_family):
    org = family_worker.organisation
    hub = HubFactory(name="Northgate Family Hub", organisation=org, phone="020 7946 0410")
    provider = DirectoryOrganisationFactory(name="Demo Family Hubs", organisation=org)
    service = full_service(
        name="Incredible Years parenting course",
        hub=hub,
        organisation=provider,
        minimum_age=3,
        maximum_age=6,
    )
    location = service.at_locations.get().location
    location.hub, location.name, location.postal_code = hub, "Northgate Family Hub", "DB1 2AB"
    location.save()
    coordinator = PractitionerFactory(
        user__full_name="Tariq Coordinator",
        organisation=org,
        role=Role.HUB_COORDINATOR,
        team=TeamFactory(name="Hub team", organisation=org, hub=hub),
        job_title="Coordinator",
    )
    session = Session.objects.create(
        service=service,
        title="Incredible Years: spring",
        venue=location,
        capacity=1,
        complete_after=8,
    )
    Meeting.objects.create(
        session=session,
        number=1,
        on=timezone.localdate(),
        starts_at=dt.time(10),
        ends_at=dt.time(12),
    )
    other = make_family("Olu", coordinator)
    actions.enrol(by=coordinator.user, session=session, family=other, person=other.parent)
    born = timezone.localdate() - dt.timedelta(days=4 * 365 + 60)
    mia = PersonFactory(given_name="Mia", family_name="Smith", date_of_birth=born)
    MembershipFactory(family=smith_family, person=mia, role="child")
    FamilyPlanFactory(family=smith_family, created_by=family_worker.user)
    LeadArrangement.objects.create(
        family=smith_family, lead=family_worker, family_say="agreed", recorded_by=family_worker.user
    )
    return coordinator, session, other


def test_import_find_attach_enrol_waitlist_and_offer(
    journey, family_worker, smith_family, tmp_path
):
    coordinator, session, other = _setup(family_worker, smith_family)
    page = journey.page

    journey.sign_in(coordinator.user.email, PASSWORD)
    journey.visit("/services/")
    page.get_by_role("link", name="Import a directory feed").click()
    journey.check_page()
    page.get_by_label("Or a feed file (JSON)").set_input_files(str(_feed(tmp_path)))
    page.get_by_role("button", name="Import the feed").click()
    expect(page.get_by_role("status")).to_contain_text("1 new, 0 changed")
    expect(
        page.get_by_role("cell", name="the service has no name").or_(
            page.get_by_role(
                "cell",
                name="status None is not one of active, inactive, defunct, temporarily closed",
            )
        )
    ).to_be_visible()
    journey.check_page(screenshot="feed-imported")
    page.get_by_role("button", name="Sign out").click()

    journey.sign_in(family_worker.user.email, PASSWORD)
    journey.visit(f"/families/{smith_family.pk}/plan/")
    page.get_by_role("link", name="Find a service").click()
    journey.check_page()
    expect(page.get_by_text("Mia (4)")).to_be_visible()
    page.get_by_label("What help is needed").fill("parenting")
    page.get_by_label("Child's age in years").fill("4")
    page.get_by_label("Near").fill("DB1")
    page.get_by_role("button", name="Search").click()
    expect(page.get_by_role("heading", name="2 services found")).to_be_visible()
    expect(page.get_by_role("link", name="Little Talkers parenting group")).to_be_visible()
    journey.check_page(screenshot="directory-search")
    page.get_by_role("link", name="Incredible Years parenting course").click()
    journey.check_page(screenshot="service")
    page.get_by_role("link", name="Add to the family plan").click()
    journey.check_page()
    expect(page.get_by_label("What will be done")).to_have_value(
        "Join the Incredible Years parenting course"
    )
    page.get_by_role("button", name="Add the action").click()
    expect(page.get_by_text("Action added to the plan")).to_be_visible()
    action = PlanAction.objects.get(plan__family=smith_family)
    assert action.service == session.service

    page.go_back()
    page.go_back()
    page.get_by_role("link", name="Enrol on Incredible Years: spring").click()
    journey.check_page()
    page.get_by_label("Who is joining").select_option(label="Kelly Smith")
    page.get_by_label("The plan action this is (optional)").select_option(
        label="Join the Incredible Years parenting course"
    )
    page.get_by_role("button", name="Enrol").click()
    expect(page.get_by_text("The session is full: Kelly is on the waiting list")).to_be_visible()
    journey.check_page(screenshot="waiting-list")
    kelly = Enrolment.objects.get(person=smith_family.kelly)
    assert (kelly.status, kelly.priority) == ("waiting", 1)  # the lead's referral, on a plan

    # Someone withdraws: the place is offered to Kelly at once, with a time limit.
    actions.withdraw(by=coordinator.user, enrolment=Enrolment.objects.get(family=other))
    page.reload()
    expect(page.get_by_role("heading", name="Offered a place")).to_be_visible()
    expect(page.get_by_text("Accept by")).to_be_visible()
    journey.check_page(screenshot="offered")
    page.get_by_role("button", name="Accept the place for Kelly Smith").click()
    expect(page.get_by_text("Place taken up")).to_be_visible()
    kelly.refresh_from_db()
    assert kelly.status == "enrolled"


def test_register_on_a_phone_with_the_network_cut(journey, family_worker, smith_family):
    coordinator, session, other = _setup(family_worker, smith_family)
    facilitator = PractitionerFactory(
        user__full_name="Faye Facilitator",
        organisation=family_worker.organisation,
        role=Role.FAMILY_WORKER,
        job_title="Parenting practitioner",
    )
    session.facilitator, session.capacity = facilitator, 4
    session.save()
    kelly = actions.enrol(
        by=family_worker.user, session=session, family=smith_family, person=smith_family.kelly
    )
    more = [make_family(name, coordinator) for name in ("Ama", "Ben")]
    for fam in more:
        actions.enrol(by=coordinator.user, session=session, family=fam, person=fam.parent)
    meeting = session.meetings.get()
    page = journey.page

    journey.sign_in(facilitator.user.email, PASSWORD)
    page.set_viewport_size({"width": 375, "height": 800})
    journey.visit(f"/registers/{meeting.pk}/")
    status = page.locator("[data-register-status]")
    page.get_by_role("button", name="Olu Test").click()
    expect(status).to_have_text("All marks saved.")

    journey.context.set_offline(True)
    page.get_by_role("button", name="Ama Test").click()
    page.get_by_role("button", name="Ben Test").click()
    expect(status).to_contain_text("2 marks kept on this phone")
    expect(page.get_by_role("button", name="Ben Test")).to_contain_text("Present")
    assert Attendance.objects.count() == 1
    page.screenshot(path=str(journey_dir() / "register-offline-375.png"), full_page=True)

    journey.context.set_offline(False)
    page.evaluate("window.dispatchEvent(new Event('online'))")
    expect(status).to_have_text("All marks saved.")
    assert Attendance.objects.filter(mark="present").count() == 3
    assert MarkReceipt.objects.count() == 3
    page.get_by_role("button", name="Finish the register: mark everyone else absent").click()
    expect(page.get_by_text("Register finished: 1 marked absent")).to_be_visible()
    journey.check_page(screenshot="register")
    kelly_mark = Attendance.objects.get(enrolment=kelly)
    assert kelly_mark.mark == "absent"
    page.get_by_role("button", name="Sign out").click()

    journey.sign_in(family_worker.user.email, PASSWORD)
    journey.visit("/notices/")
    notice = page.get_by_role("heading", name="Kelly did not attend Incredible Years: spring")
    expect(notice).to_contain_text("week 1")
    journey.check_page(screenshot="lead-notice")


def journey_dir():
    from tests.browser.conftest import SCREENSHOTS

    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    return SCREENSHOTS
