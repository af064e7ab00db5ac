import datetime as dt

import pytest

from casework.factories import FamilyPlanFactory
from casework.models import LeadArrangement
from directory.factories import DirectoryOrganisationFactory, full_service
from hubs.models import Meeting, Session
from organisations.factories import (
    HubFactory,
    InvolvementFactory,
    PractitionerFactory,
    TeamFactory,
)
from organisations.models import Role
from people.factories import FamilyFactory, MembershipFactory, PersonFactory


@pytest.fixture
def hub(early_help_org):
    main = HubFactory(name="Northgate Family Hub", organisation=early_help_org, phone="020 1")
    HubFactory(name="Millbrook Library (spoke)", organisation=early_help_org, main_site=main)
    return main


@pytest.fixture
def parenting(hub, early_help_org):
    """A parenting course for ages 2 to 12 run by the hub's organisation (test data)."""
    provider = DirectoryOrganisationFactory(name="Demo Family Hubs", organisation=early_help_org)
    service = full_service(name="Triple P parenting programme", hub=hub, organisation=provider)
    location = service.at_locations.get().location
    location.hub, location.postal_code = hub, "DB1 2AB"
    location.save()
    return service


@pytest.fixture
def coordinator(early_help_org, hub):
    team = TeamFactory(name="Hub team", organisation=early_help_org, hub=hub)
    return PractitionerFactory(
        user__full_name="Hana Coordinator",
        organisation=early_help_org,
        team=team,
        role=Role.HUB_COORDINATOR,
        job_title="Hub coordinator",
    )


@pytest.fixture
def course(parenting, hub, family_worker):
    """A course with 2 places, three weeks of meetings, completed after 2 attended."""
    session = Session.objects.create(
        service=parenting,
        title="Triple P: spring",
        venue=parenting.at_locations.get().location,
        facilitator=None,
        capacity=2,
        complete_after=2,
    )
    for n in range(3):
        Meeting.objects.create(
            session=session,
            number=n + 1,
            on=dt.date(2026, 3, 3) + dt.timedelta(weeks=n),
            starts_at=dt.time(10),
            ends_at=dt.time(12),
        )
    return session


def make_family(name, worker, *, lead=False, plan=False):
    """A synthetic family with one parent; `worker` involved (and lead, with a plan)."""
    family = FamilyFactory(name=f"{name} family")
    parent = PersonFactory(given_name=name, family_name="Test", date_of_birth="1990-01-01")
    MembershipFactory(family=family, person=parent, role="parent_carer")
    InvolvementFactory(family=family, practitioner=worker)
    if lead:
        LeadArrangement.objects.create(
            family=family, lead=worker, family_say="agreed", recorded_by=worker.user
        )
    if plan:
        FamilyPlanFactory(family=family, created_by=worker.user)
    family.parent = parent
    return family


@pytest.fixture
def future_course(parenting, family_worker):
    """A 4-week course with 1 place starting next week (test data), open to requests."""
    from django.utils import timezone

    session = Session.objects.create(
        service=parenting,
        title="Triple P: next term",
        venue=parenting.at_locations.get().location,
        facilitator=family_worker,
        capacity=1,
        complete_after=3,
    )
    first = timezone.localdate() + dt.timedelta(days=7)
    for n in range(4):
        Meeting.objects.create(
            session=session,
            number=n + 1,
            on=first + dt.timedelta(weeks=n),
            starts_at=dt.time(10),
            ends_at=dt.time(12),
        )
    return session
