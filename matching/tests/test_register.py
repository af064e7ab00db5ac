"""matching.register: the engine against the register in the database (stored keys, real-time
`find`, guard rails, sealed records, keys kept in step by the people actions)."""

import datetime as dt

import pytest

from ig import actions as ig_actions
from matching import register
from matching.models import PersonKey
from people import actions as people_actions
from people import queries as people_queries
from people.factories import AddressFactory, FamilyFactory, MembershipFactory, PersonFactory
from people.search import SearchTerms, parse

pytestmark = pytest.mark.django_db

# Choosing among a council-sized register keeps the bands honest (the prior is 1 in N).
COUNCIL = 200_000
JADEN = {
    "first_name": "Jaden",
    "surname": "Smith",
    "dob": "2016-03-07",
    "sex": "M",
    "postcode": "E17 4AB",
    "address_line_1": "12 High Street",
    "nhs_number": "9434765919",
}


def person(first, surname, dob, sex="M", *, postcode="E17 4AB", line="12 High Street", **kw):
    p = PersonFactory(
        given_name=first,
        family_name=surname,
        date_of_birth=dob,
        sex=sex,
        **{"nhs_number": "", **kw},
    )
    if postcode:
        AddressFactory(person=p, postcode=postcode, line_1=line)
    return p


@pytest.fixture
def household():
    """Jaden Smith (b. 7 March 2016), his twin Jordan, his father Jaden Smith senior (b. 1985),
    mum Kelly Smith, all at 12 High Street E17 4AB; Katherine Jones and William Brown
    elsewhere; a few unrelated people."""
    h = type("Household", (), {})()
    h.jaden = person("Jaden", "Smith", dt.date(2016, 3, 7), nhs_number="9434765919")
    h.jordan = person("Jordan", "Smith", dt.date(2016, 3, 7))
    h.senior = person("Jaden", "Smith", dt.date(1985, 3, 7))
    h.kelly = person("Kelly", "Smith", dt.date(1990, 5, 12), "F")
    h.katherine = person(
        "Katherine", "Jones", dt.date(1979, 11, 2), "F", postcode="N1 9GU", line="3 Canal Way"
    )
    h.william = person(
        "William", "Brown", dt.date(2012, 1, 20), postcode="SE1 7PB", line="5 Hill Rd"
    )
    for k, (first, last) in enumerate(
        [("Ava", "Patel"), ("Noah", "Khan"), ("Isla", "Smith"), ("Leo", "Brown"), ("Mia", "Jones")]
    ):
        person(
            first, last, dt.date(2010 + k, 1 + k, 10 + k), postcode="E17 9ZZ", line=f"{k} Elm Rd"
        )
    return h


def top(record, **kw):
    found = register.find(record, population=COUNCIL, **kw)
    assert found, f"nothing found for {record}"
    return found[0]


ERRORS = [
    ("typo", {"surname": "Smiht"}, "surname Smiht ≈ Smith"),
    ("sounds alike", {"first_name": "Jayden", "surname": "Smyth"}, "(sounds alike)"),
    (
        "swapped names",
        {"first_name": "Smith", "surname": "Jaden"},
        "first name and surname swapped",
    ),
    ("day/month swap", {"dob": "2016-07-03"}, "date of birth with day and month swapped"),
    ("one digit", {"dob": "2016-03-08"}, "date of birth differs by one digit"),
    ("year", {"dob": "2015-03-07"}, "year of birth differs by one"),
    ("house move", {"postcode": "N1 9GU", "address_line_1": "3 Canal Way"}, "house move"),
    ("NHS with spaces", {"nhs_number": "943 476 5919"}, "same NHS number"),
    ("NHS transposed", {"nhs_number": "9434756919"}, "neighbouring digits swapped"),
]


@pytest.mark.parametrize(("error", "change", "reason"), ERRORS, ids=[e[0] for e in ERRORS])
def test_each_error_type_is_found(household, error, change, reason):
    match = top({**JADEN, **change})
    assert match.person_id == household.jaden.pk
    assert match.band in ("certain", "likely")
    assert any(reason in r for r in match.reasons), match.reasons


