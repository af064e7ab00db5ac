"""Comparison levels for pairs of records, vectorised over numpy arrays of pair indices.

Each comparison turns a pair into a small level (0 always means "missing on one side": no
evidence either way). The model gives every level a weight; `explain` turns levels back into
words. Household guard rails (twins, junior/senior) are flags computed here too.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
from rapidfuzz import process
from rapidfuzz.distance import JaroWinkler

from . import names as nm
from .records import Records, Vocabulary

# Date of birth levels.
D_NULL, D_EXACT, D_SWAP, D_TYPO, D_YEAR, D_NEAR, D_DIFF = range(7)
# Sex levels.
X_NULL, X_SAME, X_DIFF = range(3)
# Address levels (postcode and first address line together: they are not independent).
A_NULL, A_SAME, A_POSTCODE, A_STREET, A_SECTOR, A_DISTRICT, A_DIFF = range(7)
# NHS number levels.
N_NULL, N_EXACT, N_TRANSPOSED, N_DIGIT, N_DIFF = range(5)

COMPARISONS = ("first_name", "surname", "dob", "sex", "address", "nhs_number")
SIZES = (8, 7, 7, 3, 7, 5)
ADDRESS_JW = 0.88
YEAR_SLIP = 10  # years: a digit of the year typed wrong (2015 for 2005), not a generation


def _flag(method: Callable[[Levels], np.ndarray]) -> Callable[[Levels], np.ndarray]:
    """A flag of the pairs worked out once per Levels: describing a match asks for the same
    flags many times over, and levels are never changed once made."""
    name = method.__name__

    @functools.wraps(method)
    def flag(self: Levels) -> np.ndarray:
        memo = self.__dict__.setdefault("_flags", {})
        found = memo.get(name)
        if found is None:
            found = memo[name] = method(self)
        return found

    return flag


@dataclass
class Levels:
    first: np.ndarray
    surname: np.ndarray
    dob: np.ndarray
    sex: np.ndarray
    address: np.ndarray
    nhs: np.ndarray
    swapped: np.ndarray  # first name and surname the other way round
    nhs_valid: np.ndarray  # both NHS numbers present and valid (modulus 11)
    first_doubt: np.ndarray  # names.DOUBT_*: a clash or a near miss the level does not say

    def matrix(self) -> list[np.ndarray]:
        return [self.first, self.surname, self.dob, self.sex, self.address, self.nhs]

    def pattern(self) -> np.ndarray:
        pid = np.zeros(len(self.first), dtype=np.int32)
        for levels, size in zip(self.matrix(), SIZES, strict=True):
            pid = pid * size + levels
        return pid

    def _without_nhs(self) -> np.ndarray:
        """No NHS number on one side, or two that differ by more than a typing slip."""
        return (self.nhs == N_NULL) | (self.nhs == N_DIFF)

    def _doubt(self) -> np.ndarray:
        return self.first_doubt & np.int8(~nm.KNOWN)

    @_flag
    def both_known(self) -> np.ndarray:
        """Two different first names, both in common use (given_names.csv)."""
        return (self.first_doubt & nm.KNOWN) > 0

    @_flag
    def plainly_different_first(self) -> np.ndarray:
        """First names of two people: different, or names in common use that only look or
        sound a little alike (Leo and Louie, Harry and Harvey); not a near miss."""
        doubt = self._doubt()
        return ((self.first == nm.F_DIFF) & (doubt != nm.DOUBT_NEAR)) | (doubt == nm.DOUBT_CLASH)

    @_flag
    def vetoed(self) -> np.ndarray:
        """Household guard rails: never link on these without the same NHS number (or one
        that differs only by a typing slip).

        A first name that is plainly different (twins, siblings, parent and child), dates of
        birth that no typing slip explains (a same-named father and son), a different sex
        with a first name that is not the same (Oliver and Olivia, Charlotte and Charlie: boy
        and girl twins), or two different valid NHS numbers (each person has one)
        rule a link out.
        """
        return (
            self.plainly_different_first()
            | (self.dob == D_DIFF)
            | ((self.sex == X_DIFF) & (self.first > nm.F_EXACT) & ~self._typed_slip())
            | ((self.nhs == N_DIFF) & self.nhs_valid)
        ) & self._without_nhs()

    @_flag
    def doubtful(self) -> np.ndarray:
        """Near misses (`names._doubts`): first names one slip apart where the slip could have
        made another person's name (Aan and Ana, Ava and Eva). Never linked without the same
        NHS number; the register path offers them for review ("possible")."""
        return (self._doubt() == nm.DOUBT_NEAR) & self._without_nhs() & ~self.vetoed()

    @_flag
    def _typed_slip(self) -> np.ndarray:
        """A first name typed with a slip (spelt or sounding close, one of the two not a name
        in common use): a record with this and the sex typed wrong is still the person, where
        two names in common use with different sexes are a boy and a girl (Louis and Louise)."""
        close = (self.first == nm.F_CLOSE) | (self.first == nm.F_SOUND)
        return close & ~self.both_known() & (self._doubt() != nm.DOUBT_CLASH)

    @_flag
    def unlinked(self) -> np.ndarray:
        """Pairs the batch engine (`engine.dedupe`, which has no one to ask) never links,
        whatever their probability: the vetoed, and near misses whose names are otherwise
        different or both in common use (Aan and Ana, Lee and Leo; Jak and Jack, alike in
        spelling, it links as before)."""
        near = self.doubtful() & ((self.first == nm.F_DIFF) | self.both_known())
        return self.vetoed() | near


def decode_patterns() -> np.ndarray:
    """Level matrix (patterns x comparisons) for every pattern id."""
    total = int(np.prod(SIZES))
    pid = np.arange(total)
    out = np.zeros((total, len(SIZES)), dtype=np.int8)
    for k in range(len(SIZES) - 1, -1, -1):
        out[:, k] = pid % SIZES[k]
        pid = pid // SIZES[k]
    return out


def _surname_to_first_scale(level: np.ndarray) -> np.ndarray:
    table = np.array(
        [
            nm.S_NULL,
            nm.S_EXACT,
            nm.S_CLOSE,
            nm.S_CLOSE,
            nm.S_SOUND,
            nm.S_FUZZY,
            nm.S_DIFF,
            nm.S_DIFF,
        ],
        dtype=np.int8,
    )
    return table[level]


def _names(vocab: Vocabulary, a: Records, ia, b: Records, ib, swaps: bool = True):
    lex = vocab.names
    first, doubt = nm.first_name_compare(lex, a.first[ia], b.first[ib])
    sur = nm.surname_levels(lex, a.surname[ia], b.surname[ib])
    # Double-barrelled or partly changed surname: one side's part equals the other's.
    weak = np.flatnonzero(sur >= nm.S_FUZZY)
    if len(weak):
        sa, sb = a.surname[ia[weak]], b.surname[ib[weak]]
        a1, a2 = a.part1[ia[weak]], a.part2[ia[weak]]
        b1, b2 = b.part1[ib[weak]], b.part2[ib[weak]]

        def same(x, y):
            return (x == y) & (x >= 0)

        part = same(sa, b1) | same(sa, b2) | same(sb, a1) | same(sb, a2)
        part |= same(a1, b1) | same(a1, b2) | same(a2, b1) | same(a2, b2)
        sur[weak[part]] = nm.S_PART
    # First name and surname the other way round.
    swapped = np.zeros(len(ia), dtype=bool)
    cand = np.flatnonzero(
        swaps
        & (first >= nm.F_FUZZY)
        & (sur >= nm.S_FUZZY)
        & (a.first[ia] >= 0)
        & (b.first[ib] >= 0)
    )
    cand = cand[(a.surname[ia[cand]] >= 0) & (b.surname[ib[cand]] >= 0)]
    if len(cand):
        x1 = nm.first_name_levels(lex, a.first[ia[cand]], b.surname[ib[cand]])
        x2 = nm.first_name_levels(lex, a.surname[ia[cand]], b.first[ib[cand]])
        good = (x1 >= nm.F_EXACT) & (x1 <= nm.F_SOUND) & (x2 >= nm.F_EXACT) & (x2 <= nm.F_FUZZY)
        ok = good | (
            (x2 >= nm.F_EXACT) & (x2 <= nm.F_SOUND) & (x1 >= nm.F_EXACT) & (x1 <= nm.F_FUZZY)
        )
        hit = cand[ok]
        first[hit] = x1[ok]
        sur[hit] = _surname_to_first_scale(x2[ok])
        swapped[hit] = True
        doubt[hit] = nm.DOUBT_NONE
    return first, sur, swapped, doubt


def _digits(values: np.ndarray, count: int) -> np.ndarray:
    out = np.empty((len(values), count), dtype=np.int8)
    v = values.astype(np.int64)
    for k in range(count - 1, -1, -1):
        out[:, k] = v % 10
        v = v // 10
    return out


def dob_levels(da: np.ndarray, db: np.ndarray, day_a: np.ndarray, day_b: np.ndarray):
    out = np.full(len(da), D_DIFF, dtype=np.int8)
    null = (da == 0) | (db == 0)
    out[null] = D_NULL
    out[(da == db) & ~null] = D_EXACT
    rest = np.flatnonzero((da != db) & ~null)
    if len(rest):
        a, b = da[rest], db[rest]
        ya, yb = a // 10000, b // 10000
        ma, mb = (a // 100) % 100, (b // 100) % 100
        dd_a, dd_b = a % 100, b % 100
        xa, xb = _digits(a, 8), _digits(b, 8)
        diff = xa != xb
        mmdd_ham = diff[:, 4:].sum(axis=1)
        year_ham = diff[:, :4].sum(axis=1)
        same_year = ya == yb
        same_mmdd = (ma == mb) & (dd_a == dd_b)
        trans_day = (ma == mb) & (xa[:, 6] == xb[:, 7]) & (xa[:, 7] == xb[:, 6])
        trans_month = (dd_a == dd_b) & (xa[:, 4] == xb[:, 5]) & (xa[:, 5] == xb[:, 4])
        lvl = np.full(len(rest), D_DIFF, dtype=np.int8)
        near = np.abs(day_a[rest] - day_b[rest]) <= 31
        lvl[near] = D_NEAR
        # A slip in the year, never a generation apart (a same-named parent born 2001 and
        # child born 2021 differ in one digit of the year).
        slip = (np.abs(ya - yb) == 1) | ((year_ham == 1) & (np.abs(ya - yb) <= YEAR_SLIP))
        lvl[same_mmdd & slip] = D_YEAR
        lvl[same_year & ((mmdd_ham == 1) | trans_day | trans_month)] = D_TYPO
        lvl[same_year & (ma == dd_b) & (dd_a == mb)] = D_SWAP
        out[rest] = lvl
    return out


def _address_similar(vocab: Vocabulary, aa: np.ndarray, ab: np.ndarray) -> np.ndarray:
    """Whether two address lines (ids, both present) look like the same address."""
    same = aa == ab
    rest = np.flatnonzero(~same)
    if len(rest):
        ua, ub, inv = nm.unique_pairs(aa[rest], ab[rest])
        values = vocab.address_text.array
        jw = process.cpdist(
            values[ua],
            values[ub],
            scorer=JaroWinkler.normalized_similarity,
            workers=nm.workers(len(ua)),
            dtype=np.float32,
        )
        house = vocab.house.array
        ha, hb = house[ua], house[ub]
        ok = (jw >= ADDRESS_JW) & ((ha == hb) | (ha < 0) | (hb < 0))
        same[rest] = ok[inv]
    return same


def address_levels(vocab: Vocabulary, a: Records, ia, b: Records, ib) -> np.ndarray:
    pa, pb = a.postcode[ia], b.postcode[ib]
    aa, ab = a.address[ia], b.address[ib]
    out = np.full(len(ia), A_DIFF, dtype=np.int8)
    both_pc = (pa >= 0) & (pb >= 0)
    both_ad = (aa >= 0) & (ab >= 0)
    similar = np.zeros(len(ia), dtype=bool)
    idx = np.flatnonzero(both_ad)
    if len(idx):
        similar[idx] = _address_similar(vocab, aa[idx], ab[idx])
    out[~both_pc] = A_NULL
    out[~both_pc & similar] = A_STREET
    sa, sb = a.sector[ia], b.sector[ib]
    da, db = a.district[ia], b.district[ib]
    out[both_pc & (da == db) & (da >= 0)] = A_DISTRICT
    out[both_pc & (sa == sb) & (sa >= 0)] = A_SECTOR
    out[both_pc & (pa != pb) & similar] = A_STREET
    same_pc = both_pc & (pa == pb)
    out[same_pc] = A_POSTCODE
    out[same_pc & (similar | ~both_ad)] = A_SAME
    return out


def nhs_levels(na: np.ndarray, nb: np.ndarray) -> np.ndarray:
    out = np.full(len(na), N_DIFF, dtype=np.int8)
    null = (na < 0) | (nb < 0)
    out[null] = N_NULL
    out[(na == nb) & ~null] = N_EXACT
    rest = np.flatnonzero((na != nb) & ~null)
    if len(rest):
        xa, xb = _digits(na[rest], 10), _digits(nb[rest], 10)
        diff = xa != xb
        ham = diff.sum(axis=1)
        trans = np.zeros(len(rest), dtype=bool)
        for k in range(9):
            trans |= (
                diff[:, k]
                & diff[:, k + 1]
                & (xa[:, k] == xb[:, k + 1])
                & (xa[:, k + 1] == xb[:, k])
            )
        lvl = np.full(len(rest), N_DIFF, dtype=np.int8)
        lvl[ham == 1] = N_DIGIT
        lvl[(ham == 2) & trans] = N_TRANSPOSED
        out[rest] = lvl
    return out


def sex_levels(sa: np.ndarray, sb: np.ndarray) -> np.ndarray:
    out = np.where(sa == sb, X_SAME, X_DIFF).astype(np.int8)
    out[(sa == 0) | (sb == 0)] = X_NULL
    return out


def compare(
    vocab: Vocabulary,
    a: Records,
    ia: np.ndarray,
    b: Records,
    ib: np.ndarray,
    *,
    swaps: bool = True,
) -> Levels:
    """Levels for the pairs (a[ia[k]], b[ib[k]]); `swaps` looks for swapped names."""
    ia = np.asarray(ia, dtype=np.int64)
    ib = np.asarray(ib, dtype=np.int64)
    first, sur, swapped, doubt = _names(vocab, a, ia, b, ib, swaps)
    dob = dob_levels(a.dob[ia], b.dob[ib], a.dob_day[ia], b.dob_day[ib])
    address = address_levels(vocab, a, ia, b, ib)
    return Levels(
        first=first,
        surname=sur,
        dob=dob,
        sex=sex_levels(a.sex[ia], b.sex[ib]),
        address=address,
        nhs=nhs_levels(a.nhs[ia], b.nhs[ib]),
        swapped=swapped,
        nhs_valid=a.nhs_valid[ia] & b.nhs_valid[ib],
        first_doubt=doubt,
    )
