"""Returns fixtures: a children's social care team, an analyst, and a family of synthetic
children whose casework is built with the app's own actions at fixed dates (time-machine), so
the census they make is known element for element."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine

from casework import actions
from organisations.factories import (
    InvolvementFactory,
    OrganisationFactory,
    PractitionerFactory,
    TeamFactory,
)
from organisations.models import InvolvementRole, OrganisationType, Role
from people.factories import FamilyFactory, MembershipFactory, PersonFactory
from people.identifiers import upn

D = dt.date
AVA_UPN = upn.make(1, 2001, 2020, 11)
BEN_UPN = upn.make(1, 2001, 2023, 12)
CAL_UPN = upn.make(1, 2001, 2019, 13)


@pytest.fixture
def csc_team(db):
    org = OrganisationFactory(
        name="Census Children's Social Care", org_type=OrganisationType.CHILDRENS_SOCIAL_CARE
    )
    return TeamFactory(name="Census assessment team", organisation=org)


def _worker(team, name, role):
    return PractitionerFactory(
        user__full_name=name, organisation=team.organisation, team=team, role=role
    )


@pytest.fixture
def social_worker(csc_team):
    return _worker(csc_team, "Sam Social", Role.SOCIAL_WORKER)


@pytest.fixture
def csc_manager(csc_team):
    m = _worker(csc_team, "Mo Manager", Role.TEAM_MANAGER)
    m.manages.add(csc_team)
    return m


@pytest.fixture
def analyst(csc_team):
    return _worker(csc_team, "Ana Analyst", Role.DATA_OFFICER)


@pytest.fixture
def census_family(social_worker, csc_manager, family_worker):
    """Ava (two referrals in 2025-26), Ben (a CP plan across 1 April 2025), an unborn baby (a
    referral with no further action in 2026-27) and Cal (stepped down to early help at the
    close of his assessment, RC9)."""
    family = FamilyFactory(name="Census family (synthetic)")
    family.ava = PersonFactory(
        given_name="Ava",
        family_name="Census",
        date_of_birth=D(2016, 3, 7),
        sex="F",
        la_child_id="CEN001",
        upn=AVA_UPN,
        ethnicity="WBRI",
    )
    family.ben = PersonFactory(
        given_name="Ben",
        family_name="Census",
        date_of_birth=D(2019, 2, 2),
        sex="M",
        la_child_id="CEN002",
        upn=BEN_UPN,
        disabilities=["HAND", "VIS"],
    )
    family.cal = PersonFactory(
        given_name="Cal",
        family_name="Census",
        date_of_birth=D(2014, 5, 5),
        sex="M",
        la_child_id="CEN004",
        upn=CAL_UPN,
        ethnicity="WIRI",
        disabilities=["NONE"],
    )
    family.cara = PersonFactory(
        given_name="Cara", family_name="Census", date_of_birth=D(1990, 1, 1), sex="F"
    )
    family.baby = PersonFactory(
        given_name="Baby",
        family_name="Census",
        date_of_birth=None,
        expected_date_of_birth=D(2027, 2, 14),
        sex="U",
        la_child_id="CEN003",
        upn_unknown_reason="UN1",
    )
    for child in (family.ava, family.ben, family.baby, family.cal):
        MembershipFactory(family=family, person=child, role="child", joined_on=D(2019, 2, 2))
    MembershipFactory(family=family, person=family.cara, role="parent_carer")
    for p, role in (
        (social_worker, InvolvementRole.SOCIAL_WORKER),
        (csc_manager, InvolvementRole.SOCIAL_WORKER),
        (family_worker, InvolvementRole.FAMILY_WORKER),
    ):
        InvolvementFactory(family=family, practitioner=p, role=role, started_on=D(2020, 1, 1))
    return family


def step(by, episode, event, **data):
    episode.refresh_from_db()
    return actions.episode_transition(
        by=by.user, episode=episode, event=event, expected_version=episode.version, data=data
    )


def open_cin(by, family, child, referral, source, need):
    return actions.episode_open(
        by=by.user,
        family=family,
        child=child,
        kind="CIN",
        data={"referral_date": referral, "referral_source": source, "primary_need": need},
    )


def build_ava(family, sw, tm):
    """Two referrals in 2025-26: one closed after assessment (RC8, factor 21), one with two
    spells of a CIN plan, closed in 2026-27 (RC7)."""
    with time_machine.travel(dt.datetime(2026, 6, 1, 12), tick=False):
        e1 = open_cin(sw, family, family.ava, D(2025, 5, 1), "2A", "N4")
        step(sw, e1, "start_assessment", assessment_started_on=D(2025, 5, 1))
        step(
            tm, e1, "authorise_assessment",
            assessment_authorised_on=D(2025, 6, 10), assessment_factors=["21"],
        )  # fmt: skip
        step(sw, e1, "close", closed_on=D(2025, 6, 11), closure_reason="RC8")
        e2 = open_cin(sw, family, family.ava, D(2025, 9, 1), "6", "N1")
        step(sw, e2, "start_assessment", assessment_started_on=D(2025, 9, 1))
        step(
            tm, e2, "authorise_assessment",
            assessment_authorised_on=D(2025, 10, 1), assessment_factors=["3B", "4B"],
        )  # fmt: skip
        step(sw, e2, "start_cin_plan", cin_plan_started_on=D(2025, 10, 2))
        step(sw, e2, "end_cin_plan", cin_plan_ended_on=D(2025, 12, 1))
        step(sw, e2, "start_cin_plan", cin_plan_started_on=D(2026, 1, 5))
        step(sw, e2, "close", closed_on=D(2026, 5, 1), closure_reason="RC7")
    return e1, e2


def build_ben(family, sw, tm):
    """A child protection plan from January 2025 to October 2025 (across 1 April) with two
    reviews; the episode closed in November 2025 (RC7)."""
    with time_machine.travel(dt.datetime(2025, 11, 20, 12), tick=False):
        e3 = open_cin(sw, family, family.ben, D(2025, 1, 6), "6", "N1")
        step(sw, e3, "start_assessment", assessment_started_on=D(2025, 1, 6))
        cp = actions.episode_open(
            by=sw.user, family=family, child=family.ben, kind="CP",
            data={"strategy_discussion_on": D(2025, 1, 8)},
        )  # fmt: skip
        step(sw, cp, "start_s47", s47_started_on=D(2025, 1, 8))
        step(
            sw, cp, "schedule_icpc",
            s47_ended_on=D(2025, 1, 27), icpc_planned_on=D(2025, 1, 28),
            lead_cp_practitioner=sw,
        )  # fmt: skip
        step(
            sw, cp, "icpc_plan",
            icpc_on=D(2025, 1, 28), cp_plan_started_on=D(2025, 1, 28), cp_category_initial="NEG",
        )  # fmt: skip
        step(
            tm, e3, "authorise_assessment",
            assessment_authorised_on=D(2025, 2, 20), assessment_factors=["3B"],
        )  # fmt: skip
        step(sw, cp, "rcpc_continue", rcpc_on=D(2025, 4, 25), cp_category_latest="EMO")
        step(sw, cp, "rcpc_end_plan", rcpc_on=D(2025, 10, 20), cp_plan_ended_on=D(2025, 10, 20))
        step(sw, e3, "close", closed_on=D(2025, 11, 14), closure_reason="RC7")
    e3.refresh_from_db()
    cp.refresh_from_db()
    return e3, cp


def build_cal(family, sw, tm, receiving):
    """Assessed, then stepped down to early help at the close of the assessment (RC9)."""
    with time_machine.travel(dt.datetime(2025, 7, 3, 12), tick=False):
        e5 = open_cin(sw, family, family.cal, D(2025, 6, 2), "5D", "N2")
        step(sw, e5, "start_assessment", assessment_started_on=D(2025, 6, 2))
        step(
            tm, e5, "authorise_assessment",
            assessment_authorised_on=D(2025, 7, 1), assessment_factors=["1B"],
        )  # fmt: skip
        record = actions.step_down_propose(
            by=sw.user,
            family=family,
            episodes=[e5],
            agreed_at="assessment_closure",
            agreed_on=D(2025, 7, 3),
            receiving_lead=receiving,
            family_consent_on=D(2025, 7, 3),
            family_consent_by=family.cara,
            handover_note="Not at the s17 threshold; early help agreed with the family.",
        )
    with time_machine.travel(dt.datetime(2025, 7, 4, 12), tick=False):
        actions.step_down_accept(by=receiving.user, step_down=record, note="Happy to lead.")
    e5.refresh_from_db()
    return e5


def build_baby(family, sw, tm):
    """An unborn baby's referral, no further action (2026-27)."""
    with time_machine.travel(dt.datetime(2026, 11, 25, 12), tick=False):
        e4 = open_cin(sw, family, family.baby, D(2026, 11, 20), "3B", "N1")
        step(tm, e4, "nfa_at_referral", closed_on=D(2026, 11, 24), closure_reason="RC7")
    return e4


@pytest.fixture
def census_casework(census_family, social_worker, csc_manager, family_worker):
    f = census_family
    f.ava_episodes = build_ava(f, social_worker, csc_manager)
    f.baby_episode = build_baby(f, social_worker, csc_manager)
    f.ben_episodes = build_ben(f, social_worker, csc_manager)
    # last: the step-down ends the social worker's involvement with the family
    f.cal_episode = build_cal(f, social_worker, csc_manager, family_worker)
    return f