def test_missing_date_of_birth(household):
    record = {k: v for k, v in JADEN.items() if k not in ("dob", "nhs_number")}
    found = register.find(record, population=COUNCIL)
    # Without a date of birth the son and his same-named father both fit: neither is certain
    # or likely, and the reasons say why; the twin (another first name) is not offered.
    assert {m.person_id for m in found[:2]} == {household.jaden.pk, household.senior.pk}
    assert household.jordan.pk not in [m.person_id for m in found]
    assert all(m.band == "possible" for m in found[:2])
    assert all(register.AMBIGUOUS in m.reasons for m in found[:2])
    # With a house move and no date of birth the one Katherine Jones is still found.
    kate = register.find(
        {"first_name": "Katherine", "surname": "Jones", "postcode": "N1 1AA", "sex": "F"},
        population=COUNCIL,
    )
    assert kate[0].person_id == household.katherine.pk


def test_nickname(household):
    match = top({"first_name": "Bill", "surname": "Brown", "dob": "2012-01-20"})
    assert match.person_id == household.william.pk
    assert "Bill is a short form of William" in match.reasons
    match = top({"first_name": "Kate", "surname": "Jones", "dob": "1979-11-02", "sex": "F"})
    assert match.person_id == household.katherine.pk


def test_surname_change_at_the_same_address(household):
    record = {
        "first_name": "Kelly",
        "surname": "Jones",
        "dob": "1990-05-12",
        "postcode": "E17 4AB",
        "address_line_1": "12 High St",
    }
    match = top(record)
    assert match.person_id == household.kelly.pk
    assert "surname differs (Jones / Smith) — possible change of name; same address" in (
        match.reasons
    )


def test_double_barrelled_surname(household):
    match = top({"first_name": "Kelly", "surname": "Smith-Jones", "dob": "1990-05-12"})
    assert match.person_id == household.kelly.pk
    assert any("double-barrelled" in r for r in match.reasons)


@pytest.mark.parametrize(
    "record",
    [
        {"first_name": "Katherine", "surname": "Jones"},  # name only
        {"first_name": "Katherine", "surname": "Jones", "dob": "1979-11-02"},  # name and DOB
        {"postcode": "N1 9GU", "first_name": "Katherine"},  # postcode and name
        {"name": "Katherine"},  # one name alone
    ],
)
def test_partial_descriptions(household, record):
    found = register.find(record, population=50)  # a caseload-sized choice
    assert found[0].person_id == household.katherine.pk


def test_nhs_number_only(household):
    found = register.find({"nhs_number": "943 476 5919"}, population=COUNCIL)
    assert [m.person_id for m in found] == [household.jaden.pk]
    assert found[0].reasons == ["same NHS number"]


def test_twins_are_not_certain_for_each_other(household):
    jordan = {**JADEN, "first_name": "Jordan", "nhs_number": ""}
    found = register.find(jordan, population=COUNCIL, threshold=0.0)
    assert found[0].person_id == household.jordan.pk
    twin = next(m for m in found if m.person_id == household.jaden.pk)
    assert twin.band == "unlikely" or twin.probability < 0.2
    assert any("probably twins" in r for r in twin.reasons)
    # At the default threshold the twin is not offered at all.
    assert household.jaden.pk not in [m.person_id for m in register.find(jordan)]


def test_same_named_father_and_son_are_not_certain_for_each_other(household):
    senior = {**JADEN, "dob": "1985-03-07", "nhs_number": ""}
    found = register.find(senior, population=COUNCIL, threshold=0.0)
    assert found[0].person_id == household.senior.pk
    junior = next(m for m in found if m.person_id == household.jaden.pk)
    assert junior.probability < 0.2
    assert any("parent and child" in r for r in junior.reasons)
    son = register.find({**JADEN, "nhs_number": ""}, population=COUNCIL)
    assert son[0].person_id == household.jaden.pk
    assert household.senior.pk not in [m.person_id for m in son]


def test_confidential_address_never_places_anyone(household):
    hidden = person("Ruby", "Green", dt.date(1995, 6, 1), "F", postcode="")
    AddressFactory(person=hidden, postcode="W1A 1AA", line_1="Refuge", is_confidential=True)
    assert register.find({"postcode": "W1A 1AA"}) == []
    found = register.find({"first_name": "Ruby", "surname": "Green", "postcode": "W1A 1AA"})
    assert found[0].person_id == hidden.pk
    assert not any("same address" in r or "same postcode" in r for r in found[0].reasons)


