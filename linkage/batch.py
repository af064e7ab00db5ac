"""One batch of a partner's file (BATCH_SIZE rows), linked in one transaction with the run's
counters: a run killed part-way leaves whole batches only, and a re-run carries on.

Set-based, a few queries a batch whatever its size:
- the batch's existing SourceRecords (source, record id) and their hashes, in one query: an
  unchanged row is counted and left alone; a changed one goes through the row-by-row path
  (`actions._match_row`, as before: a person may have decided it);
- every new row's best register candidate from `matching.register_many.find_many` (the keys of
  the whole batch in one query, the candidates' register rows in one, one scoring call);
- new people, their addresses, SourceRecords and review items inserted in bulk
  (`familyhub.bulk`: COPY on PostgreSQL), the matching
  keys of the new people refreshed once, and the audit events of the batch (one for each
  person created, row linked and pair proposed, as the row-by-row path wrote) chained and
  written in one insert (`audit.record_many`).

The whole batch is matched at once; a row that would look up (by a blocking key, an NHS number
or a UPN) the new person of an earlier row of the batch, or whose new person an earlier row
that waits would look up, waits for a later pass, after those people's keys are stored: so a
child listed twice in one file is linked to the person their first row created, as row by
row. Only the rows that wait are matched again.

Matching ahead (`linkage.prefetch`, on PostgreSQL when the run is not inside a transaction:
the `familyhub link` command, the upload's background task): while a batch is written, the
next two are looked up and judged in two other processes (FAMILYHUB_LINK_MATCHERS), each on
its own connection, so writing and matching keep the machine's cores busy at the same time.
Those processes see only committed batches, so a row that would look up (by a blocking key, an
NHS number or a UPN) a person one of the batches written while it was matched created is
matched again once they have committed (`_ahead`: the within-batch rule above, carried across
the batch boundary); after a batch with a changed row (which may have changed anyone) the
batches matched while it was written are matched again whole. Each row is still matched
against the register as it stands after the rows before it.
"""

from __future__ import annotations

import datetime as dt
import os
import signal
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.db import connection

import audit
from access.doorway import action
from audit.models import Verb
from familyhub import bulk, errors
from familyhub.references import new_reference
from matching.keys import keys_for, query_keys
from people.actions import clean_person_data
from people.models import Address, Membership, Person
from people.search import index_keys

from . import matcher
from . import rows as rowlib
from .models import LinkRun, RecordStatus, ReviewItem, SourceRecord

BATCH_ENV = "FAMILYHUB_LINK_BATCH"  # rows per batch (tests use a few)
BATCH_SIZE = 2_000
PROBLEM_CAP = 10_000  # problems kept per run (each row's counts are always kept)
COUNTERS = ("linked", "created", "to_review", "updated", "unchanged")
Match = tuple[int, float, str, list[str]]  # (person id, probability, band, reasons)
NHS_IN_USE = (
    "NHS number already recorded for another person: the new person was recorded without it"
)


def batch_size() -> int:
    return max(1, int(os.environ.get(BATCH_ENV) or BATCH_SIZE))


class _Batch:
    """What a batch has done so far: counters, problems and the audit events to write."""

    def __init__(self, run: LinkRun, by) -> None:
        self.run, self.by = run, by
        self.counts = dict.fromkeys(COUNTERS, 0)
        self.problems: list[dict] = []
        self.events: list[dict[str, Any]] = []
        self.unreadable = 0


# A changed row, row by row: (by, run, row) -> (problems, counters) (actions._changed_row).
Changed = Callable[[Any, LinkRun, rowlib.Row], tuple[list[dict], dict[str, int]]]


