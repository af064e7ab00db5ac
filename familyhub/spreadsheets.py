"""CSV and spreadsheet cells that a spreadsheet program will not run as formulas.

A value that starts with =, +, -, @, a tab or a carriage return is read as a formula by Excel,
LibreOffice and Google Sheets (CSV or formula injection, OWASP): a partner's file or a typed
name such as `=HYPERLINK("http://…","Click")` or `+cmd|' /C calc'!A0` would run when an export
is opened. Every CSV or spreadsheet the app writes goes through here (a house rule in
scripts/check_house_rules.py: `csv.writer`, `csv.DictWriter` and openpyxl's `Workbook` are used
only in this module, demo data and benchmarks): such a text value is written with a leading
apostrophe, which spreadsheet programs show as text and do not display. Numbers, dates and
empty values are left alone; nothing is changed in the database.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable, Mapping
from typing import Any

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: Any) -> Any:
    """The value to write in a cell: text that looks like a formula is made inert."""
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


def safe_row(values: Iterable[Any]) -> list[Any]:
    return [safe_cell(v) for v in values]


class SafeWriter:
    """csv.writer with every cell through safe_cell."""

    def __init__(self, handle, **kwargs) -> None:
        self._writer = csv.writer(handle, **kwargs)

    def writerow(self, values: Iterable[Any]) -> Any:
        return self._writer.writerow(safe_row(values))

    def writerows(self, rows: Iterable[Iterable[Any]]) -> None:
        for row in rows:
            self.writerow(row)


class SafeDictWriter:
    """csv.DictWriter with every cell through safe_cell (the header is the app's own)."""

    def __init__(self, handle, fieldnames, **kwargs) -> None:
        self._writer = csv.DictWriter(handle, fieldnames=fieldnames, **kwargs)

    def writeheader(self) -> Any:
        return self._writer.writeheader()

    def writerow(self, row: Mapping[str, Any]) -> Any:
        return self._writer.writerow({k: safe_cell(v) for k, v in row.items()})

    def writerows(self, rows: Iterable[Mapping[str, Any]]) -> None:
        for row in rows:
            self.writerow(row)


def safe_sheet_append(sheet, values: Iterable[Any]) -> None:
    """Append a row to an openpyxl worksheet with every cell through safe_cell (openpyxl
    itself stores a text starting with '=' as a formula)."""
    sheet.append(safe_row(values))


def write_only_workbook(out, sheets: Iterable[tuple[str, Iterable[Any], Iterable[Iterable[Any]]]]):
    """Stream sheets (title, header, rows) into an .xlsx at `out` (a path or binary file):
    openpyxl's write-only mode keeps no rows in memory. Every cell goes through safe_cell.
    Returns the number of rows written per sheet."""
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    counts = {}
    for title, header, rows in sheets:
        sheet = book.create_sheet(title=title)
        sheet.append(safe_row(header))
        count = 0
        for row in rows:
            sheet.append(safe_row(row))
            count += 1
        counts[title] = count
    book.save(out)
    return counts
