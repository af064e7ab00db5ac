"""The matching engine against the register in the database: real-time `find`, and the
stored blocking keys it looks candidates up by (`refresh` one person's keys, `reindex` all).

find({"first_name": "Jayden", "surname": "Smyth", "dob": "2016-07-03"})
-> [RegisterMatch(person_id=17, probability=0.97, band="likely",
                  reasons=["first name Jayden ≈ Jaden (sounds alike)", …])]

Candidates come from one indexed query on `PersonKey` (each key's group capped as in
`blocking`), are loaded with their current address (never a confidential one: a refuge must
not confirm where someone lives) and are scored with the same comparisons, model and guard
rails as `engine.dedupe`; `explain.assess` puts the reasons into words.
"""

from __future__ import annotations

import datetime as dt
import functools
import time
from collections.abc import Callable, Collection, Iterable
from dataclasses import dataclass, field, fields

import numpy as np
from django.db import connection, transaction
from django.db.models import Exists, Max, Min, OuterRef, Q, QuerySet
from django.utils import timezone

from . import compare as cmp
from . import heard, lookups, normalise
from . import model as mdl
from .doubt import AMBIGUOUS, BETWEEN, ambiguous_without_dob, between_first_names
from .explain import describe, levels_row
from .keys import keys_for
from .models import PersonKey
from .records import Records, Vocabulary, from_dicts

FIELDS = ("first_name", "surname", "dob", "sex", "postcode", "address_line_1", "nhs_number")
NAME_CAP = 200  # candidates per single-name or postcode look-up (no blocking key applies)
SAME_UPN = "same UPN"
NO_DOB = "date of birth missing on one record"  # not a reason when the search gave none


@dataclass
class RegisterMatch:
    person_id: int
    probability: float
    band: str  # certain / likely / possible
    reasons: list[str] = field(default_factory=list)


# --- The register's records -------------------------------------------------------------------


def _address_q(today: dt.date) -> Q:
    """Addresses that may place a person: current and not confidential."""
    return Q(is_confidential=False) & (Q(moved_out_on__isnull=True) | Q(moved_out_on__gt=today))


def _rows_with_address(ids: list[int]) -> list[dict]:
    """These people as dicts with the postcode and first line of the current address that
    may be used for matching (the most recent non-confidential one), by id."""
    names = (*_VALUES, "m_postcode", "m_line_1")
    return [dict(zip(names, row, strict=True)) for row in register_rows(ids)]


def register_rows(ids: list[int]) -> list[tuple]:
    """(pk, given_name, family_name, date_of_birth, sex, nhs_number, upn, postcode, line_1)
    of these people (not those merged into someone else), by id: the postcode and first line
    of the current address that may be used for matching (the most recent non-confidential
    one; "" without). Plain SQL: this is the real-time path, and building ORM queries costs
    more than running these two; on PostgreSQL the ids go as one array (`= ANY`), so a bulk
    link's thousands of candidates are one parameter, not thousands (`lookups.int_array`)."""
    from people.models import Address, Person

    if not ids:
        return []
    q = connection.ops.quote_name
    if connection.vendor == "postgresql":
        among, params = "= ANY(%s::bigint[])", [lookups.int_array(ids)]
    else:
        among, params = f"IN ({', '.join(['%s'] * len(ids))})", list(ids)
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT id, given_name, family_name, date_of_birth, sex, nhs_number, upn "  # noqa: S608
            f"FROM {q(Person._meta.db_table)} WHERE id {among} "
            "AND merged_into_id IS NULL",  # a record merged away is found as the one it joined
            params,
        )
        people = cursor.fetchall()
        cursor.execute(
            f"SELECT person_id, postcode, line_1 FROM {q(Address._meta.db_table)} "  # noqa: S608
            f"WHERE person_id {among} AND is_confidential = %s "
            "AND (moved_out_on IS NULL OR moved_out_on > %s) "
            "ORDER BY person_id, moved_in_on IS NOT NULL, moved_in_on, id",
            [*params, False, timezone.localdate()],
        )
        where = {pid: (pc, line) for pid, pc, line in cursor.fetchall()}  # the latest wins
    none = ("", "")
    rows = [(*person, *where.get(person[0], none)) for person in people]
    rows.sort()  # by id: one order whatever the database gives
    return rows


