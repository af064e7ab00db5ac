"""Writes of the linker: runs, source records, new people, review decisions.

A file is linked a batch of rows at a time (`linkage.batch`, FAMILYHUB_LINK_BATCH rows, 2,000
by default), each batch committed in one transaction together with its run's counters, so a
run that is killed leaves no half-imported batch and a later run of the same file carries on
where it stopped (rows already read are recognised by their hash and left alone).
"""

from __future__ import annotations

import functools
import hashlib
import os
import secrets
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.db.models import Q
from django.utils import timezone

import audit
from access.doorway import acting_user, action, after_commit, bump, permit, refuse_stale
from audit.models import Verb
from familyhub import errors
from linkage import policy
from people.models import Person

from . import batch, matcher, prefetch
from . import rows as rowlib
from .models import (
    HUMAN_DECIDED,
    Decision,
    LinkRun,
    NotSame,
    RecordStatus,
    ReviewItem,
    RunStatus,
    Source,
    SourceRecord,
)

STOP_AFTER_ENV = "FAMILYHUB_LINK_STOP_AFTER"  # tests: stop (as if killed) after N rows
# Tests: the process kills itself with SIGKILL in the batch that reaches N rows, before that
# batch commits (no exception handler, no clean-up runs: what a power cut or the out-of-memory
# killer does), to prove a half batch is never kept and a re-run carries on.
KILL_AFTER_ENV = "FAMILYHUB_LINK_KILL_AFTER"
NHS_IN_USE = batch.NHS_IN_USE
ALREADY_DECIDED = "This possible match has already been decided"
STALE_REVIEW = "Someone else decided this possible match while you were looking at it"
MERGE_PREFIX = "Same person (clerical review of partner data)"


class LinkInterrupted(RuntimeError):
    """The run stopped before the end (FAMILYHUB_LINK_STOP_AFTER, used by tests)."""


def system_actor(source: str) -> str:
    return f"bulk linkage ({source})"


def _actor(run: LinkRun):
    return run.by if run.by_id else run.by_label


