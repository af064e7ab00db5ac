"""Reading a partner's extract: the dedupe contract's columns (record_id, source_system,
first_name, surname, dob, sex, postcode, address_line_1, nhs_number) plus an optional upn.

`read_row` turns one CSV row into a clean record for matching and a list of problems, with
the rules the people forms apply (lengths, no null bytes or control characters, real dates
after 1900 and not in the future, valid identifiers). A problem that makes the row unusable
(no record id, a date that is not a date, no name, a name too long or with characters the
forms refuse) skips the row; anything else (an NHS number whose check digit is wrong, an
unknown sex, a postcode that is not one) is a warning: the value is left out of matching and
the rest of the row goes on.

`iter_rows` reads the file a line at a time. No column of the contract holds a line break, so
a line that does not parse on its own (a quote left open) or has more or fewer values than the
header is reported for that line and skipped, and reading carries on at the next line: a broken
quote costs one row, not the rest of the file glued into one.
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
BAD_POSTCODE = "Postcode is not a UK postcode (left out of matching)"
EARLY_DATE = "Date of birth must be after 1900"
TOO_LONG = "{label} is longer than {limit} characters"
TOO_LONG_LEFT_OUT = "{label} is longer than {limit} characters (left out of matching)"
BAD_CHARACTERS = "{label} has characters that are not allowed (a null byte or control character)"
BROKEN_QUOTE = "The row has a quote that is not closed: it cannot be read"
WRONG_COUNT = "The row has {found} values but the header has {expected}: a comma or quote may be "
WRONG_COUNT += "missing or extra"
MISSING_COLUMNS = "The file has no {columns} column"
NOT_CSV = "The file is not a CSV file with a header row"

_SEX = {"m": "M", "male": "M", "f": "F", "female": "F"}

# The people forms' limits (people.forms.PersonForm, AddressForm) and the record's own.
LIMITS = {
    "record_id": 100,
    "source_system": 100,
    "first_name": 100,
    "surname": 100,
    "address_line_1": 150,
    "postcode": 10,
    "nhs_number": 14,
    "upn": 15,
    "dob": 10,
    "sex": 20,
}
LABELS = {
    "record_id": "Record id",
    "source_system": "Source system",
    "first_name": "First name",
    "surname": "Surname",
    "address_line_1": "Address line 1",
    "postcode": "Postcode",
    "nhs_number": "NHS number",
    "upn": "UPN",
    "dob": "Date of birth",
    "sex": "Sex",
}
# Columns without which the row cannot be used: over-long or bad characters skip the row.
ESSENTIAL = frozenset({"record_id", "first_name", "surname", "dob"})
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


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


def _screen(raw: dict[str, str], problem) -> None:
    """The forms' rules on every value: characters, then length. A bad essential value skips
    the row; any other bad value is left out (blanked) with a warning."""
    for column in COLUMNS:
        value = raw[column]
        if not value:
            continue
        label, limit = LABELS.get(column, column), LIMITS.get(column, 100)
        if _CONTROL.search(value):
            text = BAD_CHARACTERS.format(label=label)
        elif len(value) > limit:
            template = TOO_LONG if column in ESSENTIAL else TOO_LONG_LEFT_OUT
            text = template.format(label=label, limit=limit)
        else:
            continue
        problem(column, text, skipped=column in ESSENTIAL)
        if column not in ESSENTIAL:
            raw[column] = ""


def read_row(number: int, values: dict) -> Row:
    raw = {c: _clean(values.get(c)) for c in COLUMNS}
    row = Row(number=number, raw=raw)
    rid = raw["record_id"][: LIMITS["record_id"]]

    def problem(column: str, text: str, *, skipped: bool) -> None:
        row.problems.append(Problem(number, rid, column, text, skipped))

    if not rid:
        problem("record_id", NO_RECORD_ID, skipped=True)
    _screen(raw, problem)
    if not row.readable:
        return row
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
            elif born.year < 1900:
                problem("dob", EARLY_DATE, skipped=True)
            record["dob"] = born.isoformat()
    if raw["sex"]:
        sex = _SEX.get(raw["sex"].lower())
        if sex:
            record["sex"] = sex
        elif raw["sex"].lower() not in ("u", "unknown", "not known", "9", "0"):
            problem("sex", BAD_SEX, skipped=False)
    if raw["postcode"]:
        try:
            record["postcode"] = postcode.validate(raw["postcode"])
        except ValidationError:
            problem("postcode", BAD_POSTCODE, skipped=False)
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


def _lines(handle) -> Iterator[tuple[int, str]]:
    """(line number, text) of every non-blank line after the header."""
    for number, line in enumerate(handle, start=2):
        if line.strip():
            yield number, line


def _header(handle) -> list[str]:
    try:
        first = next(handle, "")
        fieldnames = next(csv.reader([first], strict=True), []) if first.strip() else []
    except (csv.Error, UnicodeDecodeError) as exc:
        raise FileProblem(NOT_CSV) from exc
    check_header(fieldnames)
    return [(f or "").strip().lower() for f in fieldnames]


def _fits(values: list[str], fieldnames: list[str]) -> bool:
    """Values line up with the header: extra values only if empty (a trailing comma), and
    fewer only if every required column is still there (trailing empty columns left off)."""
    if len(values) > len(fieldnames):
        return not any(v.strip() for v in values[len(fieldnames) :])
    present = set(fieldnames[: len(values)])
    return all(c in present for c in REQUIRED)


def _broken(number: int, text: str) -> Row:
    row = Row(number=number, raw={c: "" for c in COLUMNS})
    row.problems.append(Problem(number, "", "", text, True))
    return row


def iter_rows(handle) -> Iterator[Row]:
    """Every data row of an open CSV file (text mode, newline=""), numbered by its line; a
    line that cannot be read is a skipped row with its problem, and reading carries on."""
    fieldnames = _header(handle)
    number = 1
    try:
        for number, line in _lines(handle):
            try:
                values = next(csv.reader([line], strict=True))
            except csv.Error:
                yield _broken(number, BROKEN_QUOTE)
                continue
            if not _fits(values, fieldnames):
                found, expected = len(values), len(fieldnames)
                yield _broken(number, WRONG_COUNT.format(found=found, expected=expected))
                continue
            yield read_row(number, dict(zip(fieldnames, values, strict=False)))
    except UnicodeDecodeError as exc:
        raise FileProblem(f"{NOT_CSV} (stopped after line {number}: {exc})") from exc


def open_csv(path):
    return open(path, encoding="utf-8-sig", newline="")  # noqa: SIM115 - the caller closes it


def count_rows(path) -> int:
    """Data rows in the file (read once, streaming) for the progress count."""
    try:
        with open_csv(path) as handle:
            _header(handle)
            return sum(1 for _ in _lines(handle))
    except UnicodeDecodeError as exc:
        raise FileProblem(NOT_CSV) from exc


def check_file(path) -> None:
    """Raise FileProblem unless the file is readable CSV with the required columns."""
    try:
        with open_csv(path) as handle:
            _header(handle)
    except UnicodeDecodeError as exc:
        raise FileProblem(NOT_CSV) from exc
