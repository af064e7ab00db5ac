"""Writes of the returns app: runs of the CIN census (started, progressed, finished), their
findings, and every export of a census file, audited with its purpose."""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import json
import os
import tempfile
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

from django.conf import settings
from django.utils import timezone

import audit
from access.doorway import acting_user, action, after_commit, permit
from access.principals import PrincipalKind, principal_for
from audit.models import Verb
from familyhub import errors
from familyhub.db_router import replica_reads
from familyhub.spreadsheets import SafeWriter, write_only_workbook
from people.models import Family, Person

from . import annex_a, cin_census, claims, daily, findings, policy, push, validator, years
from .models import (
    CensusFinding,
    CensusRun,
    DailySend,
    DailySentChild,
    FamilyClaim,
    FindingKind,
    RunStatus,
    SendStatus,
)
from .years import CollectionYear

SYSTEM_ACTOR = "statutory returns (command line)"
PURPOSE_REQUIRED = "Say why the census is being run or downloaded (it is recorded in the audit)"
NOT_READY = "The census file is not ready: wait for the run to finish, or run it again"


def _permit_export(by: Any) -> None:
    """The command line runs as the system; a person must be an analyst or a manager."""
    if principal_for(by).kind != PrincipalKind.SYSTEM:
        permit(policy.can_run_returns(by))


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


@action
def census_export_to_file(
    *,
    by: Any,
    year: CollectionYear,
    path: Path,
    purpose: str,
    progress: Callable[[int, int], None] | None = None,
) -> int:
    """Write the census for `year` to `path` (from the command line); audited as an export."""
    _permit_export(by)
    with open(path, "wb") as out:
        count = cin_census.write_census(year, out, progress=progress)
    audit.record(
        by,
        Verb.EXPORT,
        reason=purpose,
        changes={
            "return": f"CIN census {year.label}",
            "children": count,
            "file": path.name,
            "sha256": file_sha256(path),
        },
    )
    return count


# --- Runs from the returns page (a background task writes and checks the census) -------------


def census_dir() -> Path:
    path = Path(settings.VAR_DIR) / "returns"  # var/ is never served
    path.mkdir(parents=True, exist_ok=True)
    return path


@action
def census_run_start(
    *, by: Any, year: CollectionYear, purpose: str, then: Callable[[int], object]
) -> CensusRun:
    """Record a run of the census for `year` and hand it to the task worker: `then(run_id)`
    runs once the run is committed (the view passes the task's enqueue)."""
    permit(policy.can_run_returns(by))
    purpose = (purpose or "").strip()
    if not purpose:
        raise errors.RuleViolation(PURPOSE_REQUIRED, field_errors={"purpose": [PURPOSE_REQUIRED]})
    run = CensusRun.objects.create(
        year=year.end_year,
        ruleset=year.ruleset,
        purpose=purpose[:300],
        by=acting_user(by),
        by_label=str(by.label),
    )
    audit.record(by, Verb.CREATE, run, reason=purpose, changes={"year": year.label})
    after_commit(lambda: then(run.pk))
    return run


def _progress_of(run_id: int) -> Callable[[int, int], None]:
    def progress(done: int, total: int) -> None:
        CensusRun.objects.filter(pk=run_id).update(children_done=done, children_total=total)

    return progress


def census_run_execute(run_id: int) -> CensusRun:
    """The task's work (outside one transaction, so the page sees the progress): write the
    census, then check it with DfE's rules and keep each finding with its record and field."""
    run = CensusRun.objects.get(pk=run_id)
    year = years.parse(str(run.year))
    path = census_dir() / f"cin-census-{year.label}-run{run.pk}.xml"
    CensusRun.objects.filter(pk=run.pk).update(
        status=RunStatus.WRITING, started_at=timezone.now(), file_path=str(path)
    )
    try:
        with open(path, "wb") as out:
            cin_census.write_census(year, out, progress=_progress_of(run.pk))
        CensusRun.objects.filter(pk=run.pk).update(
            status=RunStatus.VALIDATING, file_sha256=file_sha256(path)
        )
        result = validator.validate(path, year.ruleset)
    except Exception as exc:  # the page says what went wrong; nothing half-written is kept
        CensusRun.objects.filter(pk=run.pk).update(
            status=RunStatus.FAILED, message=str(exc)[:500], finished_at=timezone.now()
        )
        raise
    _keep_findings(run, year, result)
    CensusRun.objects.filter(pk=run.pk).update(
        status=RunStatus.DONE,
        errors=len(result.errors),
        queries=len(result.queries),
        finished_at=timezone.now(),
    )
    run.refresh_from_db()
    return run