_VALUES = ("pk", "given_name", "family_name", "date_of_birth", "sex", "nhs_number", "upn")


def _record(row: dict) -> dict:
    """A register person as the engine's input columns."""
    dob = row["date_of_birth"]
    return {
        "record_id": str(row["pk"]),
        "first_name": row["given_name"],
        "surname": row["family_name"],
        "dob": str(dob) if dob else "",  # a date, or its ISO text from a raw SQLite query
        "sex": row["sex"] if row["sex"] in ("M", "F") else "",
        "postcode": row.get("m_postcode") or "",
        "address_line_1": row.get("m_line_1") or "",
        "nhs_number": row["nhs_number"] or "",
    }


# --- Keeping keys in step ---------------------------------------------------------------------


def key_rows(rows: Iterable[dict]) -> list[tuple[int, int, int]]:
    """(person id, pass code, key) for each person, given as a dict of `_VALUES` with the
    postcode and first line of the address that may place them (`m_postcode`, `m_line_1`;
    empty when none may): the rows `refresh` stores. A loader that writes people in bulk
    stores their keys with them (`insert_keys`) rather than in a later pass."""
    out = []
    for row in rows:
        pk = row["pk"]
        out.extend((pk, code, key) for code, key in keys_for(_record(row)))
    return out


def insert_keys(rows: list[tuple[int, int, int]]) -> None:
    """Store key rows (COPY on PostgreSQL) for people who have none yet."""
    if not rows:
        return
    table = connection.ops.quote_name(PersonKey._meta.db_table)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            with cursor.cursor.copy(f"COPY {table} (person_id, pass_code, key) FROM STDIN") as cp:
                for row in rows:
                    cp.write_row(row)
        else:
            cursor.executemany(
                f"INSERT INTO {table} (person_id, pass_code, key) VALUES (%s, %s, %s)",  # noqa: S608
                rows,
            )


def refresh(person_ids: Iterable[int]) -> int:
    """Rebuild the stored keys of these people (after a change of name, date of birth, NHS
    number or address); returns the number of keys written."""

    ids = list(person_ids)
    if not ids:
        return 0
    with transaction.atomic():
        PersonKey.objects.filter(person_id__in=ids).delete()
        rows = key_rows(_rows_with_address(ids))
        insert_keys(rows)
    return len(rows)


def forget(person_ids: Iterable[int]) -> None:
    """Drop these people's stored keys: a merged-away record is never a candidate."""
    PersonKey.objects.filter(person_id__in=list(person_ids)).delete()


def _missing_keys(people: QuerySet) -> QuerySet:
    """Those of `people` with no stored keys: an anti-join (NOT EXISTS), which PostgreSQL runs
    as a hash or nested-loop anti join. `exclude(pk__in=...)` wrote `NOT (id IN (SELECT …))`,
    which it cannot turn into one (NULL semantics) and runs as a subplan per row once the keys
    outgrow work_mem: quadratic, so a million-person register never finished."""
    return people.filter(~Exists(PersonKey.objects.filter(person_id=OuterRef("pk"))))


