"""people.actions refuse whoever may not write, and hold the forms' rules for every caller."""

import datetime as dt

import pytest

from familyhub import errors
from organisations.factories import InvolvementFactory, PractitionerFactory
from people import actions

from .helpers import TODAY, _counts, _new_person

pytestmark = pytest.mark.django_db


# --- Nobody without access can write ---------------------------------------------------------


def _attempts(family, person, involvement, partner_org):
    """Every action, as a callable taking `by`."""
    return {
        "family_update": lambda by: actions.family_update(
            by=by, family=family, expected_version=family.version, data={"name": "Hacked"}
        ),
        "family_add_new_person": lambda by: actions.family_add_new_person(
            by=by, family=family, role="child", data=_new_person()
        ),
        "family_add_member": lambda by: actions.family_add_member(
            by=by, family=family, person=person, role="child"
        ),
        "person_update": lambda by: actions.person_update(
            by=by, person=person, expected_version=person.version, data={"given_name": "X"}
        ),
        "address_add": lambda by: actions.address_add(
            by=by, person=person, data={"line_1": "1 Road", "postcode": "E17 4AB"}
        ),
        "relationship_add": lambda by: actions.relationship_add(
            by=by, family=family, from_person=family.kelly, to_person=family.jaden, kind="parent"
        ),
        "involvement_add": lambda by: actions.involvement_add(
            by=by, family=family, organisation=partner_org, role="other"
        ),
        "involvement_end": lambda by: actions.involvement_end(
            by=by, involvement=involvement, ended_on=TODAY(), reason="Closed"
        ),
    }


ACTION_NAMES = [
    "family_update",
    "family_add_new_person",
    "family_add_member",
    "person_update",
    "address_add",
    "relationship_add",
    "involvement_add",
    "involvement_end",
]


@pytest.mark.parametrize(
    "who",
    ["stranger", "school_dsl_uninvolved", "school_dsl_involved", "ig_officer", "no_practitioner"],
)
@pytest.mark.parametrize("action", ACTION_NAMES)
def test_actions_refuse_actors_without_edit_access(
    smith_family, family_worker, stranger, school_dsl, ig_officer, who, action
):
    from organisations.factories import UserFactory

    if who == "school_dsl_involved":
        InvolvementFactory(family=smith_family, practitioner=school_dsl, role="dsl")
    actor = {
        "stranger": stranger.user,
        "school_dsl_uninvolved": school_dsl.user,
        "school_dsl_involved": school_dsl.user,
        "ig_officer": ig_officer.user,
        "no_practitioner": UserFactory(),
    }[who]
    involvement = smith_family.involvements.get(practitioner=family_worker)
    attempt = _attempts(smith_family, smith_family.jaden, involvement, school_dsl.organisation)[
        action
    ]
    before = _counts()
    with pytest.raises(errors.NotPermitted):
        attempt(actor)
    assert _counts() == before
    smith_family.refresh_from_db()
    assert smith_family.name == "Smith family"


def test_actions_refused_once_involvement_has_ended(smith_family, family_worker):
    involvement = smith_family.involvements.get(practitioner=family_worker)
    involvement.ended_on = TODAY() - dt.timedelta(days=1)
    involvement.save()
    user = type(family_worker.user).objects.get(pk=family_worker.user.pk)
    with pytest.raises(errors.NotPermitted):
        actions.family_add_new_person(
            by=user, family=smith_family, role="child", data=_new_person()
        )


def test_person_in_a_restricted_family_cannot_be_edited(smith_family, family_worker):
    smith_family.is_restricted = True
    smith_family.save()
    with pytest.raises(errors.NotPermitted):
        actions.person_update(
            by=family_worker.user,
            person=smith_family.jaden,
            expected_version=1,
            data={"given_name": "X"},
        )


def test_partner_in_other_role_cannot_create_or_edit(db):
    partner = PractitionerFactory(role="partner")
    with pytest.raises(errors.NotPermitted):
        actions.family_create(by=partner.user, name="x")


# --- Rules that the forms enforce must hold for every caller of the actions ------------------


def test_address_add_rejects_an_invalid_postcode(smith_family, family_worker):
    before = _counts()
    with pytest.raises(errors.RuleViolation) as exc:
        actions.address_add(
            by=family_worker.user,
            person=smith_family.kelly,
            data={"line_1": "1 High Street", "postcode": "12345"},
        )
    assert "postcode" in exc.value.field_errors
    assert _counts() == before


def test_involvement_practitioner_must_work_for_the_organisation(
    smith_family, family_worker, school_dsl
):
    elsewhere = PractitionerFactory(role="partner")
    before = _counts()
    with pytest.raises(errors.RuleViolation):
        actions.involvement_add(
            by=family_worker.user,
            family=smith_family,
            organisation=school_dsl.organisation,
            practitioner=elsewhere,
            role="other",
        )
    assert _counts() == before
