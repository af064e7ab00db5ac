"""Records as columns of integers: the form every other part of the engine works on.

`Vocabulary` turns strings into ids (names through the `Lexicon`, postcodes, sectors,
districts, address lines) and is shared by a register and the queries against it, so an id
means the same thing on both sides. `Records` holds one numpy array per field.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, fields

import numpy as np
import pandas as pd

from . import normalise
from .names import Grow, Lexicon

_HOUSE = re.compile(r"\d+")


class _Codes:
    """Strings to dense ids, with the strings kept for explanations."""

    def __init__(self) -> None:
        self.values: list[str] = []
        self.index: dict[str, int] = {}

    def id(self, value: str) -> int:
        if not value:
            return -1
        found = self.index.get(value)
        if found is None:
            found = len(self.values)
            self.values.append(value)
            self.index[value] = found
        return found


class Vocabulary:
    def __init__(self) -> None:
        self.names = Lexicon()
        self.postcodes = _Codes()
        self.sectors = _Codes()
        self.districts = _Codes()
        self.addresses = _Codes()
        self.address_text = Grow(object)
        self.house = Grow(np.int64)  # house number per address id (-1 when none)

    def address_id(self, text: str) -> int:
        before = len(self.addresses.values)
        aid = self.addresses.id(text)
        if len(self.addresses.values) > before:
            match = _HOUSE.search(text)
            self.house.append(int(match.group()[:6]) if match else -1)
            self.address_text.append(text)
        return aid


@dataclass
class Records:
    record_id: np.ndarray  # object (str)
    first: np.ndarray  # int32 name id, -1 missing
    surname: np.ndarray  # int32 name id of the whole surname
    part1: np.ndarray  # int32 name ids of the parts of a double-barrelled surname
    part2: np.ndarray
    dob: np.ndarray  # int32 yyyymmdd, 0 missing
    dob_day: np.ndarray  # int32 days since 0001-01-01, -1 missing
    sex: np.ndarray  # int8: 0 missing, 1 M, 2 F
    postcode: np.ndarray  # int32 ids, -1 missing
    sector: np.ndarray
    district: np.ndarray
    address: np.ndarray
    nhs: np.ndarray  # int64 ten digits, -1 missing
    nhs_valid: np.ndarray  # bool

    def __len__(self) -> int:
        return len(self.record_id)

    def take(self, index: np.ndarray) -> Records:
        return Records(**{f.name: getattr(self, f.name)[index] for f in fields(self)})


def _via_uniques(column: pd.Series, convert, dtype) -> np.ndarray:
    """Apply `convert` to each distinct raw value once and spread the results back."""
    codes, uniques = pd.factorize(column.astype("string").fillna(""), use_na_sentinel=False)
    converted = np.array([convert(v) for v in uniques], dtype=dtype)
    if len(converted) == 0:
        return np.zeros(len(column), dtype=dtype)
    return converted[codes]


def _dob_parts(value: object) -> tuple[int, int]:
    parsed = normalise.date_of_birth(value)
    if parsed is None:
        return 0, -1
    y, m, d = parsed
    return y * 10000 + m * 100 + d, dt.date(y, m, d).toordinal()


def nhs_columns(column: pd.Series) -> tuple[np.ndarray, np.ndarray]:
    """NHS numbers as int64 (-1 when not ten digits) and whether the check digit holds
    (modulus 11, as people.identifiers.nhs_number, vectorised)."""
    digits = column.astype("string").fillna("").str.replace(r"[\s\-]", "", regex=True)
    ok = digits.str.fullmatch(r"[0-9]{10}").fillna(False).to_numpy(dtype=bool)
    values = np.full(len(column), -1, dtype=np.int64)
    if ok.any():
        values[ok] = digits[ok].astype("int64").to_numpy()
    d = np.stack([(np.maximum(values, 0) // 10 ** (9 - k)) % 10 for k in range(10)], axis=1)
    check = 11 - (d[:, :9] * np.arange(10, 1, -1)).sum(axis=1) % 11
    check = np.where(check == 11, 0, check)
    same = (d == d[:, :1]).all(axis=1)
    valid = ok & (check != 10) & (check == d[:, 9]) & ~same
    return values, valid


def from_frame(frame: pd.DataFrame, vocab: Vocabulary) -> Records:
    """Records from a table with the dedupe input columns (missing columns count as empty)."""
    n = len(frame)

    def col(name: str) -> pd.Series:
        if name in frame.columns:
            return frame[name]
        return pd.Series([""] * n, index=frame.index, dtype="string")

    lex = vocab.names
    first = _via_uniques(col("first_name"), lambda v: lex.id(normalise.first_name(v)), np.int32)

    def surname_ids(value):
        full, parts = normalise.surname(value)
        p1 = lex.id(parts[0]) if parts else -1
        p2 = lex.id(parts[-1]) if parts else -1
        return lex.id(full), p1, p2

    sur = _via_uniques(col("surname"), surname_ids, np.int32).reshape(n, 3)
    dob = _via_uniques(col("dob"), _dob_parts, np.int32).reshape(n, 2)
    sex = _via_uniques(col("sex"), normalise.sex, np.int8)

    def postcode_ids(value):
        full, sector, district = normalise.postcode(value)
        return (
            vocab.postcodes.id(full),
            vocab.sectors.id(sector),
            vocab.districts.id(district),
        )

    pcs = _via_uniques(col("postcode"), postcode_ids, np.int32).reshape(n, 3)
    address = _via_uniques(
        col("address_line_1"), lambda v: vocab.address_id(normalise.address_line(v)), np.int32
    )

    nhs, nhs_valid = nhs_columns(col("nhs_number"))
    return Records(
        record_id=col("record_id").astype(str).to_numpy(dtype=object),
        first=first,
        surname=sur[:, 0].copy(),
        part1=sur[:, 1].copy(),
        part2=sur[:, 2].copy(),
        dob=dob[:, 0].copy(),
        dob_day=dob[:, 1].copy(),
        sex=sex,
        postcode=pcs[:, 0].copy(),
        sector=pcs[:, 1].copy(),
        district=pcs[:, 2].copy(),
        address=address,
        nhs=nhs,
        nhs_valid=nhs_valid,
    )


def _row_values(row: dict, vocab: Vocabulary) -> tuple:
    """One record's column values, in the order of _COLUMNS."""

    def get(key: str) -> str:
        value = row.get(key)
        return "" if value is None else str(value)

    lex = vocab.names
    full, parts = normalise.surname(get("surname"))
    dob, day = _dob_parts(get("dob"))
    pc, sector, district = normalise.postcode(get("postcode"))
    digits, valid = normalise.nhs_number(get("nhs_number"))
    return (
        get("record_id"),
        lex.id(normalise.first_name(get("first_name"))),
        lex.id(full),
        lex.id(parts[0]) if parts else -1,
        lex.id(parts[-1]) if parts else -1,
        dob,
        day,
        normalise.sex(get("sex")),
        vocab.postcodes.id(pc),
        vocab.sectors.id(sector),
        vocab.districts.id(district),
        vocab.address_id(normalise.address_line(get("address_line_1"))),
        int(digits) if digits else -1,
        valid,
    )