def reindex(
    *,
    batch_size: int = 20_000,
    only_missing: bool = False,
    progress: Callable[[int, int, float], None] | None = None,
) -> dict[str, int]:
    """Build every person's keys in batches (or only those who have none yet). The register is
    walked by primary-key ranges of `batch_size`, so each batch's query reads one slice of the
    person index (and of the key index, for `only_missing`) whatever the register's size."""
    from people.models import Address, Person

    started = time.monotonic()
    people = Person.objects.filter(merged_into__isnull=True)
    if only_missing:
        people = _missing_keys(people)
    else:
        with connection.cursor() as cursor:
            table = connection.ops.quote_name(PersonKey._meta.db_table)
            cursor.execute(f"DELETE FROM {table}")  # noqa: S608 - fixed SQL
    total = people.count()
    done = keys = 0
    bounds = Person.objects.aggregate(lo=Min("pk"), hi=Max("pk")) if total else {}
    first, last = bounds.get("lo") or 0, bounds.get("hi") or -1
    today = timezone.localdate()
    for lo in range(first, last + 1, batch_size):
        hi = lo + batch_size - 1
        with transaction.atomic():
            batch = list(people.filter(pk__gte=lo, pk__lte=hi).order_by("pk").values(*_VALUES))
            if not batch:
                continue
            # One query for the batch's addresses (ordered so the latest wins).
            addresses = (
                Address.objects.filter(_address_q(today), person_id__gte=lo, person_id__lte=hi)
                .order_by("person_id", "moved_in_on", "pk")
                .values_list("person_id", "postcode", "line_1")
            )
            where = {pid: (pc, line) for pid, pc, line in addresses}
            for row in batch:
                row["m_postcode"], row["m_line_1"] = where.get(row["pk"], ("", ""))
            rows = key_rows(batch)
            insert_keys(rows)
        done += len(batch)
        keys += len(rows)
        if progress:
            progress(done, total, time.monotonic() - started)
    return {"people": done, "keys": keys}


# --- Real-time search -------------------------------------------------------------------------


_SIZE: dict[str, tuple[float, int]] = {}  # database alias -> (when read, size)
SIZE_TTL = 60.0  # seconds: the prior barely moves as a register grows


def register_size() -> int:
    """How many people the register holds, roughly (the highest id: one index look-up),
    re-read at most once a minute per process once it is large."""
    from people.models import Person

    now = time.monotonic()
    cached = _SIZE.get(connection.alias)
    if cached and now - cached[0] < SIZE_TTL and cached[1] >= 10_000:  # small ones move
        return cached[1]
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT MAX(id) FROM {connection.ops.quote_name(Person._meta.db_table)}")  # noqa: S608
        size = int(cursor.fetchone()[0] or 0)
    _SIZE[connection.alias] = (now, size)
    return size


def model_for(population: int) -> mdl.Model:
    """The engine's model with the prior for a register of this many people."""
    return mdl.Model.default(max(population, 2))


def _clean_query(record: dict) -> dict:
    out = {}
    for key in (*FIELDS, "name", "upn"):
        value = record.get(key)
        if isinstance(value, dt.date):
            value = value.isoformat()
        text = "" if value is None else " ".join(str(value).split())
        if text:
            out[key] = text
    if "sex" in out and normalise.sex(out["sex"]) == 0:
        del out["sex"]
    return out


def _readings(query: dict) -> list[dict]:
    """The query's readings: a single `name` of unknown kind is tried as the first name and
    as the surname."""
    name = query.pop("name", None)
    if not name:
        return [query]
    readings = []
    if "first_name" not in query:
        readings.append({**query, "first_name": name})
    if "surname" not in query:
        readings.append({**query, "surname": name})
    return readings or [query]