def test_sealed_family_person_is_not_returned_without_access(
    ig_officer, family_worker, colleague, smith_family
):
    ig_actions.family_seal(
        by=ig_officer.user, family=smith_family, reason="Refuge", access_list=[family_worker]
    )
    terms = parse("Jayden Smyth 03/07/2016")
    assert people_queries.search_people(colleague.user, terms) == []
    found = people_queries.search_people(family_worker.user, terms)
    assert found[0].hit.person == smith_family.jaden


def test_sealed_people_are_not_offered_at_the_front_door_scope(smith_family):
    from django.db.models import Q

    smith_family.jaden.is_restricted = True
    smith_family.jaden.save(update_fields=["is_restricted"])
    found = register.find({"first_name": "Jaden", "surname": "Smith"}, scope=Q(is_restricted=False))
    assert smith_family.jaden.pk not in [m.person_id for m in found]


def test_keys_follow_edits_and_new_addresses(family_worker, smith_family):
    jaden = smith_family.jaden
    before = set(PersonKey.objects.filter(person=jaden).values_list("key", flat=True))
    assert before
    people_actions.person_update(
        by=family_worker.user,
        person=jaden,
        expected_version=jaden.version,
        data={
            "given_name": "Zachary",
            "family_name": "Quill",
            "date_of_birth": dt.date(2016, 3, 7),
        },
    )
    after = set(PersonKey.objects.filter(person=jaden).values_list("key", flat=True))
    assert after
    assert after != before
    assert register.find({"first_name": "Zachary", "surname": "Quill"})[0].person_id == jaden.pk
    assert jaden.pk not in [
        m.person_id
        for m in register.find(
            {"first_name": "Jaden", "surname": "Smith", "dob": "2016-03-07"}, threshold=0.9
        )
    ]

    people_actions.address_add(
        by=family_worker.user, person=jaden, data={"line_1": "1 Mill Lane", "postcode": "LS1 4AP"}
    )
    found = register.find({"postcode": "LS1 4AP", "first_name": "Zak"}, population=10)
    assert jaden.pk in [m.person_id for m in found]


def test_new_person_from_the_action_has_keys(family_worker, smith_family):
    membership = people_actions.family_add_new_person(
        by=family_worker.user,
        family=smith_family,
        role="child",
        data={
            "given_name": "Amelia",
            "family_name": "Smith",
            "date_of_birth": dt.date(2019, 2, 14),
        },
    )
    assert PersonKey.objects.filter(person=membership.person).exists()
    assert (
        register.find({"first_name": "Amelia", "surname": "Smith", "dob": "14/02/2019"})[
            0
        ].person_id
        == membership.person.pk
    )


def test_reindex_rebuilds_every_key(household):
    stored = sorted(PersonKey.objects.values_list("person_id", "pass_code", "key"))
    PersonKey.objects.all().delete()
    counts = register.reindex(batch_size=3)
    assert counts["keys"] == len(stored)
    assert sorted(PersonKey.objects.values_list("person_id", "pass_code", "key")) == stored
    assert register.reindex(only_missing=True)["people"] == 0


def test_upn_is_an_exact_identifier(household):
    household.kelly.upn = "R801200101001"
    household.kelly.save(update_fields=["upn"])
    found = register.find({"upn": "r801200101001"})
    assert [m.person_id for m in found] == [household.kelly.pk]
    assert found[0].band == "certain"
    assert found[0].reasons[0] == "same UPN"


def test_free_text_is_read_the_uk_way_round():
    terms = parse("Jayden Smyth 03/07/2016 e17 4ab 943 476 5919")
    assert terms == SearchTerms(
        name="Jayden Smyth",
        date_of_birth=dt.date(2016, 7, 3),
        postcode="E17 4AB",
        nhs_number="9434765919",
    )
    assert terms.record() == {
        "first_name": "Jayden",
        "surname": "Smyth",
        "dob": "2016-07-03",
        "postcode": "E17 4AB",
        "nhs_number": "9434765919",
    }
    assert parse("Smith, Jayden").record() == {"first_name": "Jayden", "surname": "Smith"}
    assert parse("R801200101001").upn == "R801200101001"
    assert parse("Jaden 7/3/16", today=dt.date(2026, 1, 1)).date_of_birth == dt.date(2016, 3, 7)