@action
def link_batch(
    *,
    by,
    run: LinkRun,
    rows: list[rowlib.Row],
    changed: Changed,
    kill: bool = False,
    ahead: Ahead | None = None,
) -> set | None:
    """Link these rows (no record id twice) and add them to the run's counters, in one
    transaction; a changed row goes to `changed`. `kill` (tests): the process kills itself
    before the batch commits. `ahead`: the rows' matches worked out before the previous batch
    committed (`Prefetch`). Returns what the people this batch created are found by (None
    when a changed row may have changed someone: the next batch is matched afresh)."""
    run = LinkRun.objects.select_for_update().defer("problems").get(pk=run.pk)
    b = _Batch(run, by)
    readable = [r for r in rows if r.readable]
    for row in rows:
        b.problems += [p.as_dict() for p in row.problems]
        b.unreadable += not row.readable
    existing = _existing(run.source, [r.record_id for r in readable])
    fresh = []
    made: set | None = set()
    for row in readable:
        stored = existing.get(row.record_id)
        if stored is None:
            fresh.append(row)
        elif stored == row.row_hash:
            b.counts["unchanged"] += 1
        else:  # a changed row: the row-by-row path (a person may have decided it)
            problems, counts = changed(by, run, row)
            made = None  # (whoever it changed may be any row's candidate now)
            b.problems += problems
            for name in COUNTERS:
                b.counts[name] += counts[name]
    first = True
    while fresh:
        if first and ahead is not None:
            best = _ahead(fresh, ahead)
        else:
            best = matcher.candidates_many([row.record for row in fresh])
        first = False
        now, fresh = _settled(fresh, best)
        gives = _link_new(b, now)
        if made is not None:
            made |= gives
    audit.record_many(by, b.events)
    if kill:
        os.kill(os.getpid(), signal.SIGKILL)  # as a power cut would: nothing below runs
    _count(run, b, len(rows))
    return made


def _existing(source: str, record_ids: list[str]) -> dict[str, str]:
    """Record id -> row hash of these records of the source already there, locked (the
    changed ones are matched again). Plain SQL: one array of ids, not thousands of
    parameters (`bulk.among`)."""
    if not record_ids:
        return {}
    among, params = bulk.among(record_ids)
    lock = " FOR UPDATE" if connection.features.has_select_for_update else ""
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT source_record_id, row_hash FROM {_table(SourceRecord)} "  # noqa: S608
            f"WHERE source = %s AND source_record_id {among}{lock}",
            [source, *params],
        )
        return dict(cursor.fetchall())


def _table(model) -> str:
    return connection.ops.quote_name(model._meta.db_table)


@dataclass
class Ahead:
    """A batch's matches worked out while the batches before it were still being written: by
    record id, and what the people those batches created are found by (`stale`, None when a
    changed row of one may have changed anyone). `keys`: what each record looks people up by
    and what its new person would be found by (`_asks`, `_gives`), worked out there as it
    was matched, so this process does not hash them again."""

    matches: dict[str, Match | None]
    stale: set | None
    keys: dict[str, tuple[set, set]] = field(default_factory=dict)


def _ahead(rows: list[rowlib.Row], ahead: Ahead) -> list[Match | None]:
    """The rows' matches worked out ahead, except for a row that would look up (by a blocking
    key, an NHS number or a UPN) a person the batches written meanwhile created, which the
    look-up ahead may not have seen: those are matched again now, as are all when one of
    those batches changed someone."""
    stale = ahead.stale
    for row in rows:
        known = ahead.keys.get(row.record_id)
        if known is not None and "_asks" not in row.__dict__:
            row.__dict__["_asks"], row.__dict__["_gives"] = known
    again = [
        k
        for k, row in enumerate(rows)
        if stale is None or row.record_id not in ahead.matches or _asks(row) & stale
    ]
    best = [ahead.matches.get(row.record_id) for row in rows]
    if again:
        for k, match in zip(
            again, matcher.candidates_many([rows[k].record for k in again]), strict=True
        ):
            best[k] = match
    return best


def _settled(
    rows: list[rowlib.Row], best: list[Match | None]
) -> tuple[list[tuple[rowlib.Row, Match | None]], list[rowlib.Row]]:
    """The rows whose match stands (with it), and those matched again in a later pass: a row
    that would look up (by a blocking key, NHS number or UPN) a person an earlier row may
    create, or a new person whom an earlier row that waits would look up. So each row is
    matched against the register as it stands after the rows before it, as row by row; a
    pass settles at least its first row."""
    now: list[tuple[rowlib.Row, Match | None]] = []
    later: list[rowlib.Row] = []
    blocked: set = set()  # how the people earlier rows may create are found
    waiting: set = set()  # what the rows that wait look up
    for row, match in zip(rows, best, strict=True):
        asks, gives = _asks(row), _gives(row)
        new = not _certain(match)
        if asks & blocked or (new and gives & waiting):
            later.append(row)
            blocked |= gives
            waiting |= asks
            continue
        now.append((row, match))
        if new:
            blocked |= gives
    return now, later


def _ids(record: dict) -> set:
    return {("id", record[k]) for k in ("nhs_number", "upn") if record.get(k)}


def _asks_of(record: dict) -> set:
    return {key for _name, key in query_keys(record)} | _ids(record)


def _gives_of(record: dict) -> set:
    return {key for _code, key in keys_for(record)} | _ids(record)


