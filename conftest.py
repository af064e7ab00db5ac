"""Shared fixtures: a small cast of roles and families, not one big fixture database."""

import pytest

from organisations.factories import (
    InvolvementFactory,
    OrganisationFactory,
    PractitionerFactory,
    TeamFactory,
)
from organisations.models import OrganisationType, Role
from people.factories import FamilyFactory, MembershipFactory, PersonFactory

PASSWORD = "correct-horse-battery"  # noqa: S105 - test-only


@pytest.fixture
def early_help_org(db):
    return OrganisationFactory(
        name="Demo Family Hub (early help)", org_type=OrganisationType.EARLY_HELP
    )


@pytest.fixture
def eh_team(early_help_org):
    return TeamFactory(name="North early help team", organisation=early_help_org)


@pytest.fixture
def family_worker(eh_team):
    return PractitionerFactory(
        user__full_name="Fola Worker",
        user__email="family.worker@example.test",
        organisation=eh_team.organisation,
        team=eh_team,
        role=Role.FAMILY_WORKER,
        job_title="Family worker",
    )


@pytest.fixture
def colleague(eh_team):
    """Same team as family_worker, not personally involved."""
    return PractitionerFactory(
        user__full_name="Cam Colleague",
        organisation=eh_team.organisation,
        team=eh_team,
        role=Role.FAMILY_WORKER,
    )


@pytest.fixture
def manager(eh_team):
    return PractitionerFactory(
        user__full_name="Mo Manager",
        organisation=eh_team.organisation,
        team=eh_team,
        role=Role.TEAM_MANAGER,
        job_title="Early help team manager",
    )


@pytest.fixture
def stranger(db):
    """A social worker in another organisation and team with no involvement."""
    return PractitionerFactory(
        user__full_name="Sam Stranger", role=Role.SOCIAL_WORKER, job_title="Social worker"
    )


@pytest.fixture
def school_dsl(db):
    school = OrganisationFactory(name="Demo Primary School", org_type=OrganisationType.SCHOOL)
    return PractitionerFactory(
        user__full_name="Dee Teacher",
        organisation=school,
        role=Role.PARTNER,
        job_title="Designated safeguarding lead",
        designations=["dsl"],
    )


@pytest.fixture
def admin(db):
    return PractitionerFactory(
        user__full_name="Ada Admin", role=Role.ADMIN, job_title="FamilyHub administrator"
    )


@pytest.fixture
def ig_officer(db):
    return PractitionerFactory(
        user__full_name="Ira Governance",
        role=Role.IG_OFFICER,
        job_title="Information governance officer",
    )


@pytest.fixture
def smith_family(family_worker):
    """Jaden Smith (born 7 March 2016) and his mum Kelly, with family_worker involved."""
    family = FamilyFactory(name="Smith family")
    jaden = PersonFactory(
        given_name="Jaden", family_name="Smith", date_of_birth="2016-03-07", sex="M"
    )
    kelly = PersonFactory(
        given_name="Kelly", family_name="Smith", date_of_birth="1990-05-12", sex="F"
    )
    MembershipFactory(family=family, person=jaden, role="child")
    MembershipFactory(family=family, person=kelly, role="parent_carer")
    InvolvementFactory(family=family, practitioner=family_worker)
    family.jaden, family.kelly = jaden, kelly
    return family


@pytest.fixture
def other_family(stranger):
    family = FamilyFactory(name="Jones family")
    MembershipFactory(family=family, person=PersonFactory(given_name="Jaden", family_name="Jones"))
    InvolvementFactory(family=family, practitioner=stranger)
    return family


def client_for(client, practitioner):
    client.force_login(practitioner.user)
    return client


@pytest.fixture
def family_worker_client(client, family_worker):
    return client_for(client, family_worker)
