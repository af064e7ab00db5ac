"""Reads for outcomes. Every function takes the acting user; single records are fetched through
the policy, the read is audited, and missing and forbidden are both a 404."""

from __future__ import annotations

from dataclasses import dataclass

from django.http import Http404

import audit
from access import registry
from access.principals import Purpose
from audit.models import Verb

from .charts import OutcomeRow, outcomes_chart
from .models import NEED_LABELS, SustainedOutcomeCheck


def get_outcome_check_for(user, episode_pk) -> SustainedOutcomeCheck:
    """The six-month sustained outcome check of one (closed) early help episode."""
    checks = SustainedOutcomeCheck.objects.select_related("family", "episode__child", "checked_by")
    try:
        check = checks.filter(episode_id=int(episode_pk)).first()
    except (TypeError, ValueError):
        check = None
    # It lists the needs found at assessment: a partner sees it when it sees the assessment.
    if check is None or not registry.can(user, check, Purpose.VIEW):
        raise Http404("No outcome check found")
    audit.record(user, Verb.VIEW, check, family=check.family, person=check.episode.child)
    return check


@dataclass
class Headline:
    """One closed piece of early help's headline outcomes: each need met at closure, and what
    the six-month check found (with its evidence), drawn and as rows for the table."""

    check: SustainedOutcomeCheck
    rows: list[OutcomeRow]
    chart: str


def headline_outcomes(user, family) -> list[Headline]:
    """The family's Supporting Families headline outcomes that this person may see (the
    assessment's section rules), newest closure first; the page they sit on records the view."""
    checks = (
        registry.visible_to(user, SustainedOutcomeCheck)
        .filter(family=family)
        .select_related("episode__child", "checked_by")
        .order_by("-closed_on", "-pk")
    )
    out = []
    for check in checks:
        results = check.need_results or {}
        rows = [
            OutcomeRow(
                need=NEED_LABELS.get(need, need),
                met_on=check.closed_on,
                sustained=results.get(need, check.sustained) if check.is_recorded else None,
                checked_on=check.checked_on,
                due_on=check.due_on,
            )
            for need in check.needs
        ]
        chart = outcomes_chart(chart_id=f"outcomes-{check.pk}", rows=rows)
        out.append(Headline(check, rows, chart))
    return out
