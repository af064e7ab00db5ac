"""The search box finds people the way practitioners type (issue 17 item 1): one surname
misspelt, a first name alone, the start of a name, a nickname, a misspelt first name with the
right surname, a date of birth alone, a postcode, an NHS number, a UPN — always within what
the user may see, the user's own families first, on a constructed register where the surname
has 300 namesakes elsewhere; and the same (but a first name alone) about people the user may
see who are not on their own caseload (a manager searching the team's families)."""

import datetime as dt

import pytest

from organisations.factories import InvolvementFactory
from organisations.models import Involvement, InvolvementRole
from people import matcher, queries, search_results
from people.factories import AddressFactory, FamilyFactory, MembershipFactory, PersonFactory
from people.identifiers import upn
from people.models import Family, Membership, Person
from people.search import index_keys, parse

pytestmark = pytest.mark.django_db


def _family(name: str, people: list[tuple[str, str, str]], practitioner) -> list:
    family = FamilyFactory(name=name)
    made = []
    for given, surname, born in people:
        person = PersonFactory(given_name=given, family_name=surname, date_of_birth=born)
        MembershipFactory(
            family=family, person=person, role="child" if born > "2005" else "parent_carer"
        )
        made.append(person)
    InvolvementFactory(family=family, practitioner=practitioner)
    return made


