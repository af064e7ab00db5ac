"""`find_many`: `register.find` for a whole batch of records at once (bulk linkage).

The same look-ups as `find`, set-based: one query for the blocking keys of every record of
the batch (`lookups.lookup_keys`), one for their UPNs, the register rows of every candidate in
one go (`register.register_rows`, made into the engine's records column by column, each
distinct value cleaned once), then one scoring call for every (reading, candidate) pair of the
batch (`register._score`) and `find`'s own judgement of each record (`register._judge`: the
UPN, the guard rail without a date of birth, the order, the reasons) over the candidates that
may be listed. So each record's matches are those `find` gives it on its own (matching/tests/
test_register_many.py checks this on a constructed register).

No searcher's scope (a bulk link chooses among the whole register; people merged into someone
else have no keys and no rows, so they are never candidates). A record with one name alone and
no date of birth, or a postcode and no name, is looked up as `find` does, on its own: a bulk
extract has almost none.
"""

from __future__ import annotations

import dataclasses
from collections import defaultdict

import numpy as np
from django.db import connection

from familyhub import bulk
from people.identifiers import upn as upn_id

from . import lookups
from . import model as mdl
from .records import Records, Vocabulary, from_columns, from_dicts
from .register import (
    _VALUES,
    NAME_CAP,
    RegisterMatch,
    _clean_query,
    _judge,
    _other_candidates,
    _readings,
    _record,
    _score,
    _stack,
    model_for,
    register_rows,
    register_size,
)

ROWS_CHUNK = 5_000  # candidates per register-rows query (SQLite's limit on parameters)


def _alone(readings: list[dict], query: dict) -> bool:
    """The look-ups no blocking key covers and no batch query does: one name alone without a
    date of birth, or a postcode without a name (`register._other_candidates`)."""
    names = any(r.get("first_name") or r.get("surname") for r in readings)
    one_name = any(
        bool(r.get("first_name")) != bool(r.get("surname")) and not r.get("dob") for r in readings
    )
    return one_name or bool(query.get("postcode") and not names)


def _candidates(queries: list[dict], readings: list[list[dict]]) -> list[set[int]]:
    """Each record's candidates, as `find` finds them without a scope."""
    caps = [lookups.query_caps(r) if q else {} for q, r in zip(queries, readings, strict=True)]
    every: dict[int, int] = {}
    for keys in caps:
        for key, cap in keys.items():
            every[key] = max(every.get(key, 0), cap)
    holders: dict[int, list[int]] = defaultdict(list)
    for key, person_id in lookups.lookup_keys(every):
        holders[key].append(person_id)
    found = []
    for keys in caps:
        mine: set[int] = set()
        for key, cap in keys.items():
            held = holders.get(key)
            if held:  # (a key belongs to one pass: its group was read up to that pass's cap)
                mine.update(held if len(held) <= cap else held[:cap])
        found.append(mine)
    upns: dict[int, str] = {}
    for i, (query, reading) in enumerate(zip(queries, readings, strict=True)):
        if not query:
            continue
        if _alone(reading, query):
            found[i] |= _other_candidates(reading, query)
        elif query.get("upn"):
            upns[i] = upn_id.normalise(query["upn"])
    if upns:
        pupils = _pupils(set(upns.values()))
        for i, upn in upns.items():
            found[i] |= set(pupils.get(upn, ())[:NAME_CAP])
    return found


def _pupils(upns: set[str]) -> dict[str, list[int]]:
    """The people holding each of these UPNs, by id, in one query: plain SQL with the UPNs
    as one array on PostgreSQL (`bulk.among`; a queryset's `__in` prepared each of a
    batch's five hundred or so in turn: 4 ms of CPU a batch, 1.6 ms so)."""
    from people.models import Person

    among, params = bulk.among(sorted(upns))
    table = connection.ops.quote_name(Person._meta.db_table)
    pupils: dict[str, list[int]] = defaultdict(list)
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT upn, id FROM {table} WHERE upn {among} ORDER BY id",  # noqa: S608
            params,
        )
        for upn, pid in cursor.fetchall():
            pupils[upn].append(pid)
    return pupils


