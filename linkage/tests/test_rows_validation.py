"""Partner rows get the people forms' rules, and a broken line costs one row, not the file.

Issue 16: linkage stored a 100,000-character first name (whole, in a 100-character column on
SQLite), a name with a null byte, and a row with a broken quote became one garbage person
with no problem reported.
"""

import io

import pytest

from linkage import rows as rowlib
from linkage.models import LinkRun, RunStatus, SourceRecord
from people.models import Person

from .test_link_command import link

HEADER = "record_id,source_system,first_name,surname,dob,sex,postcode,address_line_1,nhs_number\n"


def _rows(text: str) -> list[rowlib.Row]:
    return list(rowlib.iter_rows(io.StringIO(HEADER + text, newline="")))


def _problems(row) -> list[tuple[str, str, bool]]:
    return [(p.column, p.problem, p.skipped) for p in row.problems]


def test_a_huge_name_is_refused_as_the_form_would():
    (row,) = _rows(f"P1,GP,{'A' * 100_000},Smith,2016-01-02,F,DB1 2AB,1 High St,\n")
    assert _problems(row) == [("first_name", "First name is longer than 100 characters", True)]
    assert not row.readable


def test_null_bytes_and_control_characters_are_refused():
    (null, bell) = _rows(
        "P1,GP,Am\x00y,Smith,2016-01-02,F,DB1 2AB,1 High St,\nP2,GP,Ben,Jo\x07nes,2016-01-02,M,,,\n"
    )
    assert _problems(null) == [
        ("first_name", rowlib.BAD_CHARACTERS.format(label="First name"), True)
    ]
    assert not bell.readable


def test_a_broken_quote_is_reported_for_its_line_and_the_rest_carry_on():
    rows = _rows(
        'P1,GP,"Amy,Smith,2016-01-02,F,DB1 2AB,1 High St,\n'
        "P2,GP,Ben,Jones,2015-03-04,M,DB1 2AB,1 High St,\n"
        "P3,GP,Cara,Jones,2014-05-06,F,DB1 2AB,1 High St,\n"
    )
    assert [r.number for r in rows] == [2, 3, 4]
    assert _problems(rows[0]) == [("", rowlib.BROKEN_QUOTE, True)]
    assert [r.record["first_name"] for r in rows[1:]] == ["Ben", "Cara"]


def test_values_that_do_not_line_up_with_the_header_are_reported():
    too_many, trailing_comma, too_few_but_whole = _rows(
        "P1,GP,Amy,Smith,2016-01-02,F,DB1 2AB,1 High St,,extra\n"
        "P2,GP,Ben,Jones,2015-03-04,M,DB1 2AB,1 High St,,\n"
        "P3,GP,Cara,Jones,2014-05-06\n"
    )
    assert _problems(too_many) == [("", rowlib.WRONG_COUNT.format(found=10, expected=9), True)]
    assert trailing_comma.readable
    assert too_few_but_whole.readable
    assert _rows("P4,GP,Dan\n")[0].problems[0].problem.startswith("The row has 3 values")


def test_dates_postcodes_and_long_optional_values_follow_the_forms():
    old, bad_postcode = _rows(
        "P1,GP,Amy,Smith,1850-01-02,F,DB1 2AB,1 High St,\n"
        f"P2,GP,Ben,Jones,2015-03-04,M,NOTAPC,{'x' * 200},\n"
    )
    assert _problems(old) == [("dob", rowlib.EARLY_DATE, True)]
    assert bad_postcode.readable  # warnings: the values are left out, the row goes on
    assert _problems(bad_postcode) == [
        (
            "address_line_1",
            "Address line 1 is longer than 150 characters (left out of matching)",
            False,
        ),
        ("postcode", rowlib.BAD_POSTCODE, False),
    ]
    assert "postcode" not in bad_postcode.record
    assert "address_line_1" not in bad_postcode.record


@pytest.mark.django_db
def test_a_file_with_every_kind_of_bad_row_links_only_the_good_ones(register, tmp_path):
    path = tmp_path / "partner.csv"
    path.write_text(
        HEADER
        + f"P1,GP,{'A' * 100_000},Smith,2016-01-02,F,DB1 2AB,1 High St,\n"
        + "P2,GP,Am\x00y,Smith,2016-01-02,F,DB1 2AB,1 High St,\n"
        + 'P3,GP,"Broken,Quote,2016-01-02,F,DB1 2AB,1 High St,\n'
        + "P4,GP,Ben,Newperson,2015-03-04,M,DB1 2AB,1 High St,\n",
        encoding="utf-8",
    )
    before = Person.objects.count()
    run, out, err = link(path, "school-roll")
    assert run.status == RunStatus.FINISHED
    assert run.total_rows == run.rows_done == 4
    assert run.unreadable == 3
    assert {p["row"] for p in run.problems if p["skipped"]} == {2, 3, 4}
    assert list(SourceRecord.objects.values_list("source_record_id", flat=True)) == ["P4"]
    assert Person.objects.count() == before + 1
    assert not any("\x00" in p.given_name for p in Person.objects.all())
    assert max(len(p.given_name) for p in Person.objects.all()) <= 100
    assert LinkRun.objects.count() == 1
