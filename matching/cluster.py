"""Clustering: connected components over the linked pairs, with guard rails.

A record with no date of birth must not chain a father to his same-named son, so a merge
that would put dates of birth years apart (or two different valid NHS numbers) in one
cluster is refused, unless the records involved carry the same NHS number (or one typed with
a slip). Links the NHS number vouches for are made first; once it has put two dates in one
person's cluster (a date typed wrong on one record), a further record with either date
brings nothing new and joins.
"""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd

from . import compare as cmp
from .records import Records


def _dob_conflict(a: int, b: int) -> bool:
    """Dates of birth of two different people: years apart and no typing slip between them.

    (Two records of one person may each carry a different slip, so a cluster tolerates
    dates a year or two apart; a father and son are decades apart.)
    """
    if a == 0 or b == 0 or a == b:
        return False
    da, db = _days(a, b)
    if abs(int(da[0]) - int(db[0])) <= 3 * 366:
        return False
    return cmp.dob_levels(np.array([a]), np.array([b]), da, db)[0] == cmp.D_DIFF


def _days(a: int, b: int):
    da = dt.date(a // 10000, (a // 100) % 100, a % 100).toordinal()
    db = dt.date(b // 10000, (b // 100) % 100, b % 100).toordinal()
    return np.array([da]), np.array([db])


def _same_number(a: int, b: int) -> bool:
    """The same NHS number, or one typed with a slip (a digit wrong, two neighbours swapped):
    the modulus 11 check digit catches every such slip, so two people's valid numbers never
    differ by one."""
    return a == b or cmp.nhs_levels(np.array([a]), np.array([b]))[0] in (
        cmp.N_TRANSPOSED,
        cmp.N_DIGIT,
    )


def _nhs_conflict(a: int, b: int, valid_a: bool, valid_b: bool) -> bool:
    if not (valid_a and valid_b) or a == b:
        return False
    return cmp.nhs_levels(np.array([a]), np.array([b]))[0] == cmp.N_DIFF


class _GuardedUnion:
    """Union-find over the records of risky components, refusing any merge that would put two
    records with conflicting dates of birth or NHS numbers in one cluster."""

    def __init__(self, recs: Records, n: int):
        self.parent = np.arange(n).tolist()
        self.members: dict[int, list[int]] = {}
        self.dob = recs.dob.tolist()
        self.nhs = recs.nhs.tolist()
        self.valid = recs.nhs_valid.tolist()

    def find(self, x: int) -> int:
        parent = self.parent
        root = x
        while parent[root] != root:
            root = parent[root]
        while parent[x] != root:
            parent[x], x = root, parent[x]
        return root

    def conflict(self, x: int, y: int, ma: list[int], mb: list[int]) -> bool:
        """Whether x (of cluster `ma`) and y (of `mb`) may not be one person's records."""
        dob, nhs, valid = self.dob, self.nhs, self.valid
        if nhs[x] >= 0 and nhs[y] >= 0 and _same_number(nhs[x], nhs[y]):
            return False  # the same NHS number is the same person, whatever else differs
        dates_conflict = dob[x] and dob[y] and dob[x] != dob[y] and _dob_conflict(dob[x], dob[y])
        if dates_conflict and not (
            self._holds(ma, x, dob[y])
            or self._holds(mb, y, dob[x])
            or self._one_number(x, y, ma, mb)
        ):
            return True
        return bool(nhs[x] != nhs[y] and _nhs_conflict(nhs[x], nhs[y], valid[x], valid[y]))

    def _one_number(self, x: int, y: int, ma: list[int], mb: list[int]) -> bool:
        """Whether x and y each carry a record's NHS number, or that number typed with a slip:
        one person's number, typed wrong on one of them (or both)."""
        nhs = self.nhs
        if nhs[x] < 0 or nhs[y] < 0:
            return False
        return any(
            nhs[z] >= 0 and _same_number(nhs[z], nhs[x]) and _same_number(nhs[z], nhs[y])
            for z in (*ma, *mb)
        )

    def _holds(self, members: list[int], x: int, date: int) -> bool:
        """Whether the cluster already holds `date` (give or take a slip) beside x's date,
        which conflicts with it: the NHS number put both in the person's cluster (one typed
        wrong), so a record with either brings no new conflict."""
        dob = self.dob
        return any(
            dob[z] and not _dob_conflict(dob[z], date) and _dob_conflict(dob[z], dob[x])
            for z in members
            if z != x
        )

    def union(self, a: int, b: int) -> bool:
        """Link a and b unless that brings conflicting records together; True if linked."""
        ra, rb = self.find(a), self.find(b)
        if ra == rb:
            return True
        ma = self.members.get(ra, [ra])
        mb = self.members.get(rb, [rb])
        if any(self.conflict(x, y, ma, mb) for x in ma for y in mb):
            return False
        if len(ma) < len(mb):
            ra, rb, ma, mb = rb, ra, mb, ma
        self.parent[rb] = ra
        self.members[ra] = ma + mb
        self.members.pop(rb, None)
        return True


def _ambiguous(recs: Records, i: np.ndarray, j: np.ndarray, sure: np.ndarray) -> np.ndarray:
    """A record with no date of birth that links to two people whose dates of birth conflict
    (a mother and daughter with one name at one address) cannot be placed: link neither.
    Two records the NHS number makes one person (one date typed wrong) are one person here
    too."""
    dob = recs.dob.tolist()
    person = components(len(recs), i[sure], j[sure])
    numbered = np.unique(np.concatenate([i[sure], j[sure]]))
    numbered = numbered[recs.dob[numbered] > 0]
    span = pd.DataFrame({"p": person[numbered], "d": recs.dob[numbered]}).groupby("p")["d"]
    several = span.transform("nunique").to_numpy() > 1  # the rare person with two dates
    held: set[tuple[int, int]] = set()  # pairs of dates the NHS number puts in one person's records
    for _, dates in pd.Series(recs.dob[numbered[several]]).groupby(person[numbered[several]]):
        values = sorted(set(dates.tolist()))
        held.update((p, q) for p in values for q in values if p < q)
    ambiguous = np.zeros(len(i), dtype=bool)
    partners: dict[int, list[int]] = {}
    settled = set(i[sure].tolist()) | set(j[sure].tolist())  # the NHS number decides
    for k in np.flatnonzero(((recs.dob[i] == 0) | (recs.dob[j] == 0)) & ~sure).tolist():
        a, b = int(i[k]), int(j[k])
        if dob[a] == 0:
            partners.setdefault(a, []).append(k)
        if dob[b] == 0:
            partners.setdefault(b, []).append(k)
    for x, ks in partners.items():
        if x in settled:
            continue
        dates = {dob[int(i[k])] if int(i[k]) != x else dob[int(j[k])] for k in ks} - {0}
        if any((p, q) not in held and _dob_conflict(p, q) for p in dates for q in dates if p < q):
            ambiguous[ks] = True
    return ambiguous | _between_numbers(recs, i, j)


def _between_numbers(recs: Records, i: np.ndarray, j: np.ndarray) -> np.ndarray:
    """A record with no NHS number that links to records carrying two different valid NHS
    numbers (two people: a slip never makes one valid number from another) is between two
    people, such as twins with names alike (Evelyn and Evie): link it to neither."""
    nhs, valid = recs.nhs, recs.nhs_valid
    out = np.zeros(len(i), dtype=bool)
    for x, y in ((i, j), (j, i)):
        one = np.flatnonzero((nhs[x] < 0) & valid[y])
        if not len(one):
            continue
        numbers = pd.DataFrame({"x": x[one], "n": nhs[y[one]]}).groupby("x")["n"].nunique()
        between = numbers.index[numbers.to_numpy() > 1].to_numpy()
        if len(between):
            out |= np.isin(i, between) | np.isin(j, between)
    return out


def cluster(
    recs: Records,
    i: np.ndarray,
    j: np.ndarray,
    weight: np.ndarray,
    sure: np.ndarray | None = None,
) -> tuple[np.ndarray, np.ndarray]:
    """Connected components over linked pairs, strongest first, refusing any merge that would
    put two records with conflicting dates of birth or NHS numbers in one cluster (a record
    with no date of birth must not chain a father to his son). `weight` orders the pairs
    (match weights: probabilities round to 1.0 for the strongest).

    Returns (cluster number per record, accepted mask over the pairs).
    """
    n = len(recs)
    accepted = np.zeros(len(i), dtype=bool)
    sure = np.zeros(len(i), dtype=bool) if sure is None else sure
    ambiguous = _ambiguous(recs, i, j, sure)
    # Fast path: components whose records cannot conflict (one date of birth give or take a
    # slip, at most one valid NHS number) are accepted whole; only the rest go edge by edge.
    usable = np.flatnonzero(~ambiguous)
    labels = components(n, i[usable], j[usable])
    comp = labels[i[usable]]
    risky = _risky_components(recs, labels)
    slow = usable[risky[comp]]
    fast = usable[~risky[comp]]
    accepted[fast] = True
    guarded = _GuardedUnion(recs, n)  # the slow path (risky components only)
    # The links the NHS number vouches for first (the same number, or one typed with a slip),
    # then the rest, strongest first.
    vouched = np.isin(
        cmp.nhs_levels(recs.nhs[i[slow]], recs.nhs[j[slow]]),
        (cmp.N_EXACT, cmp.N_TRANSPOSED, cmp.N_DIGIT),
    )
    for k in slow[np.lexsort((-weight[slow], ~vouched))].tolist():
        accepted[k] = guarded.union(int(i[k]), int(j[k]))
    roots = labels.copy()
    for x in np.flatnonzero(risky[labels]).tolist():
        roots[x] = guarded.find(x)
    _, numbers = np.unique(roots, return_inverse=True)
    return numbers + 1, accepted


def components(n: int, i: np.ndarray, j: np.ndarray) -> np.ndarray:
    """Connected components by label propagation: the smallest record index per component."""
    labels = np.arange(n)
    if len(i) == 0:
        return labels
    while True:
        low = np.minimum(labels[i], labels[j])
        before = labels.copy()
        np.minimum.at(labels, i, low)
        np.minimum.at(labels, j, low)
        while True:  # pointer jumping
            jumped = labels[labels]
            if np.array_equal(jumped, labels):
                break
            labels = jumped
        if np.array_equal(before, labels):
            return labels


def _risky_components(recs: Records, labels: np.ndarray) -> np.ndarray:
    """Per label: does the component hold dates of birth years apart or two valid NHS numbers?"""
    n = len(labels)
    day = recs.dob_day.astype(np.int64)
    has = day >= 0
    lo = np.full(n, np.iinfo(np.int64).max)
    hi = np.full(n, np.iinfo(np.int64).min)
    np.minimum.at(lo, labels[has], day[has])
    np.maximum.at(hi, labels[has], day[has])
    risky = (hi - lo) > 3 * 366
    # ... unless every record in it carries one and the same NHS number
    nhs = recs.nhs
    has_nhs = nhs >= 0
    first = np.full(n, -1, dtype=np.int64)
    first[labels[has_nhs]] = nhs[has_nhs]
    same_nhs = np.ones(n, dtype=bool)
    np.logical_and.at(same_nhs, labels, has_nhs & (nhs == first[labels]))
    risky &= ~same_nhs
    valid = recs.nhs_valid
    frame = pd.DataFrame({"c": labels[valid], "v": recs.nhs[valid]})
    distinct = frame.groupby("c")["v"].nunique()
    risky[distinct.index[distinct.to_numpy() > 1].to_numpy()] = True
    return risky
