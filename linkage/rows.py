"""Reading a partner's extract: the dedupe contract's columns (record_id, source_system,
first_name, surname, dob, sex, postcode, address_line_1, nhs_number) plus an optional upn.

`read_row` turns one CSV row into a clean record for matching and a list of problems. A
problem that makes the row unusable (no record id, a date that is not a date, no name) skips
the row; anything else (an NHS number whose check digit is wrong, an unknown sex) is a warning:
the value is left out of matching and the rest of the row goes on.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError

from matching.normalise import COLUMNS as COLUMNS_CONTRACT
from people.identifiers import nhs_number, postcode, upn

# The dedupe contract's columns (matching.normalise.COLUMNS): one definition for every file.
CONTRACT = tuple(COLUMNS_CONTRACT)
OPTIONAL = ("upn",)
REQUIRED = ("record_id", "first_name", "surname", "dob")
COLUMNS = CONTRACT + OPTIONAL

NO_RECORD_ID = "No record id: the row cannot be told apart from others"
BAD_DATE = "Date of birth is not a real date in the form YYYY-MM-DD"
FUTURE_DATE = "Date of birth is in the future"
NO_NAME = "No first name or surname and no NHS number or UPN: nothing to link on"
NAME_NEEDED = "No name: a person cannot be recorded without a first name or surname"
BAD_NHS = "NHS number is not valid (left out of matching)"
BAD_UPN = "UPN is not valid (left out of matching)"
BAD_SEX = "Sex is not M or F (left out of matching)"
MISSING_COLUMNS = "The file has no {columns} column"
NOT_CSV = "The file is not a CSV file with a header row"

_SEX = {"m": "M", "male": "M", "f": "F", "female": "F"}


class FileProblem(ValueError):
    """The file as a whole cannot be read (not CSV, required columns missing)."""


@dataclass
class Problem:
    row: int
    record_id: str
    column: str
    problem: str
    skipped: bool

    def as_dict(self) -> dict:
        return {
            "row": self.row,
            "record_id": self.record_id,
            "column": self.column,
            "problem": self.problem,
            "skipped": self.skipped,
        }


@dataclass
class Row:
    number: int  # the line in the file (the header is line 1)
    raw: dict[str, str]
    record: dict[str, str] = field(default_factory=dict)  # clean values for matching
    problems: list[Problem] = field(default_factory=list)

    @property
    def record_id(self) -> str:
        return self.raw.get("record_id", "")

    @property
    def readable(self) -> bool:
        return not any(p.skipped for p in self.problems)

    @property
    def row_hash(self) -> str:
        blob = json.dumps(self.raw, sort_keys=True, separators=(",", ":"))
        return hashlib.sha256(blob.encode()).hexdigest()


def _clean(value) -> str:
    return " ".join(str(value or "").split())


def check_header(fieldnames) -> None:
    if not fieldnames:
        raise FileProblem(NOT_CSV)
    names = {(f or "").strip().lower() for f in fieldnames}
    missing = [c for c in REQUIRED if c not in names]
    if missing:
        raise FileProblem(MISSING_COLUMNS.format(columns=" or ".join(missing)))


def read_row(number: int, values: dict) -> Row:
    raw = {c: _clean(values.get(c)) for c in COLUMNS}
    row = Row(number=number, raw=raw)
    rid = raw["record_id"]

    def problem(column: str, text: str, *, skipped: bool) -> None:
        row.problems.append(Problem(number, rid, column, text, skipped))

    if not rid:
        problem("record_id", NO_RECORD_ID, skipped=True)
    record = {"record_id": rid, "first_name": raw["first_name"], "surname": raw["surname"]}
    if raw["dob"]:
        try:
            born = dt.date.fromisoformat(raw["dob"])
            if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", raw["dob"]):
                raise ValueError(raw["dob"])
        except ValueError:
            problem("dob", BAD_DATE, skipped=True)
        else:
            if born > dt.date.today():  # noqa: DTZ011 - a date of birth has no time zone
                problem("dob", FUTURE_DATE, skipped=True)
            record["dob"] = born.isoformat()
    if raw["sex"]:
        sex = _SEX.get(raw["sex"].lower())
        if sex:
            record["sex"] = sex
        elif raw["sex"].lower() not in ("u", "unknown", "not known", "9", "0"):
            problem("sex", BAD_SEX, skipped=False)
    if raw["postcode"]:
        record["postcode"] = postcode.normalise(raw["postcode"])
    if raw["address_line_1"]:
        record["address_line_1"] = raw["address_line_1"]
    if raw["nhs_number"]:
        try:
            record["nhs_number"] = nhs_number.validate(raw["nhs_number"])
        except ValidationError:
            problem("nhs_number", BAD_NHS, skipped=False)
    if raw["upn"]:
        try:
            record["upn"] = upn.validate(raw["upn"])
        except ValidationError:
            problem("upn", BAD_UPN, skipped=False)
    has_name = bool(raw["first_name"] or raw["surname"])
    if not has_name:
        has_id = bool(record.get("nhs_number") or record.get("upn"))
        problem("first_name", NAME_NEEDED if has_id else NO_NAME, skipped=True)
    row.record = {k: v for k, v in record.items() if v}
    return row


def iter_rows(handle) -> Iterator[Row]:
    """Every data row of an open CSV file (text mode, newline=""), numbered by its line."""
    reader = csv.DictReader(handle)
    try:
        check_header(reader.fieldnames)
    except csv.Error as exc:
        raise FileProblem(NOT_CSV) from exc
    reader.fieldnames = [(f or "").strip().lower() for f in reader.fieldnames]
    try:
        for values in reader:
            # line_num is the line the row ended on (a quoted value may span lines)
            yield read_row(reader.line_num, values)
    except (csv.Error, UnicodeDecodeError) as exc:
        raise FileProblem(f"{NOT_CSV} (stopped at line {reader.line_num + 1}: {exc})") from exc


def open_csv(path):
    return open(path, encoding="utf-8-sig", newline="")  # noqa: SIM115 - the caller closes it


def count_rows(path) -> int:
    """Data rows in the file (read once, streaming) for the progress count."""
    try:
        with open_csv(path) as handle:
            return sum(1 for _ in csv.DictReader(handle))
    except (csv.Error, UnicodeDecodeError) as exc:
        raise FileProblem(NOT_CSV) from exc


def check_file(path) -> None:
    """Raise FileProblem unless the file is readable CSV with the required columns."""
    try:
        with open_csv(path) as handle:
            check_header(csv.DictReader(handle).fieldnames)
    except (csv.Error, UnicodeDecodeError) as exc:
        raise FileProblem(NOT_CSV) from exc
