"""Blocking: which pairs of records are compared at all.

Each pass groups records by a key made of a few cleaned fields (integer-encoded and hashed)
and proposes every pair inside a group; the passes are chosen so that any one error in a
duplicate (a misspelt or changed name, a date of birth with day and month swapped or a year
wrong, a house move, a missing value) still leaves at least one key in common. Groups larger
than the pass's cap are skipped (they carry no information at that key) and counted.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from .records import Records, Vocabulary

log = logging.getLogger(__name__)

_MUL = np.uint64(0xBF58476D1CE4E5B9)
_SEED = np.uint64(0x9E3779B97F4A7C15)


def hash_key(*columns: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(uint64 key, valid) from integer columns; a negative component makes the key invalid."""
    n = len(columns[0])
    valid = np.ones(n, dtype=bool)
    h = np.full(n, _SEED, dtype=np.uint64)
    with np.errstate(over="ignore"):
        for col in columns:
            valid &= col >= 0
            h = (h ^ (col.astype(np.int64).view(np.uint64) + _SEED)) * _MUL
            h ^= h >> np.uint64(31)
    return h, valid


@dataclass(frozen=True)
class Pass:
    name: str
    key: Callable[[Records, Vocabulary], tuple[np.ndarray, ...]]
    cap: int
    skip: tuple[int, ...]  # comparisons this key forces to agree (left out of EM)
    one_sided: bool = False  # only pairs with a record missing its date of birth


def _name_keys(r: Records, v: Vocabulary) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    lex = v.names
    key = np.where(r.first >= 0, lex.key.array[np.maximum(r.first, 0)], -1)
    init = np.where(r.first >= 0, lex.initial.array[np.maximum(r.first, 0)], -1)
    sur = np.where(r.surname >= 0, lex.sound.array[np.maximum(r.surname, 0)], -1)
    return key.astype(np.int64), sur.astype(np.int64), init.astype(np.int64)


def _dob_canonical(r: Records) -> np.ndarray:
    """Year with month and day in either order (catches day/month swaps); -1 missing."""
    y, m, d = r.dob // 10000, (r.dob // 100) % 100, r.dob % 100
    return np.where(r.dob > 0, y * 10000 + np.minimum(m, d) * 100 + np.maximum(m, d), -1)