def _other_candidates(
    readings: list[dict],
    query: dict,
    scope: Q | None = None,
    prefer: Q | None = None,
    own: set[int] | None = None,
    names_alone: bool = True,
) -> set[int]:
    """Look-ups no blocking key covers: one name alone, a postcode alone, a UPN (within the
    searcher's scope first, so the cap never hides the people they may see; a name alone
    within `prefer`, the searcher's own families, before that, those added to `own`: a name
    alone that fits someone the searcher works with lists them however weak the score).
    `names_alone=False` when the searcher's sight answered the names
    (`heard.candidates_in_sight`)."""
    from people.identifiers import upn as upn_id
    from people.models import Address, Person
    from people.search import name_key, sound_key

    people = Person.objects.filter(scope) if scope is not None else Person.objects.all()
    found: set[int] = set()
    q = Q()
    starts = Q()  # and the start of the name, looked up among the searcher's own people
    heard_q, parts, key = Q(), [], ""  # the name as heard, within the scope (matching.heard)
    for reading in readings:
        given, family = reading.get("first_name"), reading.get("surname")
        if names_alone and bool(given) != bool(family) and not reading.get("dob"):
            name = given or family
            part = "given" if given else "family"
            sound, key = sound_key(name), name_key(name)
            if sound:
                q |= Q(**{f"{part}_sound": sound})
                if prefer is not None and len(key) >= PARTIAL_MIN:
                    starts |= heard.starts_with(f"{part}_key", key)
            heard_q |= heard.name_q(part, key, sound)
            parts.append(part)
    if q and prefer is not None:
        mine = set(people.filter(prefer).filter(q | starts).values_list("pk", flat=True)[:NAME_CAP])
        found |= mine
        if own is not None:
            own |= mine
    if heard_q:
        looked = heard.closest_first(people.filter(heard_q), parts, key)
        found |= set(looked.values_list("pk", flat=True)[:NAME_CAP])
    if query.get("upn"):
        same = Person.objects.filter(upn=upn_id.normalise(query["upn"]))
        found |= lookups.by_index(
            NAME_CAP,
            same.values_list("pk", flat=True),
            scope,
            same.filter(scope or Q()).values_list("pk", flat=True),
        )
    names = any(r.get("first_name") or r.get("surname") for r in readings)
    if query.get("postcode") and not names:
        from people.identifiers import postcode as pc

        there = Address.objects.filter(
            _address_q(timezone.localdate()), postcode=pc.normalise(query["postcode"])
        )
        found |= lookups.by_index(
            NAME_CAP,
            there.values_list("person_id", flat=True),
            scope,
            there.filter(person__in=people.values("pk")).values_list("person_id", flat=True),
        )
    return found


WIDE_CAP = 100  # candidates per widened look-up (own families, then the rest of the scope)
PARTIAL_MIN = 3  # letters of a name's start that are looked up as a half-heard name


def _wide_candidates(
    readings: list[dict], query: dict, scope: Q | None, prefer: Q | None
) -> set[int]:
    """The search box's second look, for what was half-heard: each name on its own whatever
    else was typed (a misspelt first name with the right surname finds the surname's people,
    and the other way round), by its sound and by its first letters (three or more), and a
    date of birth alone. Within the searcher's own families first (`prefer`), then within the
    scope, each look-up capped, so a common name elsewhere never hides the searcher's own."""
    from people.models import Person
    from people.search import name_key, sound_key

    q = Q()
    for reading in readings:
        for part, value in (
            ("given", reading.get("first_name")),
            ("family", reading.get("surname")),
        ):
            if not value:
                continue
            sound, key = sound_key(value), name_key(value)
            if sound:
                q |= Q(**{f"{part}_sound": sound})
            if len(key) >= PARTIAL_MIN:  # the start typed, or the first letters heard right
                q |= heard.starts_with(f"{part}_key", key)
                q |= heard.starts_with(f"{part}_key", key[:PARTIAL_MIN])
            if connection.vendor != "postgresql":  # (there the first look's trigrams did)
                q |= Q(**{f"{part}_key__in": heard.close_keys(part, key)})
    names = any(r.get("first_name") or r.get("surname") for r in readings)
    if query.get("dob") and not names:
        ymd = normalise.date_of_birth(query["dob"])
        if ymd is not None:
            q |= Q(date_of_birth=dt.date(*ymd))
    if not q:
        return set()
    people = Person.objects.filter(merged_into__isnull=True).filter(q).order_by()
    if scope is not None:
        people = people.filter(scope)
    looks = [people.filter(prefer), people] if prefer is not None else [people]
    found: set[int] = set()
    for look in looks:
        found |= set(look.values_list("pk", flat=True)[:WIDE_CAP])
    return found


