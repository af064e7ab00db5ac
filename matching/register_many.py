"""`find_many`: `register.find` for a whole batch of records at once (bulk linkage).

The same look-ups as `find`, set-based: one query for the blocking keys of every record of
the batch (`lookups.lookup_keys`), one for their UPNs, the register rows of every candidate in
one go (`register._rows_with_address`), then one scoring call for every (reading, candidate)
pair of the batch (`register._score`) and `find`'s own judgement of each record
(`register._judge`: the UPN, the guard rail without a date of birth, the order, the reasons).
So each record's matches are those `find` gives it on its own (matching/tests/
test_register_many.py checks this on a constructed register).

No searcher's scope (a bulk link chooses among the whole register; people merged into someone
else have no keys and no rows, so they are never candidates). A record with one name alone and
no date of birth, or a postcode and no name, is looked up as `find` does, on its own: a bulk
extract has almost none.
"""

from __future__ import annotations

from collections import defaultdict

import numpy as np

from . import lookups
from . import model as mdl
from .records import Vocabulary, from_dicts
from .register import (
    NAME_CAP,
    RegisterMatch,
    _clean_query,
    _judge,
    _other_candidates,
    _readings,
    _record,
    _rows_with_address,
    _score,
    _stack,
    model_for,
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
    from people.identifiers import upn as upn_id
    from people.models import Person

    caps = [lookups.query_caps(r) if q else {} for q, r in zip(queries, readings, strict=True)]
    every: dict[int, int] = {}
    for keys in caps:
        for key, cap in keys.items():
            every[key] = max(every.get(key, 0), cap)
    holders: dict[int, list[int]] = defaultdict(list)
    for key, person_id in lookups.lookup_keys(every):
        holders[key].append(person_id)
    found = [
        {pid for key, cap in keys.items() for pid in holders.get(key, ())[:cap]} for keys in caps
    ]
    upns: dict[int, str] = {}
    for i, (query, reading) in enumerate(zip(queries, readings, strict=True)):
        if not query:
            continue
        if _alone(reading, query):
            found[i] |= _other_candidates(reading, query)
        elif query.get("upn"):
            upns[i] = upn_id.normalise(query["upn"])
    if upns:
        pupils: dict[str, list[int]] = defaultdict(list)
        rows = Person.objects.filter(upn__in=set(upns.values())).order_by("pk")
        for upn, pid in rows.values_list("upn", "pk"):
            pupils[upn].append(pid)
        for i, upn in upns.items():
            found[i] |= set(pupils.get(upn, ())[:NAME_CAP])
    return found


def find_many(
    records: list[dict],
    *,
    limit: int = 10,
    population: int | None = None,
    threshold: float = mdl.POSSIBLE,
) -> list[list[RegisterMatch]]:
    """`find(record, limit=…, population=…, threshold=…)` for each record, in one go."""
    queries = [_clean_query(r) for r in records]
    readings = [_readings(dict(q)) if q else [] for q in queries]
    found = _candidates(queries, readings)
    ids = sorted(set().union(*found)) if found else []
    rows: dict[int, dict] = {}
    for start in range(0, len(ids), ROWS_CHUNK):
        rows.update((r["pk"], r) for r in _rows_with_address(ids[start : start + ROWS_CHUNK]))
    if not rows:
        return [[] for _ in records]
    model = model_for(population if population is not None else register_size())
    order = sorted(rows)  # the register's rows, by id, as `find` orders them
    at = {pid: k for k, pid in enumerate(order)}
    register = [_record(rows[pid]) for pid in order]
    # Every reading of every record, then every candidate, as one set of records; the pairs
    # are each reading against each of its record's candidates.
    flat = [reading for rs in readings for reading in rs]
    vocab = Vocabulary()
    recs = _stack(from_dicts(flat, vocab), from_dicts(register, vocab))
    mine: list[list[int]] = []  # each record's candidates (indexes into `order`), by id
    ia_parts, ib_parts, starts = [], [], []
    r0 = p0 = 0
    for i, rs in enumerate(readings):
        mine.append(sorted(at[pid] for pid in found[i] if pid in at))
        cands = np.array(mine[i], dtype=np.int64)
        starts.append((r0, p0))
        for j in range(len(rs)):
            ia_parts.append(np.full(len(cands), r0 + j, np.int64))
            ib_parts.append(cands + len(flat))
        r0 += len(rs)
        p0 += len(rs) * len(cands)
    if not p0:
        return [[] for _ in records]
    scored = _score(model, recs, vocab, np.concatenate(ia_parts), np.concatenate(ib_parts))
    out: list[list[RegisterMatch]] = []
    for i, rs in enumerate(readings):
        n = len(mine[i])
        if not n or not rs:
            out.append([])
            continue
        first_pair = starts[i][1]
        pairs = first_pair + np.arange(len(rs) * n).reshape(len(rs), n)
        mine_rows = [rows[order[k]] for k in mine[i]]
        mine_records = [register[k] for k in mine[i]]

        def explain(j: int, k: int, rs=rs, pairs=pairs, mine_records=mine_records):
            return scored.explain(rs[j], mine_records[k], int(pairs[j, k]), model)

        out.append(
            _judge(
                queries[i],
                rs,
                mine_rows,
                mine_records,
                scored.prob[pairs],
                explain,
                set(),
                threshold,
                limit,
            )
        )
    return out
