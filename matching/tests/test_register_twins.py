"""The register path (`matching.register.find`, behind `familyhub link`, the partner-data
upload and the front door's "already known?" check) applies the batch engine's guard rails
and review band: twins, siblings and a same-named parent and child are never offered as the
same person; a first name typed with one slip, or no first name beside registered twins, is
offered for review, never certain; genuine records with an error are still certain (issue 16,
item 7)."""

import pytest

from matching import register

from . import twins

pytestmark = pytest.mark.django_db

POPULATIONS = [None, 1_000_000]  # the front door's (the register's size) and the linker's


@pytest.fixture
def people():
    return twins.build_register()


def found(row, population):
    return {
        m.person_id: m for m in register.find(twins.record(row), population=population, limit=20)
    }


@pytest.mark.parametrize("population", POPULATIONS)
@pytest.mark.parametrize(
    "row", twins.NEVER_LINKED, ids=[f"{r[1]} {r[2]}" for r in twins.NEVER_LINKED]
)
def test_relatives_are_never_offered_as_the_same_person(people, row, population):
    relative = people[row[-1]]
    assert relative.pk not in found(row, population)


@pytest.mark.parametrize("population", POPULATIONS)
def test_a_twin_with_no_sex_recorded_is_not_offered_either(people, population):
    megan = twins.record(twins.NEVER_LINKED[1])
    matches = register.find({**megan, "sex": ""}, population=population)
    assert people["junior"].pk not in [m.person_id for m in matches]


@pytest.mark.parametrize("population", POPULATIONS)
@pytest.mark.parametrize(
    "row", twins.NEAR_MISSES, ids=[f"{r[1]} {r[2]}" for r in twins.NEAR_MISSES]
)
def test_a_near_miss_is_offered_for_review_never_certain(people, row, population):
    match = found(row, population).get(people[row[-1]].pk)
    assert match is not None, "a first name one slip away must be offered"
    assert match.band in ("possible", "likely")
    assert any("one slip" in r for r in match.reasons), match.reasons


@pytest.mark.parametrize("population", POPULATIONS)
@pytest.mark.parametrize("row", twins.GENUINE, ids=[f"{r[1]} {r[2]}" for r in twins.GENUINE])
def test_genuine_records_with_an_error_are_still_certain(people, row, population):
    matches = register.find(twins.record(row), population=population)
    assert matches[0].person_id == people[row[-1]].pk
    assert matches[0].band == "certain"


@pytest.mark.parametrize("population", POPULATIONS)
def test_a_row_with_no_first_name_beside_twins_is_certain_about_neither(people, population):
    matches = found(twins.BETWEEN_TWINS[0], population)
    for key in twins.TWINS:
        match = matches.get(people[key].pk)
        assert match is not None, f"{key} must be offered for review"
        assert match.band in ("possible", "likely")
        assert any("different first names" in r for r in match.reasons), match.reasons


def test_a_row_with_no_first_name_and_a_twins_nhs_number_is_certain_of_that_twin(people):
    people["amir"].nhs_number = "9434765919"  # a valid number in the test range
    people["amir"].save()
    row = {**twins.record(twins.BETWEEN_TWINS[0]), "nhs_number": "943 476 5919"}
    matches = register.find(row, population=1_000_000)
    assert (matches[0].person_id, matches[0].band) == (people["amir"].pk, "certain")
    assert people["adam"].pk not in [m.person_id for m in matches if m.band == "certain"]


def test_the_reasons_say_why_a_twin_is_not_the_same_person(people):
    leo = twins.record(twins.NEVER_LINKED[0])
    matches = register.find(leo, population=1_000_000, threshold=0.0)
    louie = next(m for m in matches if m.person_id == people["louie"].pk)
    assert louie.probability < 0.2
    assert any("probably twins" in r for r in louie.reasons), louie.reasons
    son = twins.record(twins.NEVER_LINKED[4])
    matches = register.find(son, population=1_000_000, threshold=0.0)
    father = next(m for m in matches if m.person_id == people["jack"].pk)
    assert father.probability < 0.2
    assert any("parent and child" in r for r in father.reasons), father.reasons
