"""Six-month sustained outcome check (Supporting Families, shared/docs/domain.md §3.3, §5.5).

When an early help episode closes with needs met, a check falls due a number of months later
(the rules version's `sustained_outcome_check_months`, 6). Recording the check says whether the
family's outcomes were sustained, overall and per need identified at assessment, with evidence."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

import audit
from access import registry
from access.doorway import action, permit
from access.principals import Purpose
from audit.models import Verb
from familyhub import errors
from people.actions import chronicle

from . import messages as msg
from .models import SustainedOutcomeCheck

NEEDS_MET = "needs_met"


def falls_due_at_closure(episode) -> bool:
    """Supporting Families: only an early help episode closed with needs met is checked later."""
    return (
        episode.kind == "EH"
        and episode.closure_reason == NEEDS_MET
        and episode.closed_on is not None
    )


def sustained_outcome_check_open(
    *, by, episode, due_on: dt.date, rules_version: str, needs: list[str]
) -> SustainedOutcomeCheck | None:
    """Called (inside its transaction) by the episode step that closes an early help episode:
    only a closure with needs met sets a check, due on `due_on` under `rules_version`, asking
    about the `needs` identified at assessment."""
    if not falls_due_at_closure(episode):
        return None
    check, created = SustainedOutcomeCheck.objects.get_or_create(
        episode=episode,
        defaults={
            "family_id": episode.family_id,
            "closed_on": episode.closed_on,
            "due_on": due_on,
            "rules_version": rules_version,
            "needs": needs,
        },
    )
    if created:
        audit.record(
            by,
            Verb.CREATE,
            check,
            family=episode.family,
            person=episode.child,
            changes={"due_on": [None, check.due_on.isoformat()]},
        )
    return check


@action
def sustained_outcome_record(
    *,
    by,
    check: SustainedOutcomeCheck,
    checked_on: dt.date | None,
    sustained: bool | None,
    need_results: dict[str, bool] | None = None,
    evidence: str,
) -> SustainedOutcomeCheck:
    """Record the check once: sustained yes/no overall (and per need), with the evidence."""
    current = SustainedOutcomeCheck.objects.select_for_update().get(pk=check.pk)
    family = current.episode.family
    permit(registry.can(by, current, Purpose.EDIT))
    if current.is_recorded:
        raise errors.RuleViolation(msg.CHECK_RECORDED)
    results = {k: bool(v) for k, v in (need_results or {}).items() if k in current.needs}
    checked_on = _check_record(current, checked_on, sustained, results, evidence)
    SustainedOutcomeCheck.objects.filter(pk=current.pk).update(
        checked_on=checked_on,
        sustained=sustained,
        need_results=results,
        evidence=evidence.strip(),
        checked_by=by.user,
        recorded_at=timezone.now(),
    )
    current.refresh_from_db()
    audit.record(
        by,
        Verb.UPDATE,
        current,
        family=family,
        person=current.episode.child,
        changes={"sustained": [None, sustained], "need_results": [None, results]},
    )
    lines = [
        f"{label}: {'sustained' if ok else 'not sustained'}" for label, ok in current.need_rows()
    ]
    chronicle(
        by=by,
        family=family,
        person=current.episode.child,
        kind="outcome_check",
        significant=True,
        summary=f"Six-month outcome check for {current.episode.child.full_name}: "
        + ("outcomes sustained" if sustained else "outcomes not sustained"),
        detail="\n".join([*lines, f"Evidence: {current.evidence}"]),
        occurred_at=_chronology_time(checked_on),
    )
    return current


def _check_record(current, checked_on, sustained, results, evidence) -> dt.date:
    """Every problem with a check at once, so the form shows them together; the date."""
    field_errors: dict[str, list[str]] = {}

    def add(field: str, message: str) -> None:
        field_errors.setdefault(field, []).append(message)

    if checked_on is None:
        add("checked_on", msg.REQUIRED.format(label="the date of the check"))
    elif checked_on > timezone.localdate():
        add("checked_on", msg.DATE_IN_FUTURE.format(label="The date of the check"))
    elif checked_on < current.due_on:
        add("checked_on", msg.CHECK_NOT_DUE_YET.format(due=f"{current.due_on:%-d %B %Y}"))
    if sustained is None:
        add("sustained", msg.CHECK_NEEDS_ANSWER)
    if sustained and any(v is False for v in results.values()):
        add("sustained", msg.CHECK_NEEDS_ANSWER)
    if not (evidence or "").strip():
        add("evidence", msg.CHECK_NEEDS_EVIDENCE)
    if field_errors or checked_on is None:
        first = next(iter(field_errors.values()))[0]
        raise errors.RuleViolation(first, field_errors=field_errors)
    return checked_on


def _chronology_time(day: dt.date) -> dt.datetime:
    """The chronology shows the check on the day it was made (now, if that is today)."""
    if day == timezone.localdate():
        return timezone.now()
    return dt.datetime.combine(day, dt.time(12, 0), tzinfo=timezone.get_current_timezone())
