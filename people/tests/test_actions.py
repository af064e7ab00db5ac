"""people.actions: the writes to the whole-family record, each checked, audited and chronicled."""

import datetime as dt

import pytest

from audit.models import AuditEvent
from familyhub import errors
from organisations.factories import InvolvementFactory
from organisations.models import Involvement, InvolvementRole
from people import actions
from people.factories import FamilyFactory, MembershipFactory, PersonFactory, valid_nhs_number
from people.models import Family, Person
from people.search import name_key, sound_key

from .helpers import TODAY, _counts, _new_person

pytestmark = pytest.mark.django_db

# --- family_create ---------------------------------------------------------------------------


def test_family_create_makes_creator_involved_and_audits(family_worker):
    family = actions.family_create(
        by=family_worker.user, name="  Patel family ", summary="Help with housing"
    )
    family.refresh_from_db()
    assert family.name == "Patel family"
    assert family.reference.startswith("FH-")

    involvement = Involvement.objects.get(family=family)
    assert involvement.practitioner == family_worker
    assert involvement.team == family_worker.team
    assert involvement.organisation == family_worker.organisation
    assert involvement.role == InvolvementRole.FAMILY_WORKER
    assert involvement.is_active

    event = AuditEvent.objects.get(verb="create", object_type="people.family")
    assert event.family_id == family.pk
    assert event.actor_id == family_worker.user.pk
    assert event.changes == {"name": [None, "Patel family"]}

    entry = family.chronology.get()
    assert entry.kind == "family_created"
    assert "Fola Worker" in entry.summary
    assert entry.recorded_by == family_worker.user
    assert entry.agency == family_worker.organisation

    # The creator (and their team) can now see it.
    from people.queries import families_visible_to

    assert family in families_visible_to(family_worker.user)


def test_family_references_are_unique(family_worker):
    refs = {
        actions.family_create(by=family_worker.user, name=f"Family {i}").reference
        for i in range(20)
    }
    assert len(refs) == 20


@pytest.mark.parametrize("who", ["school_dsl", "ig_officer"])
def test_family_create_refused_for_roles_that_cannot_start_records(who, request):
    user = request.getfixturevalue(who).user
    before = _counts()
    with pytest.raises(errors.NotPermitted):
        actions.family_create(by=user, name="Nope family")
    assert _counts() == before


# --- family_add_new_person -------------------------------------------------------------------


def test_add_new_person_rejects_bad_nhs_number_and_saves_nothing(smith_family, family_worker):
    before = _counts()
    with pytest.raises(errors.RuleViolation) as exc:
        actions.family_add_new_person(
            by=family_worker.user,
            family=smith_family,
            role="child",
            data=_new_person(nhs_number="9434765918"),
            address={"line_1": "1 High Street", "postcode": "E17 4AB"},
        )
    assert exc.value.field_errors["nhs_number"] == [
        "Enter a valid NHS number – the last digit does not match the others, "
        "so one of the digits is probably wrong"
    ]
    assert _counts() == before
    assert not Person.objects.filter(given_name="Mia").exists()


def test_add_new_person_stores_spaced_nhs_number_normalised(smith_family, family_worker):
    membership = actions.family_add_new_person(
        by=family_worker.user,
        family=smith_family,
        role="child",
        data=_new_person(nhs_number="943 476 5919"),
    )
    person = Person.objects.get(pk=membership.person_id)
    assert person.nhs_number == "9434765919"
    assert person.given_key == "mia"
    assert person.family_sound == sound_key("Smith")
    assert membership.family == smith_family
    assert membership.role == "child"
    assert membership.in_household is True
    assert AuditEvent.objects.filter(
        verb="create",
        object_type="people.person",
        object_id=str(person.pk),
        family_id=smith_family.pk,
    ).exists()
    assert AuditEvent.objects.filter(
        verb="create",
        object_type="people.membership",
        person_id=person.pk,
        family_id=smith_family.pk,
    ).exists()
    entry = smith_family.chronology.get(kind="member_added")
    assert entry.summary == "Mia Smith added to the family as child"
    assert entry.person == person


def test_add_new_person_with_address(smith_family, family_worker):
    membership = actions.family_add_new_person(
        by=family_worker.user,
        family=smith_family,
        role="parent_carer",
        data=_new_person(given_name="Dan", date_of_birth=dt.date(1988, 2, 2)),
        address={"line_1": "1 High Street", "postcode": "e174ab"},
    )
    address = membership.person.addresses.get()
    assert address.postcode == "E17 4AB"
    assert AuditEvent.objects.filter(
        verb="create", object_type="people.address", person_id=membership.person_id
    ).exists()


