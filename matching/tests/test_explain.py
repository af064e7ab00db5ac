"""Each error type is found between two records, with the reasons in plain English;
household members are not linked."""

import pytest

from matching.explain import assess, explain

from .conftest import variant


def linked(a, b):
    verdict = assess(a, b)
    assert verdict.linked, verdict
    assert verdict.band in {"certain", "likely"}
    return verdict.reasons


def test_jayden_smyth_and_jaden_smith_with_day_and_month_swapped(person):
    other = variant(first_name="JADEN", surname="SMITH", dob="2016-07-03", nhs_number="")
    reasons = linked(person, other)
    assert "first name Jayden ≈ Jaden (sounds alike)" in reasons
    assert "surname Smyth ≈ Smith (sounds alike)" in reasons
    assert "date of birth with day and month swapped" in reasons


def test_typo(person):
    reasons = linked(person, variant(first_name="Jaydne", nhs_number=""))
    assert any(r.startswith("first name Jayden ≈ Jaydne") for r in reasons)


@pytest.mark.parametrize(
    ("first", "other", "reason"),
    [
        ("Katherine", "Kate", "Kate is a short form of Katherine"),
        ("William", "Bill", "Bill is a short form of William"),
        ("Elizabeth", "Betty", "Betty is a short form of Elizabeth"),
        ("Mohammed", "Muhammad", "first name Mohammed ≈ Muhammad (sounds alike)"),
        ("Robert", "Bob", "Bob is a short form of Robert"),
    ],
)
def test_nicknames_and_variants(person, first, other, reason):
    a = {**person, "first_name": first, "nhs_number": ""}
    b = variant(first_name=other, nhs_number="")
    assert reason in linked(a, b)


def test_first_name_and_surname_swapped(person):
    reasons = linked(person, variant(first_name="Smyth", surname="Jayden", nhs_number=""))
    assert "first name and surname swapped" in reasons


@pytest.mark.parametrize(
    ("dob", "reason"),
    [
        ("2016-03-17", "date of birth differs by one digit"),
        ("2015-03-07", "year of birth differs by one"),
        ("", "date of birth missing on one record"),
    ],
)
def test_date_of_birth_errors(person, dob, reason):
    assert reason in linked(person, variant(dob=dob, nhs_number=""))


def test_changed_surname_at_the_same_address(person):
    a = {**person, "first_name": "Sarah", "surname": "Jones", "dob": "1988-05-17", "sex": "F"}
    b = variant(first_name="Sarah", surname="Okafor", dob="1988-05-17", sex="F", nhs_number="")
    reasons = linked({**a, "nhs_number": ""}, b)
    assert "surname differs (Jones / Okafor) — possible change of name; same address" in reasons


def test_double_barrelled_surname(person):
    reasons = linked(person, variant(surname="Smyth-Okafor", nhs_number=""))
    assert "double-barrelled surname Smyth-Okafor includes Smyth" in reasons


def test_house_move(person):
    other = variant(postcode="M1 1AA", address_line_1="3 Oak Road", nhs_number="")
    assert "different address — possible house move" in linked(person, other)


def test_nhs_number_with_spaces_and_upper_case(person):
    other = variant(
        first_name="JAYDEN", surname="SMYTH", postcode="E174AB", nhs_number="9434765919"
    )
    assert "same NHS number" in linked(person, other)


def test_nhs_number_with_a_transposition(person):
    other = variant(nhs_number="943 476 9519", postcode="", address_line_1="")
    assert "NHS number with two neighbouring digits swapped" in linked(person, other)


def test_twins_are_not_linked(person):
    twin = variant(first_name="Kyle", nhs_number="")
    verdict = assess(person, twin)
    assert not verdict.linked
    assert any("probably twins" in r for r in verdict.reasons)


def test_boy_and_girl_twins_with_similar_names_are_not_linked(person):
    a = {**person, "first_name": "Oliver", "nhs_number": ""}
    b = variant(first_name="Olivia", sex="F", nhs_number="")
    assert not assess(a, b).linked


def test_same_named_father_and_son_are_not_linked(person):
    father = variant(dob="1984-11-02", nhs_number="")
    verdict = assess(person, father)
    assert not verdict.linked
    assert (
        "same name but born 32 years apart — probably parent and child (junior/senior), not linked"
        in verdict.reasons
    )  # noqa: E501


def test_siblings_are_not_linked(person):
    sister = variant(first_name="Amelia", sex="F", dob="2013-09-01", nhs_number="")
    assert not assess(person, sister).linked


def test_different_valid_nhs_numbers_are_not_linked(person):
    other = variant(first_name="Jaden", nhs_number="401 023 2137")
    verdict = assess(person, other)
    assert not verdict.linked
    assert "different NHS numbers" in verdict.reasons


def test_explain_lists_reasons(person):
    assert explain(person, dict(person)) == [
        "same NHS number",
        "same first name",
        "same surname",
        "same date of birth",
        "same address",
    ]