def _asks(row: rowlib.Row) -> set:
    """What a row's record looks people up by (worked out once a row, where it was matched
    ahead if it was: a batch asks it when it is matched ahead and again when it is
    settled)."""
    if "_asks" not in row.__dict__:
        row.__dict__["_asks"] = _asks_of(row.record)
    return row.__dict__["_asks"]


def _gives(row: rowlib.Row) -> set:
    """What the person a row's record may become is found by (once a row)."""
    if "_gives" not in row.__dict__:
        row.__dict__["_gives"] = _gives_of(row.record)
    return row.__dict__["_gives"]


def _link_new(b: _Batch, matched: list[tuple[rowlib.Row, Match | None]]) -> set:
    """Rows with no SourceRecord yet, each with its best register candidate: linked when
    certain, otherwise a new person (and a review item when the candidate was likely or
    possible). Returns what the new people are found by. (The rows made here are given
    their related rows by id: setting a related object asks the database router each time,
    a twentieth of a batch's time.)"""
    run = b.run
    linked = [(row, m) for row, m in matched if _certain(m)]
    new = [(row, m) for row, m in matched if not _certain(m)]
    people = _create_people(b, [row for row, _m in new])
    records = [
        SourceRecord(
            source=run.source,
            source_record_id=row.record_id,
            data=row.raw,
            row_hash=row.row_hash,
            person_id=m[0],
            status=RecordStatus.LINKED,
            run_id=run.pk,
        )
        for row, m in linked
    ]
    kept = [(row, m, people[row.number]) for row, m in new if row.number in people]
    for row, m, person in kept:
        review = m is not None and m[1] >= matcher.REVIEW_THRESHOLD
        records.append(
            SourceRecord(
                source=run.source,
                source_record_id=row.record_id,
                data=row.raw,
                row_hash=row.row_hash,
                person_id=person.pk,
                status=RecordStatus.REVIEW if review else RecordStatus.NEW,
                run_id=run.pk,
            )
        )
    bulk.insert(records)
    by_id = {r.source_record_id: r for r in records}
    found = _named({m[0] for _row, m in linked})
    families = _families(list(found))
    for row, m in linked:
        b.counts["linked"] += 1
        person = found[m[0]]
        b.events.append(
            _link_event(by_id[row.record_id], person, families.get(person.pk), m[1], m[3])
        )
    items = []
    for row, m, person in kept:
        record = by_id[row.record_id]
        b.events.append(_link_event(record, person, None, None, ["new person from partner data"]))
        if record.status == RecordStatus.REVIEW:
            items.append(
                ReviewItem(
                    source_record_id=record.pk,
                    new_person_id=person.pk,
                    candidate_id=m[0],
                    probability=m[1],
                    band=m[2],
                    reasons=m[3],
                    run_id=run.pk,
                )
            )
    bulk.insert(items)
    gives = set().union(*(_gives(row) for row, _m, _p in kept))
    for item in items:
        b.counts["to_review"] += 1
        b.events.append(
            {
                "verb": Verb.LINK,
                "obj": item,
                "person": item.new_person_id,
                "changes": {
                    "proposed": [item.new_person_id, item.candidate_id],
                    "band": item.band,
                    "probability": item.probability,
                },
            }
        )
    return gives


def _certain(match) -> bool:
    return match is not None and match[1] >= matcher.AUTO_THRESHOLD


def _link_event(record, person: Person, family_id, probability, reasons) -> dict[str, Any]:
    """The event the row-by-row path writes for a linked or new person."""
    return {
        "verb": Verb.LINK,
        "obj": person,
        "family": family_id,
        "changes": {
            "source": record.source,
            "record_id": record.source_record_id,
            "status": record.status,
            "probability": probability,
            "reasons": list(reasons or []),
        },
    }


def _named(person_ids: set[int]) -> dict[int, Person]:
    """These people by id, with their names (all the audit reads of each person linked)."""
    if not person_ids:
        return {}
    among, params = bulk.among(sorted(person_ids))
    people = Person.objects.raw(
        f"SELECT id, given_name, family_name FROM {_table(Person)} WHERE id {among}",  # noqa: S608
        params,
    )
    return {person.pk: person for person in people}


def _families(person_ids: list[int]) -> dict[int, int]:
    """The current family of each of these people (one query)."""
    if not person_ids:
        return {}
    among, params = bulk.among(sorted(person_ids))
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT person_id, family_id FROM {_table(Membership)} "  # noqa: S608
            f"WHERE person_id {among} AND left_on IS NULL ORDER BY id DESC",
            params,
        )
        return dict(cursor.fetchall())