def test_add_new_person_rejects_duplicate_nhs_number(smith_family, family_worker):
    number = valid_nhs_number(7)
    smith_family.kelly.nhs_number = number
    smith_family.kelly.save()
    spaced = f"{number[:3]} {number[3:6]} {number[6:]}"
    before = _counts()
    with pytest.raises(errors.RuleViolation) as exc:
        actions.family_add_new_person(
            by=family_worker.user,
            family=smith_family,
            role="child",
            data=_new_person(nhs_number=spaced),
        )
    assert exc.value.field_errors["nhs_number"] == [errors.NHS_NUMBER_IN_USE]
    assert _counts() == before


@pytest.mark.parametrize(
    ("extra", "field", "message"),
    [
        (
            {"date_of_birth": dt.date.today() + dt.timedelta(days=2)},
            "date_of_birth",
            errors.DOB_IN_FUTURE,
        ),
        (
            {
                "date_of_birth": dt.date(2019, 1, 5),
                "expected_date_of_birth": dt.date.today() + dt.timedelta(days=60),
            },
            "expected_date_of_birth",
            errors.BORN_AND_EXPECTED,
        ),
        (
            {"date_of_birth": dt.date(2019, 1, 5), "date_of_death": dt.date(2018, 12, 31)},
            "date_of_death",
            errors.DEATH_BEFORE_BIRTH,
        ),
        (
            {"date_of_birth": None, "expected_date_of_birth": dt.date(2020, 1, 1)},
            "expected_date_of_birth",
            errors.EXPECTED_DOB_PAST,
        ),
        ({"upn": "A801200101001"}, "upn", None),
    ],
    ids=["future-dob", "born-and-expected", "death-before-birth", "expected-in-past", "bad-upn"],
)
def test_add_new_person_date_and_identifier_rules(
    smith_family, family_worker, extra, field, message
):
    before = _counts()
    with pytest.raises(errors.RuleViolation) as exc:
        actions.family_add_new_person(
            by=family_worker.user, family=smith_family, role="child", data=_new_person(**extra)
        )
    assert field in exc.value.field_errors
    if message:
        assert message in exc.value.field_errors[field]
    assert _counts() == before


def test_add_unborn_baby_with_expected_date(smith_family, family_worker):
    due = TODAY() + dt.timedelta(days=90)
    membership = actions.family_add_new_person(
        by=family_worker.user,
        family=smith_family,
        role="child",
        data=_new_person(
            given_name="Baby", date_of_birth=None, expected_date_of_birth=due, sex="U"
        ),
    )
    assert membership.person.is_unborn


def test_add_new_person_reports_several_problems_at_once(smith_family, family_worker):
    with pytest.raises(errors.RuleViolation) as exc:
        actions.family_add_new_person(
            by=family_worker.user,
            family=smith_family,
            role="child",
            data=_new_person(nhs_number="12", upn="X", date_of_birth=TODAY() + dt.timedelta(1)),
        )
    assert set(exc.value.field_errors) >= {"nhs_number", "upn", "date_of_birth"}


# --- family_add_member -----------------------------------------------------------------------


def test_add_existing_member_twice_is_refused(smith_family, family_worker, colleague):
    family = actions.family_create(by=family_worker.user, name="Kelly's new household")
    membership = actions.family_add_member(
        by=family_worker.user, family=family, person=smith_family.kelly, role="parent_carer"
    )
    assert membership.person == smith_family.kelly
    assert family.chronology.filter(kind="member_added").count() == 1
    before = _counts()
    with pytest.raises(errors.RuleViolation) as exc:
        actions.family_add_member(
            by=colleague.user, family=family, person=smith_family.kelly, role="other_adult"
        )
    assert exc.value.field_errors == {"person": [errors.ALREADY_MEMBER]}
    assert _counts() == before


def test_add_member_needs_sight_of_the_person(smith_family, family_worker, other_family):
    jones = other_family.memberships.get().person
    before = _counts()
    with pytest.raises(errors.NotPermitted):
        actions.family_add_member(
            by=family_worker.user, family=smith_family, person=jones, role="child"
        )
    assert _counts() == before


# --- relationships ---------------------------------------------------------------------------


