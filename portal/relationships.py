"""Relationship scores, counted: per worker (how many checks, the mean of each question, the
share who said they were listened to), small numbers suppressed (familyhub/suppression.py),
drawn as a server-side SVG bar chart with the same figures in the table and the CSV."""

from __future__ import annotations

import io
from collections.abc import Iterable
from dataclasses import dataclass

from django.utils.safestring import SafeString, mark_safe

from familyhub.charts import Bar, bar_chart, describe
from familyhub.spreadsheets import SafeWriter
from familyhub.suppression import suppress

from .models import QUESTIONS

QUESTION_LABELS = {
    "open": "Open",
    "honest": "Honest",
    "reliable": "Reliable",
    "persistent": "Persistent",
    "listened": "Listened to",
}


@dataclass(frozen=True)
class WorkerRow:
    name: str
    team: str
    count_text: str
    shown: bool
    means: dict[str, str]  # question -> "4.2" (or "" when suppressed)
    overall: float | None
    listened_share: str


def _mean(values: list[int]) -> float:
    return round(sum(values) / len(values), 1) if values else 0.0


def by_worker(checks: Iterable) -> list[WorkerRow]:
    groups: dict[int, list] = {}
    names: dict[int, tuple[str, str]] = {}
    for check in checks:
        groups.setdefault(check.worker_id, []).append(check)
        team = check.worker.team.name if check.worker.team_id else ""
        names[check.worker_id] = (check.worker.name, team)
    order = sorted(groups, key=lambda pk: names[pk])
    cells = suppress([len(groups[pk]) for pk in order])
    rows = []
    for pk, cell in zip(order, cells, strict=True):
        rows_checks = groups[pk]
        shown = not cell.suppressed
        means = {
            q: (f"{_mean([getattr(c, q) for c in rows_checks]):g}" if shown else "")
            for q in QUESTIONS
        }
        overall = _mean([getattr(c, q) for c in rows_checks for q in QUESTIONS]) if shown else None
        listened = sum(1 for c in rows_checks if c.listened >= 4)
        share = f"{round(100 * listened / len(rows_checks))}%" if shown else ""
        rows.append(WorkerRow(*names[pk], cell.text, shown, means, overall, share))
    return rows


def chart(rows: list[WorkerRow], *, chart_id: str = "relationships") -> SafeString:
    bars = [Bar(r.name, r.overall or 0, f"{r.overall:g} out of 5") for r in rows if r.shown]
    hidden = sum(1 for r in rows if not r.shown)
    note = f" {hidden} worker(s) with fewer than 5 answers not drawn." if hidden else ""
    return mark_safe(  # noqa: S308 - familyhub.charts escapes every label
        bar_chart(
            bars,
            chart_id=chart_id,
            title="How the help feels, by worker (average out of 5)",
            desc=describe(bars) + note,
            maximum=5,
        )
    )


def family_chart(checks: list, *, chart_id: str = "family-voice") -> SafeString:
    """A family's own answers over time: one bar per check (the average of its five answers)."""
    bars = [
        Bar(f"{c.answered_on:%-d %b %Y}, {c.person.full_name}", c.mean, f"{c.mean:g} out of 5")
        for c in checks
    ]
    return mark_safe(  # noqa: S308 - familyhub.charts escapes every label
        bar_chart(
            bars,
            chart_id=chart_id,
            title="How the help feels, each time the family answered (average out of 5)",
            desc=describe(bars),
            maximum=5,
        )
    )


def csv_text(rows: list[WorkerRow]) -> str:
    out = io.StringIO()
    writer = SafeWriter(out)
    writer.writerow(
        ["Worker", "Team", "Answers", *(QUESTION_LABELS[q] for q in QUESTIONS), "Listened to"]
    )
    for r in rows:
        writer.writerow(
            [r.name, r.team, r.count_text, *(r.means[q] for q in QUESTIONS), r.listened_share]
        )
    return out.getvalue()