def file_sha256(path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


# --- Runs -------------------------------------------------------------------------------------


@action
def run_create(
    *, by, source: str, file_name: str, file_path: str = "", sha256: str = ""
) -> LinkRun:
    """Record a run before it starts. `by` is a user, or a named system process (a string)."""
    if by.user is not None:
        permit(policy.can_link_data(by))
    if source not in Source.values:
        raise errors.RuleViolation(
            "Choose the source of the data", field_errors={"source": ["Choose a source"]}
        )
    return LinkRun.objects.create(
        source=source,
        file_name=file_name[:255],
        file_path=str(file_path),
        file_sha256=sha256,
        by=by.user,
        by_label=by.label,
    )


@dataclass
class _Outcome:
    linked: int = 0
    created: int = 0
    to_review: int = 0
    updated: int = 0
    unchanged: int = 0


def run_file(*, run: LinkRun, path, progress: Callable[[int, int], None] | None = None) -> LinkRun:
    """Read the file a batch of rows at a time, linking each batch into the register in one
    transaction (`linkage.batch`; see the module docstring), with Python's cyclic garbage
    collector asked less often (`prefetch.fewer_collections`)."""
    with prefetch.fewer_collections():
        return _run_file(run, path, progress)


def _run_file(run: LinkRun, path, progress: Callable[[int, int], None] | None) -> LinkRun:
    stop_after = int(os.environ.get(STOP_AFTER_ENV) or 0)
    kill_after = int(os.environ.get(KILL_AFTER_ENV) or 0)
    try:
        total = rowlib.count_rows(path)
        rowlib.check_file(path)
    except (rowlib.FileProblem, OSError) as exc:
        return _finish(run, RunStatus.FAILED, str(exc))
    LinkRun.objects.filter(pk=run.pk).update(
        status=RunStatus.RUNNING, started_at=timezone.now(), total_rows=total, rows_done=0
    )
    run.refresh_from_db()
    if run.file_sha256:  # an earlier run of this file that never finished: this one carries on
        LinkRun.objects.filter(
            source=run.source, file_sha256=run.file_sha256, status=RunStatus.RUNNING
        ).exclude(pk=run.pk).update(
            status=RunStatus.INTERRUPTED, message="Stopped; a later run of the file carried on"
        )
    by = _actor(run)
    size = batch.batch_size()
    done = 0
    ahead = prefetch.Prefetch() if prefetch.Prefetch.usable() else None
    depth = ahead.depth if ahead is not None else 0
    # What the people of the last `depth` batches written are found by (None for a batch
    # with a changed row): the batches written while the next one was matched ahead.
    recent: deque[set | None] = deque(maxlen=max(depth, 1))

    def flush(rows: list[rowlib.Row], matched) -> None:
        nonlocal done
        kill = bool(kill_after) and done + len(rows) >= kill_after
        found = None
        if matched is not None:
            matches, keys = matched.result()
            stale = None if None in recent else set().union(*(g for g in recent if g is not None))
            found = batch.Ahead(matches, stale, keys)
        recent.append(
            batch.link_batch(
                by=by, run=run, rows=rows, changed=_changed_row, kill=kill, ahead=found
            )
        )
        done += len(rows)
        if progress is not None:
            progress(done, total)
        if stop_after and done >= stop_after:
            raise LinkInterrupted(f"Stopped after {done} rows ({STOP_AFTER_ENV})")

    try:
        with rowlib.open_csv(path) as handle:
            batches = _batches(rowlib.iter_rows(handle), size, stop_after)
            for rows, matched in _matched_ahead(batches, ahead):
                flush(rows, matched)
    except rowlib.FileProblem as exc:
        return _finish(run, RunStatus.FAILED, str(exc))
    except BaseException as exc:
        _finish(run, RunStatus.INTERRUPTED, str(exc)[:500])
        raise
    finally:
        if ahead is not None:
            ahead.close()
    return _finish(run, RunStatus.FINISHED, "")


def _matched_ahead(batches, ahead: prefetch.Prefetch | None):
    """Each batch with its matching ahead (None without), once the `depth` batches after it
    have been read and sent to be matched, so they are matched while it is linked. A file
    that breaks further on fails after the batches before the break are linked, as when it
    was read a batch at a time."""
    depth = ahead.depth if ahead is not None else 0
    queue: deque[tuple[list[rowlib.Row], Any]] = deque()  # read, being matched; oldest first
    problem: rowlib.FileProblem | None = None
    reading = True
    while reading or queue:
        if reading:
            try:
                rows = next(batches, None)
            except rowlib.FileProblem as exc:
                rows, problem = None, exc
            if rows is None:
                reading = False
            else:
                queue.append((rows, ahead.submit(rows) if ahead is not None else None))
        if queue and (not reading or len(queue) > depth):
            yield queue.popleft()
    if problem is not None:
        raise problem


def _batches(rows, size: int, stop_after: int):
    """The file's rows a batch at a time: `size` rows, fewer when a record id comes again (it
    starts the next batch) or the batch reaches `stop_after` rows in all (tests)."""
    pending: list[rowlib.Row] = []
    ids: set[str] = set()
    done = 0
    for row in rows:
        if row.readable and row.record_id in ids:  # a record id twice: a new batch
            yield pending
            done += len(pending)
            pending, ids = [], set()
        pending.append(row)
        if row.readable:
            ids.add(row.record_id)
        if len(pending) >= size or (stop_after and done + len(pending) >= stop_after):
            yield pending
            done += len(pending)
            pending, ids = [], set()
    if pending:
        yield pending


def _finish(run: LinkRun, status: str, message: str) -> LinkRun:
    LinkRun.objects.filter(pk=run.pk).update(
        status=status, message=message[:500], finished_at=timezone.now()
    )
    run.refresh_from_db()
    return run


def _changed_row(by, run: LinkRun, row: rowlib.Row) -> tuple[list[dict], dict[str, int]]:
    """A row whose record is there but changed, row by row (in its batch's transaction)."""
    out = _Outcome()
    problems = _match_row(by, run, row, out)
    return problems, {name: getattr(out, name) for name in batch.COUNTERS}


def _match_row(by, run: LinkRun, row: rowlib.Row, out: _Outcome) -> list[dict]:
    problems: list[dict] = []
    existing = (
        SourceRecord.objects.select_for_update()
        .filter(source=run.source, source_record_id=row.record_id)
        .first()
    )
    if existing is not None and existing.row_hash == row.row_hash:
        out.unchanged += 1
        return problems
    if existing is not None:
        out.updated += 1
        existing.data, existing.row_hash = row.raw, row.row_hash
        existing.run, existing.updated_at = run, timezone.now()
        existing.save(update_fields=["data", "row_hash", "run", "updated_at"])
        audit.record(
            by,
            Verb.UPDATE,
            existing,
            family=_family_of(existing.person),
            changes={"source": run.source, "record_id": row.record_id},
        )
        if existing.status in HUMAN_DECIDED:  # a person decided: the data officer's call stands
            return problems

    own = (
        existing.person
        if existing and existing.status in (RecordStatus.NEW, RecordStatus.REVIEW)
        else None
    )
    found = matcher.candidates(row.record)
    if own is not None:
        not_same = _not_same_ids(own.pk)
        found = [c for c in found if c[0] != own.pk and c[0] not in not_same]
    best = found[0] if found else None

    if best is not None and best[1] >= matcher.AUTO_THRESHOLD and own is None:
        linked = Person.objects.get(pk=best[0])
        if existing is None or existing.person_id != linked.pk:
            out.linked += 1
        record = _save_record(run, row, existing, linked, RecordStatus.LINKED)
        _audit_link(by, record, linked, probability=best[1], reasons=best[3])
        return problems
    if (
        existing is not None
        and existing.status == RecordStatus.LINKED
        and best is not None
        and best[0] == existing.person_id
    ):
        return problems  # still the same person, if less sure: left linked

    if own is not None:
        person = own
    else:
        person, warning = _create_person(by, row)
        if warning:
            problems.append(
                rowlib.Problem(row.number, row.record_id, "nhs_number", warning, False).as_dict()
            )
        out.created += 1
    status = RecordStatus.NEW
    record = _save_record(run, row, existing, person, status)
    if own is None:
        _audit_link(by, record, person, probability=None, reasons=["new person from partner data"])
    if best is not None and best[1] >= matcher.REVIEW_THRESHOLD:
        if _propose(by, run, record, person, best):
            out.to_review += 1
        if record.status != RecordStatus.REVIEW:
            record.status = RecordStatus.REVIEW
            record.save(update_fields=["status"])
    return problems


def _save_record(run, row, existing, person, status) -> SourceRecord:
    if existing is None:
        return SourceRecord.objects.create(
            source=run.source,
            source_record_id=row.record_id,
            data=row.raw,
            row_hash=row.row_hash,
            person=person,
            status=status,
            run=run,
        )
    existing.person, existing.status = person, status
    existing.save(update_fields=["person", "status"])
    return existing


def _family_of(person):
    if person is None:
        return None
    membership = person.memberships.filter(left_on__isnull=True).select_related("family").first()
    return membership.family if membership else None


def _audit_link(by, record: SourceRecord, person: Person, *, probability, reasons) -> None:
    audit.record(
        by,
        Verb.LINK,
        person,
        family=_family_of(person),
        changes={
            "source": record.source,
            "record_id": record.source_record_id,
            "status": record.status,
            "probability": probability,
            "reasons": list(reasons or []),
        },
    )


def _create_person(by, row: rowlib.Row) -> tuple[Person, str]:
    """A new register person (no family) from a partner's row, through people.actions."""
    import datetime as dt

    from django.conf import settings

    from people.actions import person_create

    record = row.record
    data: dict[str, Any] = {
        "given_name": row.raw["first_name"],
        "family_name": row.raw["surname"],
        "date_of_birth": record.get("dob"),
        "sex": record.get("sex", "U"),
        "nhs_number": record.get("nhs_number", ""),
        "upn": record.get("upn", ""),
    }
    if data["date_of_birth"]:
        data["date_of_birth"] = dt.date.fromisoformat(data["date_of_birth"])
    create = functools.partial(
        person_create,
        by=by,
        reason=f"From partner data ({row.raw.get('source_system') or 'extract'})",
        address={
            "line_1": record.get("address_line_1", ""),
            "postcode": record.get("postcode", ""),
        },
        is_synthetic=bool(settings.FAMILYHUB.get("DEMO")),  # a demo install: synthetic only
    )
    try:
        return create(data=data), ""
    except errors.RuleViolation as exc:
        if set(exc.field_errors) != {"nhs_number"}:
            raise
    return create(data={**data, "nhs_number": ""}), NHS_IN_USE


def _pair(a: int, b: int) -> tuple[int, int]:
    return (a, b) if a < b else (b, a)


def _not_same_ids(person_id: int) -> set[int]:
    rows = NotSame.objects.filter(Q(person_a_id=person_id) | Q(person_b_id=person_id))
    return {b if a == person_id else a for a, b in rows.values_list("person_a_id", "person_b_id")}


def _propose(by, run, record, person, best) -> bool:
    """Put the pair in the review queue unless it was decided not the same, or is queued."""
    candidate_id, probability, band, reasons = best
    if candidate_id in _not_same_ids(person.pk):
        return False
    pending = ReviewItem.objects.filter(
        new_person=person, candidate_id=candidate_id, decision__in=(Decision.OPEN, Decision.UNSURE)
    ).first()
    if pending is not None:
        pending.probability, pending.band, pending.reasons = probability, band, reasons
        pending.save(update_fields=["probability", "band", "reasons"])
        return False
    item = ReviewItem.objects.create(
        source_record=record,
        new_person=person,
        candidate_id=candidate_id,
        probability=probability,
        band=band,
        reasons=reasons,
        run=run,
    )
    audit.record(
        by,
        Verb.LINK,
        item,
        person=person,
        changes={"proposed": [person.pk, candidate_id], "band": band, "probability": probability},
    )
    return True


# --- Clerical review --------------------------------------------------------------------------


@action
def review_decide(
    *, by, item: ReviewItem, decision: str, note: str = "", expected_version: int
) -> ReviewItem:
    """A data officer's decision on a possible match: same (merge the new person into the
    register person), not the same (remembered: never proposed again) or not sure (stays)."""
    permit(policy.can_review_match(by, item))
    item = ReviewItem.objects.select_for_update().get(pk=item.pk)
    refuse_stale(item, expected_version, STALE_REVIEW)
    if not item.is_open:
        raise errors.RuleViolation(ALREADY_DECIDED)
    if decision not in (Decision.SAME, Decision.NOT_SAME, Decision.UNSURE):
        raise errors.RuleViolation(
            "Choose a decision", field_errors={"decision": ["Choose whether they are the same"]}
        )
    record = item.source_record
    new_person, candidate = item.new_person, item.candidate
    changes = {
        "decision": decision,
        "new_person": new_person.pk,
        "candidate": candidate.pk,
        "source": record.source,
        "record_id": record.source_record_id,
    }
    if decision == Decision.SAME:
        from people import merge

        reason = f"{MERGE_PREFIX}: {record}" + (f". {note}" if note else "")
        try:
            merged = merge.merge_people(by=by, keep=candidate, other=new_person, reason=reason)
        except merge.MergeRefused as exc:
            raise errors.RuleViolation(exc.message) from exc
        changes["merge"] = merged.pk
        record.refresh_from_db()
        record.status = RecordStatus.CONFIRMED
        record.save(update_fields=["status"])
    elif decision == Decision.NOT_SAME:
        a, b = _pair(new_person.pk, candidate.pk)
        NotSame.objects.get_or_create(
            person_a_id=a,
            person_b_id=b,
            defaults={"review_item": item, "decided_by": by.user, "note": note},
        )
        record.status = RecordStatus.DISTINCT
        record.save(update_fields=["status"])
    fields = {
        "decision": decision,
        "note": note,
        "decided_by": by.user,
        "decided_at": timezone.now(),
    }
    if "merge" in changes:
        fields["merge_id"] = changes["merge"]
    bump(item, expected_version, STALE_REVIEW, fields)
    for person in (new_person, candidate):
        audit.record(
            by,
            Verb.LINK,
            item,
            person=person,
            family=_family_of(person),
            changes=changes,
            reason=note,
        )
    return item


# --- Uploads (the data officer's page) ------------------------------------------------------


def upload_dir():
    from django.conf import settings

    path = settings.VAR_DIR / "uploads" / "linkage"  # var/ is never served
    path.mkdir(parents=True, exist_ok=True)
    return path


@action
def upload_start(*, by, source: str, upload, then: Callable[[int], object]) -> LinkRun:
    """Keep the uploaded file under var/uploads, record the run and hand it to the worker:
    `then(run_id)` runs once the run is committed (the caller passes the worker's task,
    `tasks.link_uploaded_file.enqueue`, so that the task may call these actions without a
    cycle between the two modules)."""
    permit(policy.can_link_data(by))
    path = upload_dir() / f"{timezone.now():%Y%m%d-%H%M%S}-{secrets.token_hex(8)}.csv"
    digest = hashlib.sha256()
    with open(path, "wb") as handle:
        for chunk in upload.chunks():
            digest.update(chunk)
            handle.write(chunk)
    try:
        rowlib.check_file(path)
    except rowlib.FileProblem as exc:
        path.unlink(missing_ok=True)
        raise errors.RuleViolation(str(exc), field_errors={"file": [str(exc)]}) from exc
    run = run_create(
        by=by,
        source=source,
        file_name=upload.name,
        file_path=str(path),
        sha256=digest.hexdigest(),
    )
    audit.record(by, Verb.CREATE, run, changes={"source": source, "file": upload.name})
    after_commit(lambda: then(run.pk))
    return run


def review_merge_undone(sender, *, merge, by, reason, **kwargs) -> None:
    """A merge decided in the review queue was undone: the data officer now says the two are
    different people, so the item records that and the pair is never proposed again."""
    for item in ReviewItem.objects.select_for_update().filter(
        merge_id=merge.pk, decision=Decision.SAME
    ):
        a, b = _pair(item.new_person_id, item.candidate_id)
        NotSame.objects.get_or_create(
            person_a_id=a,
            person_b_id=b,
            defaults={
                "review_item": item,
                "decided_by": acting_user(by),
                "note": f"Merge undone: {reason}",
            },
        )
        SourceRecord.objects.filter(pk=item.source_record_id).update(status=RecordStatus.DISTINCT)
        fields = {
            "decision": Decision.NOT_SAME,
            "note": f"{item.note}\nMerge undone: {reason}".strip(),
            "decided_by": acting_user(by),
            "decided_at": timezone.now(),
        }
        bump(item, item.version, STALE_REVIEW, fields)
        for person_id in (item.new_person_id, item.candidate_id):
            audit.record(
                by,
                Verb.LINK,
                item,
                changes={"decision": Decision.NOT_SAME, "merge_undone": merge.pk},
                reason=reason,
                person=Person.objects.get(pk=person_id),
            )
