"""Records as columns of integers: the form every other part of the engine works on.

`Vocabulary` turns strings into ids (names through the `Lexicon`, postcodes, sectors,
districts, address lines) and is shared by a register and the queries against it, so an id
means the same thing on both sides. `Records` holds one numpy array per field.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, fields
from typing import Any

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
        # Raw values already turned into ids, per column (`from_columns`): a vocabulary kept
        # for a whole bulk link cleans each name, date, postcode and address once.
        # (and whatever else a user of the vocabulary keeps by its ids: `register_many`)
        self.cleaned: dict[str, Any] = {}

    def size(self) -> int:
        """How many values it holds (a long-lived one is replaced when it grows large)."""
        kept = sum(len(memo) for memo in self.cleaned.values())
        return kept + len(self.names.names) + len(self.addresses.values)

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


def _mapped(values: list[str], convert, dtype, memo: dict, width: int = 0) -> np.ndarray:
    """`convert` of each value as an array, each distinct value converted once and kept in
    `memo` (a batch's candidates share names, dates, postcodes and addresses)."""
    if not values:
        return np.zeros((0, width) if width else 0, dtype=dtype)
    codes, uniques = pd.factorize(np.array(values, dtype=object), use_na_sentinel=False)
    table = []
    for v in uniques:
        found = memo.get(v)
        if found is None:
            found = memo[v] = convert(v)
        table.append(found)
    return np.array(table, dtype=dtype)[codes]


def from_columns(
    vocab: Vocabulary,
    *,
    record_id: list[str],
    first_name: list[str],
    surname: list[str],
    dob: list[str],
    sex: list[str],
    postcode: list[str],
    address_line_1: list[str],
    nhs_number: list[str],
) -> Records:
    """Records from one list of text per input column ("" for a missing value), each distinct
    value cleaned once: the real-time and bulk register paths (`from_dicts`, `find_many`)."""
    n = len(record_id)
    lex = vocab.names

    def surname_ids(value: str) -> tuple[int, int, int]:
        full, parts = normalise.surname(value)
        return lex.id(full), lex.id(parts[0]) if parts else -1, lex.id(parts[-1]) if parts else -1

    def postcode_ids(value: str) -> tuple[int, int, int]:
        full, sector, district = normalise.postcode(value)
        return vocab.postcodes.id(full), vocab.sectors.id(sector), vocab.districts.id(district)

    def nhs_values(value: str) -> tuple[int, bool]:
        digits, valid = normalise.nhs_number(value)
        return int(digits) if digits else -1, valid

    memo = vocab.cleaned
    first = _mapped(
        first_name,
        lambda v: lex.id(normalise.first_name(v)),
        np.int32,
        memo.setdefault("first_name", {}),
    )
    sur = _mapped(surname, surname_ids, np.int32, memo.setdefault("surname", {}), 3)
    born = _mapped(dob, _dob_parts, np.int32, memo.setdefault("dob", {}), 2)
    pcs = _mapped(postcode, postcode_ids, np.int32, memo.setdefault("postcode", {}), 3)
    address = _mapped(
        address_line_1,
        lambda v: vocab.address_id(normalise.address_line(v)),
        np.int32,
        memo.setdefault("address_line_1", {}),
    )
    nhs = [nhs_values(v) for v in nhs_number]
    return Records(
        record_id=np.array(record_id, dtype=object) if n else np.zeros(0, dtype=object),
        first=first,
        surname=sur[:, 0].copy(),
        part1=sur[:, 1].copy(),
        part2=sur[:, 2].copy(),
        dob=born[:, 0].copy(),
        dob_day=born[:, 1].copy(),
        sex=_mapped(sex, normalise.sex, np.int8, memo.setdefault("sex", {})),
        postcode=pcs[:, 0].copy(),
        sector=pcs[:, 1].copy(),
        district=pcs[:, 2].copy(),
        address=address,
        nhs=np.array([v for v, _ok in nhs], dtype=np.int64),
        nhs_valid=np.array([ok for _v, ok in nhs], dtype=bool),
    )


# The dedupe contract's columns that describe the person (not where the record came from).
_INPUT = tuple(c for c in normalise.COLUMNS if c != "source_system")


def from_dicts(rows: list[dict], vocab: Vocabulary) -> Records:
    """Records from dicts of the input columns without pandas (`from_columns`)."""

    def column(key: str) -> list[str]:
        return ["" if (v := row.get(key)) is None else str(v) for row in rows]

    return from_columns(vocab, **{key: column(key) for key in _INPUT})


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