def _create_people(b: _Batch, rows: list[rowlib.Row]) -> dict[int, Person]:
    """New register people (no family) from these rows, keyed by row number: the people
    actions' rules on each (`clean_person_data`), an NHS number already recorded for someone
    (or earlier in the batch) left off with a warning, all saved in one insert."""
    in_use = _nhs_in_use({n for row in rows if (n := row.record.get("nhs_number"))})
    synthetic = bool(settings.FAMILYHUB.get("DEMO"))  # a demo install: synthetic only
    made: dict[int, Person] = {}
    reasons: dict[int, str] = {}
    addresses = []
    for row in rows:
        record = row.record
        dob = record.get("dob")
        data: dict[str, Any] = {
            "given_name": row.raw["first_name"],
            "family_name": row.raw["surname"],
            "date_of_birth": dt.date.fromisoformat(dob) if dob else None,
            "sex": record.get("sex", "U"),
            "upn": record.get("upn", ""),
        }
        try:
            data = clean_person_data(data)  # the NHS number's own clash check is done above
        except errors.RuleViolation as exc:
            for column, messages in exc.field_errors.items():
                b.problems.append(
                    rowlib.Problem(
                        row.number, row.record_id, column, "; ".join(messages), True
                    ).as_dict()
                )
            b.unreadable += 1
            continue
        nhs = record.get("nhs_number", "")
        if nhs and nhs in in_use:
            b.problems.append(
                rowlib.Problem(row.number, row.record_id, "nhs_number", NHS_IN_USE, False).as_dict()
            )
            nhs = ""
        in_use.add(nhs)
        person = Person(
            **data, nhs_number=nhs, la_child_id=new_reference("P", 10), is_synthetic=synthetic
        )
        index_keys(person)
        made[row.number] = person
        reasons[row.number] = f"From partner data ({row.raw.get('source_system') or 'extract'})"
        if record.get("address_line_1") or record.get("postcode"):
            addresses.append((person, record))
    bulk.insert(list(made.values()))
    places = {
        person.pk: Address(
            person_id=person.pk,
            line_1=(record.get("address_line_1") or "")[:150],
            postcode=(record.get("postcode") or "")[:8],
        )
        for person, record in addresses
    }
    bulk.insert(list(places.values()), ids=False)
    matcher.store_keys([_register_row(p, places.get(p.pk)) for p in made.values()])
    for number, person in made.items():
        b.counts["created"] += 1
        b.events.append(
            {
                "verb": Verb.CREATE,
                "obj": person,
                "reason": reasons[number],
                "changes": {
                    "given_name": [None, person.given_name],
                    "family_name": [None, person.family_name],
                    "date_of_birth": [None, str(person.date_of_birth or "")],
                },
            }
        )
    return made


def _nhs_in_use(numbers: set[str]) -> set[str]:
    """Those of these NHS numbers already recorded for someone (one query)."""
    if not numbers:
        return set()
    among, params = bulk.among(sorted(numbers))
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT nhs_number FROM {_table(Person)} WHERE nhs_number {among}",  # noqa: S608
            params,
        )
        return {number for (number,) in cursor.fetchall()}


def _register_row(person: Person, address: Address | None) -> dict:
    """A new person as the register's rows give them (`matching.register.key_rows`): their
    one address, as saved, is the one that may place them."""
    return {
        "pk": person.pk,
        "given_name": person.given_name,
        "family_name": person.family_name,
        "date_of_birth": person.date_of_birth,
        "sex": person.sex,
        "nhs_number": person.nhs_number,
        "upn": person.upn,
        "m_postcode": address.postcode if address else "",
        "m_line_1": address.line_1 if address else "",
    }


def _count(run: LinkRun, b: _Batch, rows: int) -> None:
    """Add the batch to the run's counters (in the batch's transaction)."""
    fields: dict[str, Any] = {
        "rows_done": run.rows_done + rows,
        "unreadable": run.unreadable + b.unreadable,
        "warnings": run.warnings + sum(1 for p in b.problems if not p["skipped"]),
    }
    for name in COUNTERS:
        fields[name] = getattr(run, name) + b.counts[name]
    if b.problems:
        stored = LinkRun.objects.filter(pk=run.pk).values_list("problems", flat=True).get()
        if len(stored) < PROBLEM_CAP:  # the counters go on; the list stops growing
            fields["problems"] = [*stored, *b.problems][:PROBLEM_CAP]
    LinkRun.objects.filter(pk=run.pk).update(**fields)