@dataclass
class _Scored:
    """Query readings compared with register records, pair by pair: pair p compares record
    ia[p] with record ib[p] of `recs` (the readings first, then the candidates)."""

    prob: np.ndarray
    levels: cmp.Levels
    vocab: Vocabulary
    recs: Records
    ia: np.ndarray
    ib: np.ndarray

    def explain(self, reading: dict, record: dict, p: int, model: mdl.Model):
        recs = self.recs.take(np.array([self.ia[p], self.ib[p]]))
        lv = levels_row(self.levels, p)
        return describe(reading, record, float(self.prob[p]), lv, self.vocab, recs, model)


def _score_all(model: mdl.Model, readings: list[dict], records: list[dict]) -> list[_Scored]:
    """Each reading of the query scored against the register records (read once for all)."""
    vocab = Vocabulary()
    candidates = from_dicts(records, vocab)
    n = len(candidates)
    ia, ib = np.zeros(n, np.int64), np.arange(1, n + 1)
    return [
        _score(model, _stack(from_dicts([r], vocab), candidates), vocab, ia, ib) for r in readings
    ]


def _stack(*parts: Records) -> Records:
    return Records(
        **{f.name: np.concatenate([getattr(p, f.name) for p in parts]) for f in fields(Records)}
    )


def _score(
    model: mdl.Model, recs: Records, vocab: Vocabulary, ia: np.ndarray, ib: np.ndarray
) -> _Scored:
    """Match probability of each pair (ia[p], ib[p]) of records, with the household guard
    rails and review band of `engine.dedupe` (`model.guarded`: a vetoed pair never reaches
    "possible", a near miss is at most "possible"). `find` scores one query's readings,
    `find_many` a whole batch's, in one call."""
    levels = cmp.compare(vocab, recs, ia, recs, ib)
    weight = model.match_weight(levels, recs.first[ia], recs.surname[ia])
    prob = model.probability(weight)
    return _Scored(mdl.guarded(prob, levels), levels, vocab, recs, ia, ib)


def find(
    record: dict,
    *,
    limit: int = 10,
    scope: Q | None = None,
    population: int | None = None,
    threshold: float = mdl.POSSIBLE,
    wide: bool = False,
    prefer: Q | None = None,
    sight: list[int] | None = None,
    own_families: Callable[[], Collection[int]] = tuple,  # the searcher's caseload
) -> list[RegisterMatch]:
    """People in the register who may be the person described, best first.

    `record` holds any of first_name, surname (or `name`, one name of either kind), dob (a
    date, "YYYY-MM-DD" or "DD/MM/YYYY"), sex, postcode, address_line_1, nhs_number, upn.
    `scope` (a Person filter: the user's visibility) limits who may be returned; `population`
    is how many people the searcher is choosing among (the prior; default: the register).
    `wide` (the search box, when the ordinary look-ups found too little) also looks up each
    name on its own and the start of each name, within `prefer` (own families) then the scope
    (`_wide_candidates`), or among the people of `sight` (the searcher's families, when few)."""
    from people.models import Person

    query = _clean_query(record)
    if not query:
        return []
    readings = _readings(dict(query))
    # The people of the searcher's families when they are few, read once if at all.
    in_sight = functools.cache(lambda: heard.people_in_sight(sight or []))
    unscoped, scoped = lookups.key_candidates(
        readings, scope, in_sight if sight is not None else None, cap=NAME_CAP
    )
    own: set[int] = set()  # found among the searcher's own families: listed whatever the score
    if sight is not None:  # own_families() is asked only when needed
        unscoped |= heard.candidates_in_sight(readings, query, in_sight, own_families, own, wide)
    scoped |= _other_candidates(readings, query, scope, prefer, own, names_alone=sight is None)
    if wide and sight is None:
        scoped |= _wide_candidates(readings, query, scope, prefer)
    ids = unscoped | scoped
    if scope is not None:
        # Only what was found without the scope is checked against it (one query).
        unchecked = sorted(unscoped - scoped)
        ids = scoped | set(
            Person.objects.filter(scope, pk__in=unchecked).order_by().values_list("pk", flat=True)
            if unchecked
            else ()
        )
    if not ids:
        return []
    rows = _rows_with_address(sorted(ids))
    if not rows:
        return []
    records = [_record(r) for r in rows]
    model = model_for(population if population is not None else register_size())
    scored = _score_all(model, readings, records)
    return _judge(
        query,
        readings,
        rows,
        records,
        np.stack([s.prob for s in scored]),
        lambda j, k: scored[j].explain(readings[j], records[k], k, model),
        own,
        threshold,
        limit,
    )


