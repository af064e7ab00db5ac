"""Casework fixtures: a children's social care team beside the early help team of the root
conftest, and episodes built straight into any state so each step can be tried from each."""

import datetime as dt

import pytest

from casework.models import Episode
from organisations.factories import (
    InvolvementFactory,
    OrganisationFactory,
    PractitionerFactory,
    TeamFactory,
)
from organisations.models import InvolvementRole, OrganisationType, Role

D = dt.date


LONG_AGO = D(2020, 1, 1)


@pytest.fixture
def smith_family(smith_family):
    """The root fixture's family, with involvements started long ago so tests that travel back
    in time (time-machine) still find the workers involved."""
    smith_family.involvements.update(started_on=LONG_AGO)
    return smith_family


@pytest.fixture
def csc_team(db):
    org = OrganisationFactory(
        name="Demo Children's Social Care", org_type=OrganisationType.CHILDRENS_SOCIAL_CARE
    )
    return TeamFactory(name="Assessment team", organisation=org)


@pytest.fixture
def social_worker(csc_team, smith_family):
    sw = PractitionerFactory(
        user__full_name="Sol Social",
        organisation=csc_team.organisation,
        team=csc_team,
        role=Role.SOCIAL_WORKER,
        job_title="Social worker",
    )
    InvolvementFactory(
        family=smith_family,
        practitioner=sw,
        role=InvolvementRole.SOCIAL_WORKER,
        started_on=LONG_AGO,
    )
    return sw


@pytest.fixture
def csc_manager(csc_team, social_worker):
    m = PractitionerFactory(
        user__full_name="Fran Manager",
        organisation=csc_team.organisation,
        team=csc_team,
        role=Role.TEAM_MANAGER,
        job_title="Team manager",
    )
    m.manages.add(csc_team)
    return m


# Dates the helper builds each state with (the tests freeze time at 2 June 2025).
STATE_FIELDS = {
    "CIN": {
        "referral_open": {},
        "assessment": {"assessment_started_on": D(2025, 3, 4)},
        "assessed": {
            "assessment_started_on": D(2025, 3, 4),
            "assessment_authorised_on": D(2025, 4, 1),
            "assessment_factors": ["4B"],
        },
        "cin_plan": {
            "assessment_started_on": D(2025, 3, 4),
            "assessment_authorised_on": D(2025, 4, 1),
            "assessment_factors": ["4B"],
            "cin_plan_started_on": D(2025, 4, 10),
        },
        "closed": {"closed_on": D(2025, 4, 1), "closure_reason": "RC7"},
    },
    "CP": {
        "strategy_discussion": {},
        "s47_enquiry": {"s47_started_on": D(2025, 4, 15)},
        "icpc_scheduled": {
            "s47_started_on": D(2025, 4, 15),
            "s47_ended_on": D(2025, 4, 30),
            "icpc_planned_on": D(2025, 5, 1),
        },
        "cp_plan": {
            "s47_started_on": D(2025, 4, 15),
            "s47_ended_on": D(2025, 4, 30),
            "icpc_on": D(2025, 5, 1),
            "cp_plan_started_on": D(2025, 5, 1),
            "cp_category_initial": "NEG",
        },
        "closed": {"closed_on": D(2025, 4, 20), "closure_reason": "no_s47"},
    },
    "EH": {
        "requested": {},
        "consent_pending": {},
        "allocated": {"consent_given_on": D(2025, 3, 5)},
        "assessing": {"consent_given_on": D(2025, 3, 5), "assessment_started_on": D(2025, 3, 6)},
        "planned": {
            "consent_given_on": D(2025, 3, 5),
            "assessment_started_on": D(2025, 3, 6),
            "assessment_completed_on": D(2025, 3, 20),
            "plan_started_on": D(2025, 3, 20),
        },
        "reviewing": {"plan_started_on": D(2025, 3, 20)},
        "stepped_up": {"plan_started_on": D(2025, 3, 20)},
        "closed": {"closed_on": D(2025, 4, 1), "closure_reason": "needs_met"},
    },
}


def build_episode(family, child, kind, state, **extra):
    """An episode put straight into `state` (as if earlier steps had been taken)."""
    fields = {"referral_date": D(2025, 3, 3)}
    parent = None
    if kind == "CP":
        parent = build_episode(family, child, "CIN", "assessed")
        fields["strategy_discussion_on"] = D(2025, 4, 15)
    fields.update(STATE_FIELDS[kind][state])
    fields.update(extra)
    return Episode.objects.create(
        family=family, child=child, kind=kind, state=state, parent=parent, **fields
    )
