"""The consistent child identifier's data-quality page: per team, children without a verified
NHS number and why; a team manager sees their own teams, IG officers and admins all."""

import datetime as dt

import pytest
from django.urls import reverse

from audit.models import AuditEvent
from conftest import client_for
from ig.queries import identifiers as queries_identifiers
from organisations.factories import InvolvementFactory, PractitionerFactory, TeamFactory
from organisations.models import Role
from people.factories import FamilyFactory, MembershipFactory, PersonFactory, valid_nhs_number

pytestmark = pytest.mark.django_db


@pytest.fixture
def children(smith_family):
    """Jaden (no number, no reason) plus one child of each kind in the Smith family."""
    made = {
        "verified": PersonFactory(
            given_name="Vera",
            nhs_number=valid_nhs_number(1),
            nhs_number_source="pds_trace",
            nhs_number_status="verified",
            nhs_number_verified_on=dt.date(2026, 11, 1),
        ),
        "unverified": PersonFactory(
            given_name="Una",
            nhs_number=valid_nhs_number(2),
            nhs_number_source="parent",
            nhs_number_status="unverified",
        ),
        "s16lc_6": PersonFactory(given_name="Six", nhs_number_absent_reason="s16lc_6"),
        "s16lc_7": PersonFactory(given_name="Seven", nhs_number_absent_reason="s16lc_7"),
        "s16lc_8": PersonFactory(given_name="Eight", nhs_number_absent_reason="s16lc_8"),
    }
    for person in made.values():
        MembershipFactory(family=smith_family, person=person, role="child")
    return made


def test_each_team_lists_its_children_without_a_verified_identifier_and_why(
    manager, eh_team, children, smith_family
):
    (row,) = queries_identifiers.identifier_gaps(manager.user)
    assert row.team == eh_team
    why = {g.name.split()[0]: (g.state, g.why) for g in row.gaps}
    assert "Vera" not in why
    assert why["Una"][0] == "unverified"
    assert why["Jaden"] == ("missing", "No NHS number and no reason recorded")
    assert "s16LC(6)" in why["Six"][1]
    assert "s16LC(7)" in why["Seven"][1]
    assert "s16LC(8)" in why["Eight"][1]
    assert row.count == 5
    assert row.by_state == {"unverified": 1, "missing": 1, "reason": 3}
    assert AuditEvent.objects.filter(
        verb="list", changes__list="children without a verified NHS number"
    ).exists()


def test_least_privilege_managers_see_their_own_teams_ig_all(
    client, manager, ig_officer, children, family_worker
):
    other_team = TeamFactory(name="South social work team")
    other_manager = PractitionerFactory(team=other_team, role=Role.TEAM_MANAGER)
    family = FamilyFactory()
    MembershipFactory(family=family, person=PersonFactory(given_name="Zed"), role="child")
    InvolvementFactory(family=family, practitioner=PractitionerFactory(team=other_team))
    mine = client_for(client, manager).get(reverse("ig:identifier-gaps")).content.decode()
    assert "Jaden" in mine
    assert "Zed" not in mine
    theirs = queries_identifiers.identifier_gaps(other_manager.user)
    assert [g.name for t in theirs for g in t.gaps] == [
        f"Zed {family.memberships.get().person.family_name}"
    ]
    everyone = queries_identifiers.identifier_gaps(ig_officer.user)
    assert {t.team.name for t in everyone} >= {"North early help team", "South social work team"}
    assert client_for(client, family_worker).get(reverse("ig:identifier-gaps")).status_code == 404


def test_sealed_records_show_no_names(manager, smith_family, children):
    smith_family.is_restricted = True
    smith_family.save(update_fields=["is_restricted"])
    (row,) = queries_identifiers.identifier_gaps(manager.user)
    assert all(g.sealed and g.name == "" for g in row.gaps)


def test_a_manager_finds_the_page_from_home(client, manager):
    text = client_for(client, manager).get(reverse("web:home")).content.decode()
    assert reverse("ig:identifier-gaps") in text
    assert reverse("sharing:non-disclosure-counts") in text