# Records' columns and their types, in the order _row_values gives them.
_COLUMNS = (
    ("record_id", object),
    ("first", np.int32),
    ("surname", np.int32),
    ("part1", np.int32),
    ("part2", np.int32),
    ("dob", np.int32),
    ("dob_day", np.int32),
    ("sex", np.int8),
    ("postcode", np.int32),
    ("sector", np.int32),
    ("district", np.int32),
    ("address", np.int32),
    ("nhs", np.int64),
    ("nhs_valid", bool),
)


def from_dicts(rows: list[dict], vocab: Vocabulary) -> Records:
    """Records from dicts of the input columns without pandas: the real-time path (each
    column built once, not one small array per record)."""
    values = [_row_values(row, vocab) for row in rows]
    columns = list(zip(*values, strict=True)) if values else [()] * len(_COLUMNS)
    return Records(
        **{
            name: np.array(column, dtype=dtype)
            for (name, dtype), column in zip(_COLUMNS, columns, strict=True)
        }
    )


def from_record(row: dict, vocab: Vocabulary) -> Records:
    """One record (a dict of the input columns)."""
    return from_dicts([row], vocab)


def read_csv(path) -> pd.DataFrame:
    """The dedupe input file, every column as text (empty cells are empty strings)."""
    frame = pd.read_csv(path, dtype=str, keep_default_na=False, na_values=[])
    frame.columns = [c.strip().lower() for c in frame.columns]
    missing = [c for c in ("record_id",) if c not in frame.columns]
    if missing:
        raise ValueError(f"the file has no {', '.join(missing)} column")
    return frame
