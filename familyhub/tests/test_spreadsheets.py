"""Formula-like values are neutralised in every CSV or spreadsheet the app writes."""

import csv
import io

import pytest

from familyhub.spreadsheets import SafeDictWriter, SafeWriter, safe_cell, safe_sheet_append

HOSTILE = [
    '=HYPERLINK("http://evil.example","Click")',
    "+cmd|' /C calc'!A0",
    "-2+3",
    "@SUM(A1:A2)",
    "\t=1+1",
    "\r=1+1",
]


@pytest.mark.parametrize("value", HOSTILE)
def test_formula_like_text_is_made_inert(value):
    assert safe_cell(value) == "'" + value


@pytest.mark.parametrize("value", ["Amy", "O'Neil", "", None, 5, -5, 2.5, "a=b", " =x"])
def test_other_values_are_left_alone(value):
    assert safe_cell(value) == value


def test_the_csv_writers_neutralise_every_cell():
    out = io.StringIO()
    writer = SafeWriter(out)
    writer.writerow(["name", "note"])
    writer.writerows([[HOSTILE[0], "fine"], ["ok", HOSTILE[1]]])
    rows = list(csv.reader(io.StringIO(out.getvalue())))
    assert rows == [["name", "note"], ["'" + HOSTILE[0], "fine"], ["ok", "'" + HOSTILE[1]]]
    out = io.StringIO()
    dict_writer = SafeDictWriter(out, fieldnames=["a"])
    dict_writer.writeheader()
    dict_writer.writerow({"a": "@x"})
    assert out.getvalue().splitlines() == ["a", "'@x"]


def test_a_workbook_row_is_stored_as_text_not_a_formula():
    from openpyxl import Workbook, load_workbook

    book = Workbook()
    safe_sheet_append(book.active, ["=1+1", "Amy"])
    buffer = io.BytesIO()
    book.save(buffer)
    cell = load_workbook(io.BytesIO(buffer.getvalue())).active["A1"]
    assert cell.data_type == "s"
    assert cell.value == "'=1+1"