def test_relationship_add_records_audit_and_chronology(smith_family, family_worker):
    rel = actions.relationship_add(
        by=family_worker.user,
        family=smith_family,
        from_person=smith_family.kelly,
        to_person=smith_family.jaden,
        kind="parent",
        parental_responsibility=True,
    )
    assert rel.from_person == smith_family.kelly
    assert AuditEvent.objects.filter(
        verb="create",
        object_type="people.relationship",
        family_id=smith_family.pk,
        person_id=smith_family.jaden.pk,
    ).exists()
    entry = smith_family.chronology.get(kind="relationship_added")
    assert entry.summary == (
        "Kelly Smith recorded as parent of Jaden Smith (with parental responsibility)"
    )
    with pytest.raises(errors.RuleViolation) as exc:
        actions.relationship_add(
            by=family_worker.user,
            family=smith_family,
            from_person=smith_family.kelly,
            to_person=smith_family.jaden,
            kind="parent",
        )
    assert exc.value.field_errors == {"kind": [errors.RELATIONSHIP_EXISTS]}


def test_relationship_with_self_is_refused(smith_family, family_worker):
    before = _counts()
    with pytest.raises(errors.RuleViolation) as exc:
        actions.relationship_add(
            by=family_worker.user,
            family=smith_family,
            from_person=smith_family.kelly,
            to_person=smith_family.kelly,
            kind="carer",
        )
    assert exc.value.field_errors == {"to_person": [errors.RELATIONSHIP_SELF]}
    assert _counts() == before


def test_relationship_with_non_member_is_refused(smith_family, family_worker):
    outsider = PersonFactory()
    before = _counts()
    with pytest.raises(errors.RuleViolation) as exc:
        actions.relationship_add(
            by=family_worker.user,
            family=smith_family,
            from_person=outsider,
            to_person=smith_family.jaden,
            kind="grandparent",
        )
    assert exc.value.message == errors.RELATIONSHIP_NOT_MEMBERS
    assert _counts() == before


# --- involvements ----------------------------------------------------------------------------


def test_involvement_add_and_end_with_audit_and_chronology(smith_family, family_worker, school_dsl):
    inv = actions.involvement_add(
        by=family_worker.user,
        family=smith_family,
        organisation=school_dsl.organisation,
        practitioner=school_dsl,
        role="dsl",
        person=smith_family.jaden,
        notes="Year 4",
    )
    assert inv.started_on == TODAY()
    assert inv.team == school_dsl.team
    event = AuditEvent.objects.get(verb="create", object_type="organisations.involvement")
    assert event.family_id == smith_family.pk
    assert event.person_id == smith_family.jaden.pk
    assert event.changes == {"role": [None, "dsl"], "organisation": [None, "Demo Primary School"]}
    started = smith_family.chronology.get(kind="involvement_started")
    assert started.summary == (
        "Dee Teacher (Demo Primary School) involved as school safeguarding lead"
    )

    from people import policy

    assert policy.can_view_family(school_dsl.user, smith_family)

    actions.involvement_end(
        by=family_worker.user, involvement=inv, ended_on=TODAY(), reason="Left the school"
    )
    inv.refresh_from_db()
    assert inv.ended_on == TODAY()
    assert inv.end_reason == "Left the school"
    event = AuditEvent.objects.get(verb="update", object_type="organisations.involvement")
    assert event.reason == "Left the school"
    assert event.family_id == smith_family.pk
    ended = smith_family.chronology.get(kind="involvement_ended")
    assert ended.summary == "Dee Teacher no longer involved: Left the school"


def test_ended_involvement_removes_access(smith_family, family_worker, school_dsl):
    inv = InvolvementFactory(
        family=smith_family,
        practitioner=school_dsl,
        role="dsl",
        started_on=TODAY() - dt.timedelta(days=10),
    )
    actions.involvement_end(
        by=family_worker.user,
        involvement=inv,
        ended_on=TODAY() - dt.timedelta(days=1),
        reason="Moved school",
    )
    from people import policy

    dsl_user = type(school_dsl.user).objects.get(pk=school_dsl.user.pk)
    assert not policy.can_view_family(dsl_user, smith_family)


def test_involvement_end_before_start_is_refused(smith_family, family_worker):
    inv = smith_family.involvements.get()
    before = _counts()
    with pytest.raises(errors.RuleViolation) as exc:
        actions.involvement_end(
            by=family_worker.user,
            involvement=inv,
            ended_on=inv.started_on - dt.timedelta(days=1),
            reason="x",
        )
    assert "ended_on" in exc.value.field_errors
    assert _counts() == before
    inv.refresh_from_db()
    assert inv.ended_on is None


def test_involvement_for_non_member_is_refused(smith_family, family_worker, school_dsl):
    outsider = PersonFactory()
    before = _counts()
    with pytest.raises(errors.RuleViolation):
        actions.involvement_add(
            by=family_worker.user,
            family=smith_family,
            organisation=school_dsl.organisation,
            role="dsl",
            person=outsider,
        )
    assert _counts() == before


# --- person_update ---------------------------------------------------------------------------


