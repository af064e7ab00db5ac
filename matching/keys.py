"""Stable blocking keys: the passes of `blocking.PASSES`, computed from the cleaned strings
(not from a `Vocabulary`'s ids, which differ between processes) and hashed with BLAKE2b to a
signed 63-bit integer, so they can be stored on each person (`PersonKey`) and looked up with
one indexed query.

Two records share a key of a pass here exactly when they share that pass's key in
`blocking` (tests/test_keys.py checks this on generated records); the one-sided passes (names
for records without a date of birth) get a second key, "…:left", on the records that have no
date of birth, as `engine.Index` keeps a second index for them.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from functools import lru_cache

from . import names as nm
from . import normalise
from .blocking import PASSES

# Short codes of the passes, in blocking order; the ":left" variants of the one-sided passes
# follow. Stored on each key row (for reading the table), also part of the hashed text.
CODES: dict[str, int] = {p.name: k for k, p in enumerate(PASSES)}
for _p in PASSES:
    if _p.one_sided:
        CODES[_p.name + ":left"] = len(CODES)
CAPS: dict[str, int] = {p.name: p.cap for p in PASSES} | {
    p.name + ":left": p.cap for p in PASSES if p.one_sided
}
_MASK = (1 << 63) - 1


def stable_hash(*parts: str) -> int:
    """A signed 63-bit integer (fits a BigInteger column) from the joined text."""
    digest = hashlib.blake2b("|".join(parts).encode(), digest_size=8).digest()
    return int.from_bytes(digest, "big") & _MASK


@dataclass(frozen=True)
class Clean:
    """The values the blocking keys are made of, cleaned as `records.from_record` does."""

    first_key: str  # sound of the formal first name (Kate -> Catherine)
    initial: str  # first letter of the formal first name
    surname_sound: str
    dob: tuple[int, int, int] | None
    postcode: str
    district: str
    nhs: str  # ten digits or empty (validity does not matter for blocking)

    @classmethod
    def of(cls, record: dict) -> Clean:
        def get(key: str) -> str:
            value = record.get(key)
            return "" if value is None else str(value)

        first_key, initial = _first_name(get("first_name"))
        pc, _sector, district = normalise.postcode(get("postcode"))
        nhs = get("nhs_number")
        if not (len(nhs) == 10 and nhs.isascii() and nhs.isdigit()):  # (most are already)
            nhs, _valid = normalise.nhs_number(nhs)
        return cls(
            first_key=first_key,
            initial=initial,
            surname_sound=_surname_sound(get("surname")),
            dob=normalise.date_of_birth(get("dob")),
            postcode=pc,
            district=district,
            nhs=nhs,
        )


# Names repeat enormously in a register (a million people share some tens of thousands of
# names), so each name is cleaned once: reindexing spent half its time here.
@lru_cache(maxsize=200_000)
def _first_name(value: str) -> tuple[str, str]:
    """(sound of the formal first name, its first letter or "#") of a typed first name."""
    first = normalise.first_name(value)
    formal = nm.formal_name(first) if first else ""
    if not formal:
        return "", ""
    return nm.sound(formal), formal[0] if formal[:1].isalpha() else "#"


@lru_cache(maxsize=200_000)
def _surname_sound(value: str) -> str:
    full, _parts = normalise.surname(value)
    return nm.sound(full) if full else ""


def _present(values: tuple[str, ...]) -> tuple[str, ...] | None:
    """A pass's values, or None when one of them is missing (the record is not in it)."""
    return values if all(values) else None


def _table(c: Clean) -> dict[str, tuple[str, ...]]:
    """Every pass's cleaned values, built once per record (reindexing a million people
    spent most of its time rebuilding this for each pass)."""
    dob = c.dob
    canonical = f"{dob[0]}-{min(dob[1], dob[2])}-{max(dob[1], dob[2])}" if dob else ""
    names = tuple(sorted((c.first_key, c.surname_sound)))
    sorted_nhs = "".join(sorted(c.nhs))
    table: dict[str, tuple[str, ...]] = {
        "nhs": (c.nhs,),
        "nhs_head": (c.nhs[:4], sorted_nhs) if c.nhs else ("",),
        "nhs_tail": (c.nhs[-4:], sorted_nhs) if c.nhs else ("",),
        "dob_first": (canonical, c.first_key),
        "dob_surname": (canonical, c.surname_sound),
        "names_year": (*names, str(dob[0]) if dob else ""),
        "names_birthday": (c.first_key, c.surname_sound, f"{dob[1]}-{dob[2]}" if dob else ""),
        "postcode_initial": (c.postcode, c.initial),
        "dob_district": (canonical, c.district),
        "names_no_dob": names,
        "names_district_no_dob": (*names, c.district),
    }
    return table


def _fields(record: dict) -> tuple[str, str, str, str, str]:
    """The values the keys are made of (`Clean.of` reads nothing else), as text."""
    get = record.get  # (a list made into a tuple: quicker than a generator, asked per row)
    return tuple(["" if (v := get(k)) is None else str(v) for k in _KEY_FIELDS])  # type: ignore[return-value]


_KEY_FIELDS = ("first_name", "surname", "dob", "postcode", "nhs_number")


def keys_for(record: dict, *, address: bool = True) -> list[tuple[int, int]]:
    """(pass code, key) for every pass a register record takes part in.

    `address=False` leaves out the address passes (a confidential address never places
    anyone)."""
    first, surname, dob, postcode, nhs = _fields(record)
    return list(_keys(first, surname, dob, postcode if address else "", nhs)[0])


def query_keys(record: dict) -> list[tuple[str, int]]:
    """(pass name, key) to look up for a query: a query with a date of birth meets the
    one-sided passes only among records without one (the ":left" keys)."""
    return list(_keys(*_fields(record))[1])


# A bulk link asks for each row's keys several times (the batch's order, the look-up, the new
# person's keys): both kinds are worked out once, from one cleaning.
@lru_cache(maxsize=20_000)
def _keys(*values: str) -> tuple[tuple[tuple[int, int], ...], tuple[tuple[str, int], ...]]:
    """(`keys_for`, `query_keys`) of these values (`_KEY_FIELDS`)."""
    c = Clean.of(dict(zip(_KEY_FIELDS, values, strict=True)))
    table = _table(c)
    stored: list[tuple[int, int]] = []
    asked: list[tuple[str, int]] = []
    for p in PASSES:
        present = _present(table[p.name])
        if present is None:
            continue
        key = stable_hash(p.name, *present)
        stored.append((CODES[p.name], key))
        if p.one_sided:
            left = p.name + ":left"
            left_key = stable_hash(left, *present)
            if c.dob is None:
                stored.append((CODES[left], left_key))
                asked.append((p.name, key))
            else:
                asked.append((left, left_key))
        else:
            asked.append((p.name, key))
    return tuple(stored), tuple(asked)