class _Seen:
    """Register rows already made into records with a vocabulary (whose ids they hold): a bulk
    link meets the same people again and again as candidates. Kept by person id with a digest
    of the row's values (Python's hash of the whole row), so a row that has changed since is
    made again; a position and a digest a person in numpy arrays (where the whole row was
    kept as a dict key), so a link against a million-person register keeps every row it has
    made for the whole run instead of starting a new vocabulary every few batches. People
    whose id is SLOT_LIMIT or more are made again each time they are met."""

    def __init__(self) -> None:
        self.slot = np.full(0, -1, dtype=np.int32)  # person id -> position in the table
        self.digest = np.zeros(0, dtype=np.int64)  # position -> hash of the row made there
        self.table: Records | None = None
        self.size = 0

    def __len__(self) -> int:
        return self.size

    def records(self, rows: list[tuple], vocab: Vocabulary) -> Records:
        """These rows (each person once) as records: those met before as they were made."""
        n = len(rows)
        pks = np.fromiter((row[0] for row in rows), dtype=np.int64, count=n)
        digests = np.fromiter((hash(row) for row in rows), dtype=np.int64, count=n)
        below = pks[pks < SLOT_LIMIT]
        if len(below):
            self._reach(int(below.max()))
        kept = pks < len(self.slot)
        at = np.full(n, -1, dtype=np.int64)
        at[kept] = self.slot[pks[kept]]
        known = np.flatnonzero(at >= 0)
        at[known[self.digest[at[known]] != digests[known]]] = -1  # changed since: made again
        new = np.flatnonzero(at < 0)
        if len(new):
            at[new] = self._add(_convert([rows[k] for k in new], vocab), digests[new])
            mark = new[kept[new]]
            self.slot[pks[mark]] = at[mark]
        assert self.table is not None  # noqa: S101 - rows is never empty here
        return self.table.take(at)

    def _reach(self, pk: int) -> None:
        """Room in `slot` for ids up to pk (below SLOT_LIMIT), doubling."""
        if pk < len(self.slot):
            return
        size = min(max(pk + 1, 2 * len(self.slot), 1024), SLOT_LIMIT)
        slot = np.full(size, -1, dtype=np.int32)
        slot[: len(self.slot)] = self.slot
        self.slot = slot

    def _add(self, recs: Records, digests: np.ndarray) -> np.ndarray:
        """Append these records; returns their positions."""
        start = self.size
        self.size += len(recs)
        if self.table is None:
            self.table, self.digest = recs, digests.copy()
        else:
            if self.size > len(self.table):  # grow by doubling
                grown = max(self.size, 2 * len(self.table))
                self.table = Records(
                    **{
                        f.name: _grown(getattr(self.table, f.name), grown)
                        for f in dataclasses.fields(Records)
                    }
                )
                self.digest = _grown(self.digest, grown)
            for f in dataclasses.fields(Records):
                getattr(self.table, f.name)[start : self.size] = getattr(recs, f.name)
            self.digest[start : self.size] = digests
        return np.arange(start, self.size, dtype=np.int64)


SLOT_LIMIT = 1 << 26  # person ids a kept vocabulary finds by position (4 bytes each)


def _grown(column: np.ndarray, size: int) -> np.ndarray:
    out = np.zeros(size, dtype=column.dtype)
    out[: len(column)] = column
    return out


_SEEN = "register rows"


def _register_records(rows: list[tuple], vocab: Vocabulary) -> Records:
    """`register.register_rows` as the engine's records, as `from_dicts` of `register._record`
    of each would give them: a row met before (with this vocabulary) as it was made then, the
    others column by column (each distinct name, date, postcode and address cleaned once)."""
    seen = vocab.cleaned.setdefault(_SEEN, _Seen())
    return seen.records(rows, vocab)


def _convert(rows: list[tuple], vocab: Vocabulary) -> Records:
    pk, given, family, dob, sex, nhs, _upn, postcode, line = (
        list(c) for c in (zip(*rows, strict=True) if rows else [()] * 9)
    )
    return from_columns(
        vocab,
        record_id=[str(p) for p in pk],
        first_name=["" if v is None else str(v) for v in given],
        surname=["" if v is None else str(v) for v in family],
        dob=[str(v) if v else "" for v in dob],
        sex=[v if v in ("M", "F") else "" for v in sex],
        postcode=[v or "" for v in postcode],
        address_line_1=[v or "" for v in line],
        nhs_number=[v or "" for v in nhs],
    )