def _year(r: Records) -> np.ndarray:
    return np.where(r.dob > 0, r.dob // 10000, -1)


def _birthday(r: Records) -> np.ndarray:
    return np.where(r.dob > 0, r.dob % 10000, -1)


def _nhs_transposable(r: Records, keep_head: bool) -> tuple[np.ndarray, np.ndarray]:
    """(first or last four digits, the digits in order): two numbers that differ by swapping
    two neighbouring digits share one of the two keys (the swap is in the other part)."""
    out = np.full(len(r), -1, dtype=np.int64)
    has = r.nhs >= 0
    if has.any():
        v = r.nhs[has]
        digits = np.stack([(v // 10**k) % 10 for k in range(10)], axis=1)
        digits.sort(axis=1)
        out[has] = (digits * (10 ** np.arange(9, -1, -1))).sum(axis=1)
    part = np.where(has, r.nhs // 10**6 if keep_head else r.nhs % 10**4, -1)
    return part, out


def _names_unordered(r: Records, v: Vocabulary) -> tuple[np.ndarray, np.ndarray]:
    key, sur, _ = _name_keys(r, v)
    return np.minimum(key, sur), np.maximum(key, sur)


# Comparison indices: 0 first name, 1 surname, 2 dob, 3 sex, 4 address, 5 NHS number.
PASSES: tuple[Pass, ...] = (
    Pass("nhs", lambda r, v: (r.nhs,), 50, (5,)),
    Pass("nhs_head", lambda r, v: _nhs_transposable(r, True), 50, (5,)),
    Pass("nhs_tail", lambda r, v: _nhs_transposable(r, False), 50, (5,)),
    Pass("dob_first", lambda r, v: (_dob_canonical(r), _name_keys(r, v)[0]), 200, (0, 2)),
    Pass("dob_surname", lambda r, v: (_dob_canonical(r), _name_keys(r, v)[1]), 200, (1, 2)),
    Pass("names_year", lambda r, v: (*_names_unordered(r, v), _year(r)), 200, (0, 1)),
    Pass("names_birthday", lambda r, v: (*_name_keys(r, v)[:2], _birthday(r)), 200, (0, 1)),
    Pass("postcode_initial", lambda r, v: (r.postcode, _name_keys(r, v)[2]), 200, (0, 4)),
    Pass("dob_district", lambda r, v: (_dob_canonical(r), r.district), 200, (2, 4)),
    Pass("names_no_dob", lambda r, v: _names_unordered(r, v), 300, (0, 1), one_sided=True),
    Pass(
        "names_district_no_dob",
        lambda r, v: (*_names_unordered(r, v), r.district),
        300,
        (0, 1),
        one_sided=True,
    ),
)
EM_PASSES = ("nhs", "dob_first", "dob_surname", "names_year", "postcode_initial")


def _sorted_groups(key: np.ndarray, valid: np.ndarray):
    idx = np.flatnonzero(valid)
    order = np.argsort(key[idx], kind="stable")
    idx = idx[order]
    k = key[idx]
    if len(k) == 0:
        return idx, np.zeros(0, np.int64), np.zeros(0, np.int64), np.zeros(0, np.int64)
    starts = np.flatnonzero(np.r_[True, k[1:] != k[:-1]])
    sizes = np.diff(np.r_[starts, len(k)])
    group_of = np.repeat(np.arange(len(starts)), sizes)
    return idx, starts, sizes, group_of


def pairs_within(key: np.ndarray, valid: np.ndarray, cap: int) -> tuple[np.ndarray, np.ndarray]:
    """Every pair of records sharing a key, skipping groups larger than `cap`."""
    idx, starts, sizes, _ = _sorted_groups(key, valid)
    out_i, out_j = [], []
    for size in np.unique(sizes):
        if size < 2 or size > cap:
            continue
        st = starts[sizes == size]
        a, b = np.triu_indices(int(size), 1)
        out_i.append(idx[(st[:, None] + a[None, :]).ravel()])
        out_j.append(idx[(st[:, None] + b[None, :]).ravel()])
    skipped = int(sizes[sizes > cap].sum()) if len(sizes) else 0
    if skipped:
        log.debug("blocking: %d records in groups over %d skipped", skipped, cap)
    if not out_i:
        return np.zeros(0, np.int64), np.zeros(0, np.int64)
    return np.concatenate(out_i), np.concatenate(out_j)


def pairs_one_sided(
    key: np.ndarray, valid: np.ndarray, left: np.ndarray, cap: int
) -> tuple[np.ndarray, np.ndarray]:
    """Pairs sharing a key where at least one record is in the `left` mask."""
    idx, starts, sizes, group_of = _sorted_groups(key, valid)
    pos = np.flatnonzero(left[idx])
    if len(pos) == 0:
        return np.zeros(0, np.int64), np.zeros(0, np.int64)
    g = group_of[pos]
    keep = (sizes[g] >= 2) & (sizes[g] <= cap)
    pos, g = pos[keep], g[keep]
    reps = sizes[g]
    total = int(reps.sum())
    first = np.repeat(pos, reps)
    offsets = np.arange(total) - np.repeat(np.cumsum(reps) - reps, reps)
    partner = np.repeat(starts[g], reps) + offsets
    ok = partner != first
    return idx[first[ok]], idx[partner[ok]]


@dataclass
class Candidates:
    i: np.ndarray  # int64, i < j
    j: np.ndarray
    passes: np.ndarray  # uint16 bit mask of the passes that proposed the pair


def candidates(records: Records, vocab: Vocabulary) -> Candidates:
    n = len(records)
    keys, bits = [], []
    no_dob = records.dob == 0
    for bit, p in enumerate(PASSES):
        key, valid = hash_key(*p.key(records, vocab))
        if p.one_sided:
            a, b = pairs_one_sided(key, valid, no_dob, p.cap)
        else:
            a, b = pairs_within(key, valid, p.cap)
        lo, hi = np.minimum(a, b), np.maximum(a, b)
        keys.append(lo * n + hi)
        bits.append(np.full(len(lo), 1 << bit, dtype=np.uint16))
        log.info("blocking pass %-16s %10d pairs", p.name, len(lo))
    allkeys = np.concatenate(keys) if keys else np.zeros(0, np.int64)
    allbits = np.concatenate(bits) if bits else np.zeros(0, np.uint16)
    del keys, bits
    order = np.argsort(allkeys, kind="stable")
    allkeys, allbits = allkeys[order], allbits[order]
    if len(allkeys):
        starts = np.flatnonzero(np.r_[True, allkeys[1:] != allkeys[:-1]])
        uniq = allkeys[starts]
        mask = np.bitwise_or.reduceat(allbits, starts)
    else:
        uniq, mask = allkeys, allbits
    log.info("blocking: %d distinct candidate pairs", len(uniq))
    return Candidates(i=uniq // max(n, 1), j=uniq % max(n, 1), passes=mask)


class KeyIndex:
    """Sorted keys of one pass over a register, for real-time look-ups."""

    def __init__(self, key: np.ndarray, valid: np.ndarray):
        idx = np.flatnonzero(valid)
        order = np.argsort(key[idx], kind="stable")
        self.rows = idx[order]
        self.keys = key[idx][order]

    def lookup(self, key: np.uint64, cap: int) -> np.ndarray:
        lo = np.searchsorted(self.keys, key, side="left")
        hi = np.searchsorted(self.keys, key, side="right")
        return self.rows[lo : min(hi, lo + cap)]
