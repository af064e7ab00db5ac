"""matching.register_many.find_many: a batch of records gives each record exactly the matches
`register.find` gives it on its own (same people, probabilities, bands and reasons, in the
same order), on a constructed register of twins, a same-named father and son, misspellings,
nicknames, a pupil found by UPN and a record merged into another."""

import dataclasses
import datetime as dt

import pytest

from matching import register
from matching.records import Vocabulary
from matching.register_many import find_many
from people.identifiers import upn

from .test_register import COUNCIL, ERRORS, JADEN, household, person  # noqa: F401

pytestmark = pytest.mark.django_db

PUPIL_UPN = upn.make(1, 2000, 2021, 7)


def _queries() -> list[dict]:
    no_dob = {k: v for k, v in JADEN.items() if k not in ("dob", "nhs_number")}
    return [
        JADEN,
        *[{**JADEN, **change} for _error, change, _reason in ERRORS],
        no_dob,
        {**JADEN, "first_name": "Jordan", "nhs_number": ""},  # the twin
        {**JADEN, "first_name": "Jayden", "nhs_number": ""},  # a third twin, new
        {**JADEN, "dob": "1985-03-07", "nhs_number": ""},  # the father
        {"first_name": "Bill", "surname": "Brown", "dob": "2012-01-20"},
        {"first_name": "Kate", "surname": "Jones", "dob": "1979-11-02", "sex": "F"},
        {"first_name": "Katherine", "surname": "Jones", "postcode": "N1 1AA", "sex": "F"},
        {"first_name": "Kelly", "surname": "Jones", "dob": "1990-05-12", "postcode": "E17 4AB"},
        {"surname": "Smith"},  # one name alone
        {"postcode": "E17 9ZZ"},  # a postcode alone
        {"first_name": "Rosa", "surname": "Okafor", "dob": "2016-08-01", "upn": PUPIL_UPN},
        {"first_name": "Zed", "surname": "Nobody", "dob": "2001-01-01"},  # nobody
        {},  # nothing to look up
        {"first_name": "Ava", "surname": "Patel", "dob": "2010-01-10", "postcode": "E17 9ZZ"},
    ]


def _plain(matches):
    return [dataclasses.asdict(m) for m in matches]


def test_find_many_agrees_with_find_record_by_record(household):  # noqa: F811
    person("Rosa", "Okafor", dt.date(2016, 8, 1), "F", upn=PUPIL_UPN)
    merged = person("Ava", "Patel", dt.date(2010, 1, 10), "F", postcode="E17 9ZZ")
    merged.merged_into = household.kelly
    merged.save(update_fields=["merged_into"])
    register.forget([merged.pk])
    queries = _queries()
    one_by_one = [_plain(register.find(q, population=COUNCIL)) for q in queries]
    together = [_plain(m) for m in find_many(queries, population=COUNCIL)]
    assert together == one_by_one
    # The register gave every kind of answer, so the agreement means something.
    bands = {m["band"] for found in one_by_one for m in found}
    assert {"certain", "possible"} <= bands
    assert one_by_one[0][0]["person_id"] == household.jaden.pk
    assert any(register.SAME_UPN in m["reasons"] for found in one_by_one for m in found)
    assert one_by_one[-3] == []
    assert one_by_one[-2] == []
    assert merged.pk not in {m["person_id"] for found in together for m in found}


def test_find_many_with_limit_and_threshold(household):  # noqa: F811
    queries = _queries()
    for kw in ({"limit": 1}, {"threshold": 0.5, "limit": 3}):
        expected = [_plain(register.find(q, population=COUNCIL, **kw)) for q in queries]
        assert [_plain(m) for m in find_many(queries, population=COUNCIL, **kw)] == expected


def test_find_many_with_a_vocabulary_kept_from_batch_to_batch(household):  # noqa: F811
    """A bulk link keeps one vocabulary (and its cleaned values) for all its batches: the
    second batch, meeting names, dates and addresses the first one cleaned, gets what `find`
    gives, as the first did."""
    queries = _queries()
    expected = [_plain(register.find(q, population=COUNCIL)) for q in queries]
    vocab = Vocabulary()
    first = [_plain(m) for m in find_many(queries[::-1], population=COUNCIL, vocab=vocab)]
    assert vocab.cleaned["surname"]  # the first batch's values were kept
    second = [_plain(m) for m in find_many(queries, population=COUNCIL, vocab=vocab)]
    assert first == expected[::-1]
    assert second == expected
    assert any(expected)


def test_a_kept_vocabulary_makes_a_changed_register_row_again(household, monkeypatch):  # noqa: F811
    """A row kept from an earlier batch is used again only while the person's values are the
    same: Jordan renamed Jaden between two batches is judged as he now is (the twin with the
    same name, no longer a plainly different first name); a person whose id is beyond the
    kept positions is made again each time, with the same answers."""
    query = {**JADEN, "first_name": "Jayden", "nhs_number": ""}
    vocab = Vocabulary()
    before = [_plain(m) for m in find_many([query], population=COUNCIL, vocab=vocab)]
    assert before == [_plain(register.find(query, population=COUNCIL))]
    household.jordan.given_name = "Jaden"
    household.jordan.save(update_fields=["given_name"])
    register.refresh([household.jordan.pk])
    expected = [_plain(register.find(query, population=COUNCIL))]
    assert expected != before  # the change matters to the answer
    assert [_plain(m) for m in find_many([query], population=COUNCIL, vocab=vocab)] == expected
    # (Jaden kept by position, his twin and everyone after him made again each time)
    monkeypatch.setattr("matching.register_many.SLOT_LIMIT", household.jordan.pk)
    vocab = Vocabulary()
    for _ in range(2):
        assert [_plain(m) for m in find_many([query], population=COUNCIL, vocab=vocab)] == expected