def test_household_members_in_one_family_are_kept_apart(family_worker):
    family = FamilyFactory()
    twin_a = PersonFactory(
        given_name="Oliver", family_name="Ng", date_of_birth="2018-04-01", sex="M"
    )
    twin_b = PersonFactory(
        given_name="Olivia", family_name="Ng", date_of_birth="2018-04-01", sex="F"
    )
    for p in (twin_a, twin_b):
        MembershipFactory(family=family, person=p)
    found = register.find(
        {"first_name": "Oliver", "surname": "Ng", "dob": "2018-04-01", "sex": "M"},
        population=COUNCIL,
    )
    assert [m.person_id for m in found] == [twin_a.pk]


def test_a_common_name_finds_the_people_the_searcher_may_see_among_many_others(
    family_worker, smith_family
):
    """At register scale a surname alone matches more people than any look-up's cap; the
    searcher's own families must still be found (the scope applies before the cap)."""
    from organisations.factories import InvolvementFactory

    for i in range(register.NAME_CAP + 50):
        PersonFactory(given_name=f"Other{i}", family_name="Smith", date_of_birth="2001-01-01")
    # A family the worker takes on after all of those were recorded (highest ids).
    later = FamilyFactory(name="Smith family (2)")
    MembershipFactory(family=later, person=PersonFactory(given_name="Tia", family_name="Smith"))
    InvolvementFactory(family=later, practitioner=family_worker)
    found = people_queries.search_people(family_worker.user, SearchTerms(name="Smith"))
    names = {r.hit.person.full_name for r in found}
    assert {"Jaden Smith", "Kelly Smith", "Tia Smith"} <= names


def test_a_busy_postcode_finds_the_people_the_searcher_may_see_among_many_others(family_worker):
    """A postcode alone is read by its index and what it finds checked against the searcher's
    scope; when the postcode holds more people than the look-up's cap (a tower block, a hostel),
    it is asked again within the scope, so the people the searcher may see are never capped
    away behind others'."""
    from organisations.factories import InvolvementFactory

    for i in range(register.NAME_CAP + 50):
        AddressFactory(person=PersonFactory(given_name=f"Other{i}"), postcode="E1 6AN")
    family = FamilyFactory(name="Ayodele family")  # taken on after the others were recorded
    ayo = PersonFactory(given_name="Ayo", family_name="Ayodele")
    MembershipFactory(family=family, person=ayo)
    AddressFactory(person=ayo, postcode="E1 6AN")
    InvolvementFactory(family=family, practitioner=family_worker)
    found = people_queries.search_people(family_worker.user, SearchTerms(postcode="E1 6AN"))
    assert [r.hit.person.pk for r in found] == [ayo.pk]


def test_a_full_key_group_finds_the_people_the_searcher_may_see_among_many_others():
    """A full name and date of birth shared by more people than a blocking key's cap (all
    outside the searcher's families): the group is asked again among the people of the
    searcher's few families (`sight`), so the one they work with is found at the first look
    however many share the key."""
    from django.db.models import Q

    for _ in range(register.NAME_CAP + 10):  # more than any blocking pass's cap (200)
        PersonFactory(given_name="Mohammed", family_name="Khan", date_of_birth="2015-05-01")
    family = FamilyFactory(name="Khan family")  # taken on after the others were recorded
    mo = PersonFactory(given_name="Mohammed", family_name="Khan", date_of_birth="2015-05-01")
    MembershipFactory(family=family, person=mo)
    record = {"first_name": "Mohammed", "surname": "Khan", "dob": "2015-05-01"}
    found = register.find(record, scope=Q(pk=mo.pk), sight=[family.pk], population=COUNCIL)
    assert [m.person_id for m in found] == [mo.pk]
    # Without the searcher's sight, the group is asked again within the scope's rules.
    assert [m.person_id for m in register.find(record, scope=Q(pk=mo.pk))] == [mo.pk]


def test_a_postcode_finds_no_one_outside_the_searchers_scope(family_worker):
    AddressFactory(person=PersonFactory(given_name="Unseen"), postcode="E1 6AN")
    assert people_queries.search_people(family_worker.user, SearchTerms(postcode="E1 6AN")) == []