def _elsewhere(practitioner, families: int) -> None:
    """Families only `practitioner` works with, each a Claire, a Walsh and a Claire Walsh,
    written in bulk (with their search and matching keys, as the actions keep them)."""
    families_made = Family.objects.bulk_create(
        [Family(name=f"Elsewhere {n}", reference=f"FH-E{n:05d}") for n in range(families)]
    )
    people = []
    for n in range(families):
        for given, surname, born in (
            ("Claire", f"Other{n}", dt.date(1980, 1, 1)),
            (f"Sean{n}", "Walsh", dt.date(1979, 5, 5)),
            ("Claire", "Walsh", dt.date(2010, 10, 10)),
        ):
            person = Person(
                given_name=given,
                family_name=surname,
                date_of_birth=born,
                la_child_id=f"E{len(people):08d}",
            )
            index_keys(person)
            people.append(person)
    people = Person.objects.bulk_create(people)
    matcher.refresh([p.pk for p in people])
    Membership.objects.bulk_create(
        Membership(family=families_made[k // 3], person=p, role="parent_carer")
        for k, p in enumerate(people)
    )
    Involvement.objects.bulk_create(
        Involvement(
            family=f,
            practitioner=practitioner,
            organisation=practitioner.organisation,
            team=practitioner.team,
            role=InvolvementRole.SOCIAL_WORKER,
            started_on=dt.date(2026, 1, 5),
        )
        for f in families_made
    )


@pytest.fixture
def register(family_worker, stranger):
    """The Walsh family and three others on family_worker's caseload; 300 Walshes and 300
    Claires in families only the stranger works with."""
    walsh = _family(
        "Walsh family",
        [
            ("Deirdre", "Walsh", "1984-02-11"),
            ("Colm", "Walsh", "2013-06-12"),
            ("Darragh", "Walsh", "2016-09-30"),
        ],
        family_worker,
    )
    others = {
        name: _family(f"{name} family", [(given, name, born)], family_worker)[0]
        for name, given, born in (
            ("Gallagher", "Samantha", "1990-01-05"),
            ("Heywood", "Kieran", "2012-03-03"),
            ("Okafor", "Femi", "2011-07-21"),
            ("Wilson", "Claire", "1988-12-01"),
            ("Richardson", "Tyler", "2014-08-08"),
        )
    }
    Person.objects.filter(pk=others["Okafor"].pk).update(nhs_number=NHS)
    Person.objects.filter(pk=others["Heywood"].pk).update(upn=UPN)
    AddressFactory(person=others["Gallagher"], postcode="DB7 4QX")
    matcher.refresh([others["Okafor"].pk, others["Heywood"].pk])
    _elsewhere(stranger, families=100)  # 300 namesakes the family worker cannot see
    return {"walsh": walsh, **others}


@pytest.fixture(params=["sight", "indexed"])
def look_up(request, monkeypatch):
    """Both ways a name heard alone is looked up: among the people of the user's families
    (when they are few, `queries.SIGHT_FAMILIES`) and by the register's indexed name keys."""
    if request.param == "indexed":
        monkeypatch.setattr(queries, "SIGHT_FAMILIES", -1)
    return request.param


NHS = "9990001235"  # synthetic range, valid check digit
UPN = upn.make(1, 2001, 2016, 17)


def _names(user, typed: str) -> list[str]:
    return [r.hit.person.full_name for r in queries.search_people(user, parse(typed))]


KINDS = [
    ("Walch", "Colm Walsh"),  # one surname misspelt
    ("Galagher", "Samantha Gallagher"),
    ("Heywod", "Kieran Heywood"),
    ("Okafur", "Femi Okafor"),
    ("Wilsen", "Claire Wilson"),
    ("Claire", "Claire Wilson"),  # a first name alone
    ("Deidre Walsh", "Deirdre Walsh"),  # a misspelt first name, the right surname
    ("Wal", "Darragh Walsh"),  # the start of a name
    ("Okaf", "Femi Okafor"),
    ("12/06/2013", "Colm Walsh"),  # a date of birth alone
    ("Colm Walch", "Colm Walsh"),  # both names, one misspelt (found before too)
    ("Sam Gallagher", "Samantha Gallagher"),  # a nickname
    ("DB7 4QX", "Samantha Gallagher"),  # a postcode
    ("999 000 1235", "Femi Okafor"),  # an NHS number
    (UPN, "Kieran Heywood"),  # a UPN
    ("Rikhardson", "Tyler Richardson"),  # a slip that changes how the name sounds
    ("Wylson", "Claire Wilson"),
]

# About people the user may see but does not work with (every kind but a first name alone).
ELSEWHERE = [kind for kind in KINDS if kind[0] != "Claire"]


def test_each_kind_finds_the_person_in_the_first_ten_and_no_one_outside_scope(
    register, family_worker, stranger, look_up
):
    missed = {
        typed: _names(family_worker.user, typed)[:10]
        for typed, expected in KINDS
        if expected not in _names(family_worker.user, typed)[:10]
    }
    assert not missed, missed
    assert set(_names(family_worker.user, "Walch")) == {
        "Deirdre Walsh",
        "Colm Walsh",
        "Darragh Walsh",
    }
    assert not any(n.startswith("Sean") for n in _names(family_worker.user, "Walsh"))
    # and the stranger, who works with the 300 namesakes, finds theirs and not hers
    theirs = _names(stranger.user, "Walch")
    assert theirs
    assert all(n.startswith("Sean") or n == "Claire Walsh" for n in theirs)
    assert "Colm Walsh" not in theirs


def test_the_right_person_ranks_first_with_the_reasons_in_words(register, family_worker):
    results = queries.search_people(family_worker.user, parse("Deidre Walsh"))
    assert results[0].hit.person.full_name == "Deirdre Walsh"
    assert results[0].hit.band in ("possible", "likely")
    assert results[0].hit.reasons  # said in words
    partial = [r for r in results if r.hit.band == "unlikely"]
    assert partial
    assert all(r.hit.band_label == "Partial" for r in partial)


def test_the_users_own_families_come_first(register, family_worker, manager, eh_team):
    """The manager sees the team's families (family_worker's) and works with one Walsh family
    personally: that family's people come before the team's."""
    mine = _family("Walsh (Tallaght) family", [("Aoife", "Walsh", "2014-04-04")], manager)
    names = _names(manager.user, "Walch")
    assert names[0] == mine[0].full_name
    assert {"Deirdre Walsh", "Colm Walsh", "Darragh Walsh"} <= set(names)


def test_each_kind_finds_people_the_user_sees_but_does_not_work_with(
    register, family_worker, manager, look_up
):
    """The manager sees the team's families (family_worker's caseload) without working with
    them; the 300 Walshes and Claires elsewhere are outside what the manager may see."""
    missed = {
        typed: _names(manager.user, typed)[:10]
        for typed, expected in ELSEWHERE
        if expected not in _names(manager.user, typed)[:10]
    }
    assert not missed, missed
    for typed in ("Walch", "Wal", "Walsh", "Claire"):
        assert not any(n.startswith("Sean") for n in _names(manager.user, typed))
        assert "Claire Walsh" not in _names(manager.user, typed)


def test_a_misspelt_surname_elsewhere_ranks_the_family_first(register, manager):
    names = _names(manager.user, "Rikhardson")
    assert names[0] == "Tyler Richardson"
    names = _names(manager.user, "Walch")
    assert set(names[:3]) == {"Deirdre Walsh", "Colm Walsh", "Darragh Walsh"}


def _rows(user, typed: str) -> list[list[str]]:
    """The search page's rows: for a name alone, each family's people who fit."""
    answer = search_results.search(user, parse(typed))
    if answer.families is None:
        return [[r.hit.person.full_name] for r in answer.results]
    return [[r.hit.person.full_name for r in row.people] for row in answer.families]


_THREE = [("Aisling", "1985-03-03"), ("Ronan", "2012-05-05"), ("Cian", "2015-07-07")]


def test_a_name_alone_is_answered_one_family_per_row(register, family_worker, manager, look_up):
    """Four more Walsh families of three on the caseload: 15 Walshes, more than a page's
    first ten rows of people, in five families; every one of them is within the first ten
    rows, each family's row listing its Walshes, and none of the 300 elsewhere."""
    more = [
        _family(
            f"Walsh {n} family",
            [(given, "Walsh", born) for given, born in _THREE],
            family_worker,
        )
        for n in range(4)
    ]
    for user in (family_worker.user, manager.user):
        rows = _rows(user, "Walch")
        assert len(rows) == 5
        listed = [name for row in rows[:10] for name in row]
        assert len(listed) == 15
        assert {"Deirdre Walsh", "Colm Walsh", "Darragh Walsh"} in [set(r) for r in rows]
        assert not any(name.startswith("Sean") for name in listed)
    assert all(len(row) == 3 for row in _rows(family_worker.user, "Wal")[:5])
    assert more


def test_the_users_own_families_rows_come_first(register, family_worker, manager, eh_team):
    mine = _family("Walsh (Tallaght) family", [("Aoife", "Walsh", "2014-04-04")], manager)
    answer = search_results.search(manager.user, parse("Walch"))
    assert answer.families[0].family.name == "Walsh (Tallaght) family"
    assert answer.families[0].own
    assert [r.hit.person for r in answer.families[0].people] == mine
    assert not any(row.own for row in answer.families[1:])


def test_two_names_are_answered_person_by_person(register, family_worker):
    answer = search_results.search(family_worker.user, parse("Deidre Walsh"))
    assert answer.families is None
    assert answer.results[0].hit.person.full_name == "Deirdre Walsh"


def test_the_family_answer_is_audited_with_the_people_listed(register, family_worker):
    from audit.models import AuditEvent, Verb

    answer = search_results.search(family_worker.user, parse("Walch"))
    event = AuditEvent.objects.filter(verb=Verb.SEARCH).latest("pk")
    shown = {r.hit.person.pk for row in answer.families for r in row.people}
    assert set(event.changes["results"]) == shown
    assert event.changes["families"] == [row.family.pk for row in answer.families]