def test_person_update_with_stale_version_changes_nothing(smith_family, family_worker, colleague):
    jaden = smith_family.jaden
    opened_version = jaden.version
    # A colleague saves first.
    actions.person_update(
        by=colleague.user,
        person=Person.objects.get(pk=jaden.pk),
        expected_version=opened_version,
        data={"other_names": "JJ"},
    )
    current = Person.objects.get(pk=jaden.pk)
    assert current.version == opened_version + 1
    before = _counts()

    with pytest.raises(errors.StaleVersion) as exc:
        actions.person_update(
            by=family_worker.user,
            person=jaden,
            expected_version=opened_version,
            data={"given_name": "Jayden", "other_names": "Jay"},
        )
    assert exc.value.message == errors.STALE_PERSON
    assert exc.value.current.other_names == "JJ"
    assert _counts() == before
    after = Person.objects.get(pk=jaden.pk)
    assert (after.given_name, after.other_names, after.version, after.given_key) == (
        "Jaden",
        "JJ",
        opened_version + 1,
        "jaden",
    )


def test_person_update_renaming_changes_search_keys(smith_family, family_worker):
    jaden = smith_family.jaden
    assert jaden.given_key == "jaden"
    actions.person_update(
        by=family_worker.user,
        person=jaden,
        expected_version=jaden.version,
        data={"given_name": "Jayden-Lee", "family_name": "O'Brien"},
    )
    stored = Person.objects.get(pk=jaden.pk)
    assert stored.given_key == "jaydenlee" == name_key("Jayden-Lee")
    assert stored.family_key == "obrien"
    assert stored.given_sound == sound_key("Jayden-Lee")
    assert stored.family_sound == sound_key("O'Brien")
    assert stored.version == 2
    event = AuditEvent.objects.get(verb="update", object_type="people.person")
    assert event.changes["given_name"] == ["Jaden", "Jayden-Lee"]
    entry = smith_family.chronology.get(kind="person_updated")
    assert "First name" in entry.summary or "given name" in entry.summary.lower()


def test_person_update_normalises_and_checks_identifiers(smith_family, family_worker):
    jaden = smith_family.jaden
    with pytest.raises(errors.RuleViolation) as exc:
        actions.person_update(
            by=family_worker.user,
            person=jaden,
            expected_version=jaden.version,
            data={"nhs_number": "9434765918"},
        )
    assert "nhs_number" in exc.value.field_errors
    actions.person_update(
        by=family_worker.user,
        person=jaden,
        expected_version=jaden.version,
        data={"nhs_number": "943-476-5919", "upn": "r801200101001"},
    )
    stored = Person.objects.get(pk=jaden.pk)
    assert (stored.nhs_number, stored.upn) == ("9434765919", "R801200101001")
    # Saving the same number again for the same person is not a clash with themselves.
    actions.person_update(
        by=family_worker.user,
        person=stored,
        expected_version=stored.version,
        data={"nhs_number": "9434765919"},
    )


def test_person_update_cannot_move_birth_after_recorded_death(family_worker):
    family = FamilyFactory()
    InvolvementFactory(family=family, practitioner=family_worker)
    person = PersonFactory(date_of_birth=dt.date(1950, 1, 1), date_of_death=dt.date(2020, 6, 1))
    MembershipFactory(family=family, person=person, role="wider_family")
    with pytest.raises(errors.RuleViolation) as exc:
        actions.person_update(
            by=family_worker.user,
            person=person,
            expected_version=person.version,
            data={"date_of_birth": dt.date(2021, 1, 1)},
        )
    assert "date_of_death" in exc.value.field_errors or "date_of_birth" in exc.value.field_errors


def test_person_update_expected_date_for_born_person_is_a_rule_violation(
    smith_family, family_worker
):
    jaden = smith_family.jaden
    with pytest.raises(errors.RuleViolation) as exc:
        actions.person_update(
            by=family_worker.user,
            person=jaden,
            expected_version=jaden.version,
            data={"expected_date_of_birth": TODAY() + dt.timedelta(days=30)},
        )
    assert "expected_date_of_birth" in exc.value.field_errors


# --- family_update ---------------------------------------------------------------------------


def test_family_update_stale_version(smith_family, family_worker):
    actions.family_update(
        by=family_worker.user, family=smith_family, expected_version=1, data={"summary": "First"}
    )
    before = _counts()
    with pytest.raises(errors.StaleVersion):
        actions.family_update(
            by=family_worker.user,
            family=Family.objects.get(pk=smith_family.pk),
            expected_version=1,
            data={"summary": "Second"},
        )
    assert _counts() == before
    assert Family.objects.get(pk=smith_family.pk).summary == "First"
