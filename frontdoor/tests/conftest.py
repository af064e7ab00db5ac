"""The front door's cast: a MASH team with a practitioner and a manager, the locality early-help
teams and CSC teams the routing rules name, an embedded social worker and a health visitor.
(The root conftest gives the school DSL, the family worker, the Smith family, a stranger.)"""

from __future__ import annotations

import datetime as dt

import pytest

from organisations.factories import (
    InvolvementFactory,
    OrganisationFactory,
    PractitionerFactory,
    TeamFactory,
)
from organisations.models import InvolvementRole, OrganisationType, Role


@pytest.fixture
def csc_org(db):
    return OrganisationFactory(
        name="Test Children's Social Care", org_type=OrganisationType.CHILDRENS_SOCIAL_CARE
    )


@pytest.fixture
def mash_team(csc_org):
    return TeamFactory(name="Front Door (MASH) team", organisation=csc_org)


@pytest.fixture
def fd_worker(mash_team):
    return PractitionerFactory(
        user__full_name="Fran Frontdoor",
        user__email="front.door@example.test",
        organisation=mash_team.organisation,
        team=mash_team,
        role=Role.FRONT_DOOR,
        job_title="Front door practitioner",
    )


@pytest.fixture
def fd_manager(mash_team, fd_worker):
    manager = PractitionerFactory(
        user__full_name="Mary Mashmanager",
        user__email="mash.manager@example.test",
        organisation=mash_team.organisation,
        team=mash_team,
        role=Role.TEAM_MANAGER,
        job_title="Front door team manager",
    )
    manager.manages.add(mash_team)
    return manager


@pytest.fixture
def locality_teams(eh_team, early_help_org, csc_org):
    """The teams the routing rules name (eh_team is 'North early help team')."""
    teams = {"North": eh_team}
    for locality in ("East", "South", "West"):
        teams[locality] = TeamFactory(
            name=f"{locality} early help team", organisation=early_help_org, locality=locality
        )
    teams["assessment"] = TeamFactory(name="Assessment team", organisation=csc_org)
    teams["cp"] = TeamFactory(name="Child protection team", organisation=csc_org)
    eh_team.locality = "North"
    eh_team.save()
    return teams


@pytest.fixture
def embedded_sw(locality_teams, csc_org):
    return PractitionerFactory(
        user__full_name="Chloe Embedded",
        user__email="embedded.sw@example.test",
        organisation=csc_org,
        team=locality_teams["East"],
        role=Role.SOCIAL_WORKER,
        job_title="Social worker (embedded in Eastfield Family Hub)",
        designations=["embedded_sw"],
    )


@pytest.fixture
def health_visitor(db):
    hv = OrganisationFactory(name="Test Health Visiting", org_type=OrganisationType.HEALTH_VISITING)
    return PractitionerFactory(
        user__full_name="Hana Visitor",
        user__email="health.visitor@example.test",
        organisation=hv,
        team=TeamFactory(name="HV team", organisation=hv, locality="East"),
        role=Role.PARTNER,
        job_title="Health visitor",
    )


@pytest.fixture
def dsl_involved(smith_family, school_dsl):
    """The school DSL works with the Smith family (so may raise a concern about it)."""
    InvolvementFactory(family=smith_family, practitioner=school_dsl, role=InvolvementRole.DSL)
    smith_family.locality = "North"
    smith_family.save()
    return school_dsl


def fresh(user):
    """principal_for() caches on the user object; a fresh copy sees changed data."""
    return type(user).objects.get(pk=user.pk)


def at(*args) -> dt.datetime:
    """An aware datetime in Europe/London."""
    from zoneinfo import ZoneInfo

    return dt.datetime(*args, tzinfo=ZoneInfo("Europe/London"))