def _keep_findings(run: CensusRun, year: CollectionYear, result: validator.Result) -> None:
    ids = {f.child for f in result.findings if f.child}
    people = dict(Person.objects.filter(la_child_id__in=ids).values_list("la_child_id", "pk"))
    rows = []
    for f in result.findings + result.la_level:
        person_id = people.get(f.child)
        to_fix = findings.target(f, person_id, year)
        rows.append(
            CensusFinding(
                run=run,
                kind=FindingKind.QUERY if f.is_query else FindingKind.ERROR,
                rule_code=f.code,
                message=f.message,
                la_child_id=f.child,
                person_id=to_fix.person_id,
                episode_id=to_fix.episode_id,
                module=f.table,
                item=f.field,
                value=f.value[:200],
                field=to_fix.field,
            )
        )
    CensusFinding.objects.bulk_create(rows, batch_size=500)


@action
def census_download(*, by: Any, run: CensusRun, purpose: str) -> Path:
    """The census file of a finished run, for a stated purpose (audited as an export)."""
    permit(policy.can_run_returns(by))
    purpose = (purpose or "").strip()
    if not purpose:
        raise errors.RuleViolation(PURPOSE_REQUIRED, field_errors={"purpose": [PURPOSE_REQUIRED]})
    path = Path(run.file_path)
    if run.status != RunStatus.DONE or not path.is_file():
        raise errors.RuleViolation(NOT_READY)
    audit.record(
        by,
        Verb.EXPORT,
        run,
        reason=purpose,
        changes={"return": f"CIN census {run.year_label}", "sha256": run.file_sha256},
    )
    return path


# --- DfE's daily collection: each sending logged, with the ids sent per child ----------------

PUSH_OFF = (
    "The push to DfE is switched off: set FAMILYHUB_DAILY_PUSH_URL to DfE's API address to "
    "switch it on"
)
PUSH_ATTEMPTS = 5  # then the sending is marked failed and needs a person to look at it


def _daily_send(by: Any, day: dt.date, purpose: str, status: str, destination: str) -> DailySend:
    """Build `day`'s request bodies, keep them and the ids sent per child, audit the export."""
    _permit_export(by)
    purpose = (purpose or "").strip()
    if not purpose:
        raise errors.RuleViolation("Give the purpose of the sending (it is audited)")
    entries = list(daily.children(day))
    flat = [entry for _, entry in entries]
    bodies = [flat[i : i + daily.MAX_CHILDREN] for i in range(0, len(flat), daily.MAX_CHILDREN)]
    text = json.dumps(bodies, sort_keys=True).encode("utf-8")
    send = DailySend.objects.create(
        day=day,
        purpose=purpose[:300],
        by_label=str(principal_for(by).label),
        status=status,
        bodies=bodies,
        children=len(flat),
        purged=sum(1 for entry in flat if entry.get("purge")),
        sha256=hashlib.sha256(text).hexdigest(),
        destination=destination[:300],
    )
    DailySentChild.objects.bulk_create(
        [
            DailySentChild(
                send=send,
                day=day,
                person_id=person_id,
                la_child_id=entry["la_child_id"],
                ids=daily.ids_of(entry),
                purged=bool(entry.get("purge")),
            )
            for person_id, entry in entries
        ],
        batch_size=500,
    )
    audit.record(
        by,
        Verb.EXPORT,
        send,
        reason=purpose,
        changes={
            "return": f"DfE daily collection {day.isoformat()}",
            "children": [entry["la_child_id"] for entry in flat],
            "purged": [entry["la_child_id"] for entry in flat if entry.get("purge")],
            "sha256": send.sha256,
            "to": destination,
        },
    )
    return send


@action
def daily_export_to_file(*, by: Any, day: dt.date, path: Path, purpose: str) -> int:
    """Write the day's request bodies for DfE's daily collection (one body, or a JSON array of
    them when split); logged and audited with the children sent. Returns how many children."""
    send = _daily_send(by, day, purpose, SendStatus.WRITTEN, f"file {path.name}")
    sent = send.bodies
    with open(path, "w", encoding="utf-8") as out:
        json.dump(sent[0] if len(sent) == 1 else sent, out, indent=1)
    DailySend.objects.filter(pk=send.pk).update(finished_at=timezone.now())
    return send.children


@action
def daily_push_start(
    *, by: Any, day: dt.date, purpose: str, then: Callable[[int], object]
) -> DailySend:
    """Build and log the day's bodies and hand them to the task worker to push (`then(send
    id)` once committed). Refused while the push is off."""
    cfg = push.config()
    if cfg is None:
        raise errors.RuleViolation(PUSH_OFF)
    send = _daily_send(by, day, purpose, SendStatus.QUEUED, cfg.url)
    after_commit(lambda: then(send.pk))
    return send