def _row_dict(row: tuple) -> dict:
    return dict(zip(_ROW, row, strict=True))


_ROW = (*_VALUES, "m_postcode", "m_line_1")


def find_many(
    records: list[dict],
    *,
    limit: int = 10,
    population: int | None = None,
    threshold: float = mdl.POSSIBLE,
    vocab: Vocabulary | None = None,
) -> list[list[RegisterMatch]]:
    """`find(record, limit=…, population=…, threshold=…)` for each record, in one go.
    `vocab`: one kept from batch to batch of a bulk link (each value cleaned once)."""
    queries = [_clean_query(r) for r in records]
    readings = [_readings(dict(q)) if q else [] for q in queries]
    found = _candidates(queries, readings)
    ids = sorted(set().union(*found)) if found else []
    rows: list[tuple] = []
    # (PostgreSQL takes the ids as one array; SQLite as parameters, so a few thousand at once)
    chunk = max(len(ids), 1) if connection.vendor == "postgresql" else ROWS_CHUNK
    for start in range(0, len(ids), chunk):
        rows += register_rows(ids[start : start + chunk])
    if not rows:
        return [[] for _ in records]
    model = model_for(population if population is not None else register_size())
    rows.sort()  # the register's rows, by id, as `find` orders them
    at = {row[0]: k for k, row in enumerate(rows)}
    # Every reading of every record, then every candidate, as one set of records; the pairs
    # are each reading against each of its record's candidates.
    flat = [reading for rs in readings for reading in rs]
    vocab = vocab if vocab is not None else Vocabulary()
    recs = _stack(from_dicts(flat, vocab), _register_records(rows, vocab))
    mine: list[np.ndarray] = []  # each record's candidates (indexes into `rows`), by id
    ia_parts, ib_parts, starts = [], [], []
    r0 = p0 = 0
    for i, rs in enumerate(readings):
        cands = np.array(sorted(at[pid] for pid in found[i] if pid in at), dtype=np.int64)
        mine.append(cands)
        starts.append(p0)
        for j in range(len(rs)):
            ia_parts.append(np.full(len(cands), r0 + j, np.int64))
            ib_parts.append(cands + len(flat))
        r0 += len(rs)
        p0 += len(rs) * len(cands)
    if not p0:
        return [[] for _ in records]
    scored = _score(model, recs, vocab, np.concatenate(ia_parts), np.concatenate(ib_parts))
    return _judged(queries, readings, rows, mine, starts, scored, model, threshold, limit)


def _judged(queries, readings, rows, mine, starts, scored, model, threshold, limit):
    """Each record's matches from the batch's scores. Only a candidate that may be listed is
    judged: one whose best score reaches the threshold (or the "likely" line, below which
    `_judge`'s checks never look), or with the record's UPN; `_judge` keeps its candidates'
    order, so the answer is `find`'s."""
    floor = min(threshold, mdl.LINK_THRESHOLD)
    upn_at = _ROW.index("upn")
    out: list[list[RegisterMatch]] = []
    for i, rs in enumerate(readings):
        n = len(mine[i])
        if not n or not rs:
            out.append([])
            continue
        pairs = starts[i] + np.arange(len(rs) * n).reshape(len(rs), n)
        scores = scored.prob[pairs]
        keep = scores.max(axis=0) >= floor
        upn = upn_id.normalise(queries[i].get("upn", ""))
        if upn:
            keep |= np.array([rows[k][upn_at] == upn for k in mine[i]], dtype=bool)
        kept = np.flatnonzero(keep)
        if not len(kept):
            out.append([])
            continue
        mine_rows = [_row_dict(rows[mine[i][k]]) for k in kept]
        mine_records = [_record(r) for r in mine_rows]

        def explain(j: int, k: int, rs=rs, pairs=pairs, kept=kept, mine_records=mine_records):
            return scored.explain(rs[j], mine_records[k], int(pairs[j, kept[k]]), model)

        out.append(
            _judge(
                queries[i],
                rs,
                mine_rows,
                mine_records,
                scores[:, kept],
                explain,
                set(),
                threshold,
                limit,
            )
        )
    return out
