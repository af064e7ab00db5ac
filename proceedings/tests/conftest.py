"""Pre-proceedings fixtures: a children's social care team (a social worker, their manager), and
the Hill family: Mia (8), on a child in need plan allocated to the social worker, her mum Rose
and dad Tom (both parents with parental responsibility), her nan June (a member, no parental
responsibility). Time is frozen at 1 December 2026."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine

from casework.models import Episode
from organisations.factories import (
    InvolvementFactory,
    OrganisationFactory,
    PractitionerFactory,
    TeamFactory,
)
from organisations.models import InvolvementRole, OrganisationType, Role
from people.factories import FamilyFactory, MembershipFactory, PersonFactory
from people.models import Relationship

D = dt.date
NOW = dt.datetime(2026, 12, 1, 12, tzinfo=dt.UTC)


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def csc_team(db):
    org = OrganisationFactory(
        name="Hill Children's Social Care", org_type=OrganisationType.CHILDRENS_SOCIAL_CARE
    )
    return TeamFactory(name="Court team", organisation=org)


@pytest.fixture
def hill(csc_team):
    family = FamilyFactory(name="Hill family")
    people = {
        "mia": PersonFactory(given_name="Mia", family_name="Hill", date_of_birth="2018-02-03"),
        "rose": PersonFactory(given_name="Rose", family_name="Hill", date_of_birth="1992-06-01"),
        "tom": PersonFactory(given_name="Tom", family_name="Hill", date_of_birth="1990-01-09"),
        "june": PersonFactory(given_name="June", family_name="Hill", date_of_birth="1960-04-04"),
    }
    MembershipFactory(family=family, person=people["mia"], role="child")
    for name in ("rose", "tom"):
        MembershipFactory(family=family, person=people[name], role="parent_carer")
        Relationship.objects.create(
            from_person=people[name],
            to_person=people["mia"],
            kind="parent",
            parental_responsibility=True,
        )
    MembershipFactory(family=family, person=people["june"], role="wider_family")
    Relationship.objects.create(
        from_person=people["june"], to_person=people["mia"], kind="grandparent"
    )
    for name, person in people.items():
        setattr(family, name, person)
    return family


def _worker(team, name, role):
    return PractitionerFactory(
        user__full_name=name, organisation=team.organisation, team=team, role=role
    )


@pytest.fixture
def social_worker(csc_team, hill):
    sw = _worker(csc_team, "Sam Social", Role.SOCIAL_WORKER)
    InvolvementFactory(
        family=hill, practitioner=sw, role=InvolvementRole.SOCIAL_WORKER, started_on=D(2020, 1, 1)
    )
    return sw


@pytest.fixture
def team_manager(csc_team, social_worker):
    m = _worker(csc_team, "Meg Manager", Role.TEAM_MANAGER)
    m.manages.add(csc_team)
    return m


@pytest.fixture
def colleague(csc_team, hill):
    """Another social worker in the team, working with the family but not allocated Mia."""
    other = _worker(csc_team, "Cal Colleague", Role.SOCIAL_WORKER)
    InvolvementFactory(
        family=hill,
        practitioner=other,
        role=InvolvementRole.SOCIAL_WORKER,
        started_on=D(2020, 1, 1),
    )
    return other


@pytest.fixture
def cin(hill, social_worker, csc_team):
    return Episode.objects.create(
        family=hill,
        child=hill.mia,
        kind="CIN",
        state="cin_plan",
        team=csc_team,
        allocated_to=social_worker,
        referral_date=D(2026, 5, 4),
        referral_source="6",
        primary_need="N1",
        assessment_started_on=D(2026, 5, 5),
        assessment_authorised_on=D(2026, 6, 1),
        assessment_factors=["4B"],
        cin_plan_started_on=D(2026, 6, 10),
    )


@pytest.fixture
def begun(cin, social_worker):
    from proceedings import actions

    return actions.pre_proceedings_begin(
        by=social_worker.user,
        family=cin.family,
        child=cin.child,
        started_on=D(2026, 9, 7),
        decided_by="Pat Head, head of service (chair, legal planning meeting)",
        decision_reasons="Neglect continuing despite the child in need plan.",
    )
