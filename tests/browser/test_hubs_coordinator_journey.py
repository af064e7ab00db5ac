"""Family hubs, the coordinator's side (issue 13): the hub coordinator creates a 10-week course;
a parent asks for a place from the hub's public page without signing in; the coordinator finds
the family already known in the register and enrols the parent; the coordinator's Reach page
(chart and table beside it). axe-core on every page; screenshots at 1280 and 375 px."""

import datetime as dt

from django.utils import timezone
from playwright.sync_api import expect

from conftest import PASSWORD
from directory.factories import DirectoryOrganisationFactory, full_service
from hubs.models import Attendance, Enrolment, Meeting, SelfReferral, Session
from hubs.tests.conftest import make_family
from organisations.factories import HubFactory, PractitionerFactory, TeamFactory
from organisations.models import Role
from people.factories import AddressFactory
from tests.browser.shots import shots


def _setup(family_worker, smith_family):
    org = family_worker.organisation
    hub = HubFactory(name="Northgate Family Hub", organisation=org, phone="020 7946 0410")
    provider = DirectoryOrganisationFactory(name="Demo Family Hubs", organisation=org)
    service = full_service(name="Triple P parenting programme", hub=hub, organisation=provider)
    venue = service.at_locations.get().location
    venue.hub, venue.name, venue.postal_code = hub, "Northgate Family Hub", "DB1 2AB"
    venue.save()
    coordinator = PractitionerFactory(
        user__full_name="Tariq Coordinator",
        organisation=org,
        role=Role.HUB_COORDINATOR,
        team=TeamFactory(name="Hub team", organisation=org, hub=hub),
        job_title="Coordinator",
    )
    AddressFactory(person=smith_family.kelly, postcode="DB1 2AB")
    # Some history for Reach: six families at last month's stay and play (test data).
    past = Session.objects.create(service=service, title="Stay and play", venue=venue, capacity=9)
    meeting = Meeting.objects.create(
        session=past,
        number=1,
        on=timezone.localdate() - dt.timedelta(days=30),
        starts_at=dt.time(10),
        ends_at=dt.time(11),
    )
    for name in ("Ada", "Bo", "Cy", "Di", "Ed", "Flo"):
        f = make_family(name, family_worker)
        e = Enrolment.objects.create(
            session=past, person=f.parent, family=f, status="enrolled", priority=2
        )
        Attendance.objects.create(
            meeting=meeting, enrolment=e, mark="present", marked_by=coordinator.user
        )
    return hub, coordinator


def _create_course(journey, coordinator):
    page = journey.page
    journey.sign_in(coordinator.user.email, PASSWORD)
    journey.visit("/sessions/")
    page.get_by_role("link", name="Create a session").click()
    journey.check_page()
    page.get_by_role("link", name="Triple P parenting programme").click()
    journey.check_page()
    page.get_by_label("Name of the session").fill("Triple P: new year")
    page.get_by_label("Course", exact=True).check()
    page.get_by_label("Where it meets").select_option(label="Northgate Family Hub")
    page.get_by_label("Places").fill("1")
    page.get_by_label("Youngest child's age in years (optional)").fill("2")
    page.get_by_label("Oldest child's age in years (optional)").fill("12")
    first = timezone.localdate() + dt.timedelta(days=10)
    for part, value in enumerate((first.day, first.month, first.year)):
        page.locator(f"#id_first_on_{part}").fill(str(value))
    page.get_by_label("How many weeks it runs").fill("10")
    page.get_by_label("Starts at").fill("10:00")
    page.get_by_label("Ends at").fill("09:30")  # a slip: the end before the start
    page.get_by_label("Sessions to attend to complete the course").fill("8")
    shots(journey, "session-form")
    page.get_by_role("button", name="Create the session").click()
    expect(page.get_by_text("The end time must be after the start time").first).to_be_visible()
    expect(page.get_by_label("Name of the session")).to_have_value("Triple P: new year")
    page.get_by_label("Ends at").fill("12:00")
    page.get_by_role("button", name="Create the session").click()
    expect(page.get_by_text("Triple P: new year created")).to_be_visible()
    shots(journey, "session-created")
    page.get_by_role("button", name="Sign out").click()
    return Session.objects.get(title="Triple P: new year")


def test_create_a_course_self_referral_enrolled_and_reach(journey, family_worker, smith_family):
    hub, coordinator = _setup(family_worker, smith_family)
    session = _create_course(journey, coordinator)
    assert session.meetings.count() == 10
    page = journey.page

    journey.visit(f"/hubs/{hub.pk}/")  # the public page: nobody signed in
    page.get_by_role("link", name="Ask for a place on Triple P: new year").click()
    journey.check_page()
    page.get_by_label("Your name").fill("Kelly Smith")
    page.get_by_label("Your phone number").fill("07700 900123")
    page.get_by_label("Your child's first name (if the session is for a child)").fill("Jaden")
    page.get_by_label("Your child's last name").fill("Smith")
    for part, value in enumerate(("7", "3", "2016")):
        page.locator(f"#id_child_date_of_birth_{part}").fill(value)
    page.get_by_label("Your postcode").fill("DB1 2AB")
    shots(journey, "ask")
    page.get_by_role("button", name="Send my request").click()
    expect(page.get_by_text("Tick the box to say you agree").first).to_be_visible()
    page.get_by_label("I agree that the family hub keeps these details").check()
    page.get_by_role("button", name="Send my request").click()
    expect(page.get_by_role("heading", name="Request sent")).to_be_visible()
    shots(journey, "asked")

    journey.sign_in(coordinator.user.email, PASSWORD)
    journey.visit("/sessions/")
    page.get_by_role("link", name="Requests from families (1 new)").click()
    journey.check_page()
    page.get_by_role("link", name="Kelly Smith").click()
    expect(page.get_by_role("heading", name="Already known?")).to_be_visible()
    shots(journey, "request")
    page.get_by_label("Kelly Smith (Parent or carer", exact=False).check()
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("Kelly has a place")).to_be_visible()
    journey.check_page()
    referral = SelfReferral.objects.get()
    assert (referral.status, referral.family) == ("enrolled", smith_family)
    assert referral.enrolment.person == smith_family.kelly

    journey.visit("/reach/")
    expect(page.get_by_role("heading", name="Against the Best Start local plan")).to_be_visible()
    expect(page.get_by_role("img", name="Reach against the Best Start local plan")).to_be_visible()
    targets = page.locator("table[data-table='targets']")
    expect(targets.get_by_role("row", name="Families reached 6 120")).to_be_visible()
    shots(journey, "reach")