def _judge(
    query: dict,
    readings: list[dict],
    rows: list[dict],
    records: list[dict],
    scores: np.ndarray,
    explain: Callable,
    own: set[int],
    threshold: float,
    limit: int,
) -> list[RegisterMatch]:
    """The matches of one query from its scores (one row per reading, one column per
    candidate): the best reading of each, a UPN's certainty, the guard rail of a description
    without a date of birth, the order and the reasons. `find` and `find_many` share it."""
    from people.identifiers import upn as upn_id

    best = np.argmax(scores, axis=0)
    prob = np.max(scores, axis=0)
    upn = upn_id.normalise(query.get("upn", ""))
    same_upn = np.array([bool(upn) and r["upn"] == upn for r in rows], dtype=bool)
    # A UPN is issued to one pupil: the same UPN is certain unless the other details given
    # contradict it (then it is only possible, and the reasons say why).
    agrees = (prob >= mdl.POSSIBLE) | (not _has_other(query))
    prob = np.where(same_upn, np.where(agrees, 1.0, mdl.POSSIBLE), prob)
    # (Only a full name can be "the same description": one name alone fits a whole family.)
    full_name = any(r.get("first_name") and r.get("surname") for r in readings)
    clash = dict.fromkeys(
        ambiguous_without_dob(prob, records) if full_name and not query.get("dob") else (),
        AMBIGUOUS,
    )
    if not any(r.get("first_name") for r in readings):
        clash.update(dict.fromkeys(between_first_names(query, prob, records, same_upn), BETWEEN))
    for k in clash:
        prob[k] = min(prob[k], mdl.LINK_THRESHOLD - 1e-6)
    order = _order(prob, [r["pk"] in own for r in rows], threshold, limit)
    out = []
    for k in order:
        judged = explain(int(best[k]), k)
        reasons = ([SAME_UPN] if same_upn[k] else []) + [
            r for r in judged.reasons if r != NO_DOB or query.get("dob")
        ]
        if k in clash:
            reasons.append(clash[k])
        p = float(prob[k])
        out.append(
            RegisterMatch(person_id=rows[k]["pk"], probability=p, band=mdl.band(p), reasons=reasons)
        )
    return out


def _order(prob: np.ndarray, own: list[bool], threshold: float, limit: int) -> list[int]:
    """Likely and certain first; then the searcher's own people (found by a name alone, listed
    however weak); then the rest at or above the threshold; each best first, up to limit."""
    mine = np.array(own, dtype=bool)
    tier = np.where(prob >= mdl.LINK_THRESHOLD, 0, np.where(mine, 1, 2))
    keep = (prob >= threshold) | mine
    return [int(k) for k in np.lexsort((-prob, tier)) if keep[k]][:limit]


def _has_other(query: dict) -> bool:
    return any(query.get(k) for k in (*FIELDS, "name"))