def daily_push_execute(send_id: int) -> DailySend:
    """The task's work: POST each body not yet acknowledged. A failure worth retrying leaves the
    sending RETRYING (the task queues itself again) until PUSH_ATTEMPTS, then FAILED."""
    send = DailySend.objects.get(pk=send_id)
    cfg = push.config()
    if cfg is None:
        DailySend.objects.filter(pk=send.pk).update(status=SendStatus.FAILED, message=PUSH_OFF)
        send.refresh_from_db()
        return send
    receipts = list(send.receipts)
    attempts = send.attempts + 1
    status, message = SendStatus.PUSHED, ""
    for body in send.bodies[len(receipts) :]:
        try:
            receipts.append(push.post(cfg, body))
        except push.PushFailed as exc:
            retry = exc.retryable and attempts < PUSH_ATTEMPTS
            status = SendStatus.RETRYING if retry else SendStatus.FAILED
            message = str(exc)[:500]
            break
    DailySend.objects.filter(pk=send.pk).update(
        status=status,
        receipts=receipts,
        attempts=attempts,
        message=message,
        finished_at=None if status == SendStatus.RETRYING else timezone.now(),
    )
    send.refresh_from_db()
    return send


# --- Supporting Families / Family Help claims ------------------------------------------------

NOT_CLAIMABLE = "This family's claim cannot be approved yet: "


@action
def claim_approve(
    *, by: Any, family: Family, period_start: dt.date, period_end: dt.date, note: str = ""
) -> FamilyClaim:
    """A manager approves a family's results claim; the evidence is checked again from the
    record and kept with the claim (audited)."""
    permit(policy.can_approve_claims(by))
    check = claims.check_family(family.pk)
    if not check.claimable:
        raise errors.RuleViolation(NOT_CLAIMABLE + "; ".join(check.missing))
    if FamilyClaim.objects.filter(family=family).exists():
        raise errors.RuleViolation("A claim for this family has already been approved")
    claim = FamilyClaim.objects.create(
        family=family,
        period_start=period_start,
        period_end=period_end,
        headlines=check.headlines,
        evidence=check.as_evidence(),
        approved_by=acting_user(by),
        approved_by_label=str(principal_for(by).label),
        note=(note or "").strip()[:500],
    )
    audit.record(
        by,
        Verb.CREATE,
        claim,
        family=family,
        reason="Supporting Families results claim approved",
        changes={
            "headlines": check.headlines,
            "period": [period_start.isoformat(), period_end.isoformat()],
        },
    )
    return claim


# --- Ofsted's Annex A lists ------------------------------------------------------------------

ANNEX_A_PURPOSE = "Say why you are exporting the Annex A lists (it is recorded in the audit)"


@action
def annex_a_export(
    *, by: Any, start: dt.date, end: dt.date, purpose: str, fmt: str
) -> tuple[Path, str]:
    """Write Ofsted's Annex A lists 1-7 for the period as a workbook (a sheet per list) or a zip
    of CSV files (a file per list), streamed, under var/returns; audited as an export with its
    purpose and the rows per list. Returns the file and its download name."""
    permit(policy.can_export_annex_a(by))
    purpose = (purpose or "").strip()
    if not purpose:
        raise errors.RuleViolation(ANNEX_A_PURPOSE, field_errors={"purpose": [ANNEX_A_PURPOSE]})
    if end < start:
        raise errors.RuleViolation("‘To’ must be the same as or after ‘From’")
    name = f"annex-a-{start.isoformat()}-to-{end.isoformat()}"
    with replica_reads():  # the lists are read from the replica when there is one
        sheets = [(a.sheet, a.columns, a.rows(start, end)) for a in annex_a.LISTS]
        suffix = ".zip" if fmt == "csv" else ".xlsx"
        handle, tmp = tempfile.mkstemp(dir=census_dir(), prefix="annex-a-", suffix=suffix)
        os.close(handle)
        path = Path(tmp)
        if fmt == "csv":
            counts = {}
            with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
                for title, header, rows in sheets:
                    with archive.open(f"{title}.csv", "w") as raw:
                        text = io.TextIOWrapper(raw, encoding="utf-8-sig", newline="")
                        writer = SafeWriter(text)
                        writer.writerow(header)
                        counts[title] = 0
                        for row in rows:
                            writer.writerow(row)
                            counts[title] += 1
                        text.flush()
                        text.detach()
            name += ".zip"
        else:
            counts = write_only_workbook(path, sheets)
            name += ".xlsx"
    audit.record(
        by,
        Verb.EXPORT,
        reason=purpose[:500],
        changes={
            "return": "Ofsted Annex A lists 1-7",
            "period": [start.isoformat(), end.isoformat()],
            "format": fmt,
            "rows": counts,
            "sha256": file_sha256(path),
        },
    )
    return path, name
