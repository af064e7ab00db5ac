"""Six-month sustained outcome check (Supporting Families, shared/docs/domain.md §3.3, §5.5).

When an early help episode closes with needs met, a check falls due a number of months later
(the rules version's `sustained_outcome_check_months`, 6). Recording the check says whether the
family's outcomes were sustained, overall and per need identified at assessment, with evidence."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

import audit
from access import policy
from access.doorway import action, permit
from audit.models import Verb
from familyhub import errors
from people.actions import chronicle

from .. import messages as msg
from ..models import (
    Assessment,
    AssessmentStatus,
    Episode,
    SustainedOutcomeCheck,
)
from ._common import _Errors, _today, _when
from .clocks import timescales_of

NEEDS_MET = "needs_met"


def _needs_at_closure(episode: Episode) -> list[str]:
    """The need areas of the family's latest completed whole-family assessment."""
    assessment = (
        Assessment.objects.filter(family_id=episode.family_id)
        .exclude(status=AssessmentStatus.DRAFT)
        .order_by("-completed_on", "-pk")
        .first()
    )
    if assessment is None:
        return []
    areas = assessment.needs.values_list("area", flat=True).order_by("pk")
    return list(dict.fromkeys(areas))


def _open_sustained_outcome_check(*, by, episode: Episode) -> SustainedOutcomeCheck | None:
    """Called by the episode step that closes an early help episode with needs met."""
    if episode.kind != "EH" or episode.closure_reason != NEEDS_MET or episode.closed_on is None:
        return None
    ts = timescales_of(episode)
    check, created = SustainedOutcomeCheck.objects.get_or_create(
        episode=episode,
        defaults={
            "family_id": episode.family_id,
            "closed_on": episode.closed_on,
            "due_on": ts.sustained_outcome_check_due(episode.closed_on),
            "rules_version": ts.version,
            "needs": _needs_at_closure(episode),
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
    permit(policy.can_record_casework(by, family))
    if current.is_recorded:
        raise errors.RuleViolation(msg.CHECK_RECORDED)
    errs = _Errors()
    if checked_on is None:
        errs.add("checked_on", msg.REQUIRED.format(label="the date of the check"))
    elif checked_on > _today():
        errs.add("checked_on", msg.DATE_IN_FUTURE.format(label="The date of the check"))
    elif checked_on < current.due_on:
        errs.add("checked_on", msg.CHECK_NOT_DUE_YET.format(due=f"{current.due_on:%-d %B %Y}"))
    if sustained is None:
        errs.add("sustained", msg.CHECK_NEEDS_ANSWER)
    results = {k: bool(v) for k, v in (need_results or {}).items() if k in current.needs}
    if sustained and any(v is False for v in results.values()):
        errs.add("sustained", msg.CHECK_NEEDS_ANSWER)
    if not (evidence or "").strip():
        errs.add("evidence", msg.CHECK_NEEDS_EVIDENCE)
    errs.raise_if_any()
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
        occurred_at=_when(checked_on),
    )
    return current
