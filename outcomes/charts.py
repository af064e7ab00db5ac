"""Distance travelled, drawn: one goal's scores over time on the goal's own scale (goal-based
outcome 0 to 10, or goal attainment −2 to +2), a server-side SVG line with a title and a
description in words (role="img"); the page keeps the same scores in its table. And the
Supporting Families headline outcomes of a closed piece of work: each need met at closure and
whether it was sustained six months later. Pure: no queries, every label escaped."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from html import escape

from .models import SCALE_RANGE, GoalScale, score_label

INK, LINE, GRID, MET, NOT_MET, DUE = (
    "#0b0c0c",
    "#1d70b8",
    "#b1b4b6",
    "#00703c",
    "#d4351c",
    "#505a5f",
)
# Narrow (web/static/web/familyhub.css .fh-chart--line draws it at most 420 px wide), so a
# phone shows the words at about their own size rather than scaled down from a desktop's width.
W, H, LEFT, RIGHT, TOP, BOTTOM = 300, 190, 40, 12, 16, 34


def _x(day: dt.date, first: dt.date, last: dt.date) -> float:
    span = (last - first).days
    if span <= 0:
        return LEFT + (W - LEFT - RIGHT) / 2
    return LEFT + (W - LEFT - RIGHT) * (day - first).days / span


def _y(score: int, low: int, high: int) -> float:
    return TOP + (H - TOP - BOTTOM) * (high - score) / (high - low)


def _shown(scale: str, score: int) -> str:
    return f"{score:+d}" if scale == GoalScale.ATTAINMENT and score else str(score)


def distance_chart(
    *, chart_id: str, goal: str, scale: str, points: list[tuple[dt.date, int]]
) -> str:
    """A goal's scores over time as a line on its own scale (empty when it has none)."""
    if not points:
        return ""
    low, high = SCALE_RANGE[GoalScale(scale)]
    first, last = points[0][0], points[-1][0]
    moved = points[-1][1] - points[0][1]
    desc = "; ".join(f"{score_label(scale, s)} on {d:%-d %B %Y}" for d, s in points)
    if len(points) > 1:
        desc += f". Distance travelled: {moved:+d}."
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="fh-chart fh-chart--line" '
        f'viewBox="0 0 {W} {H}" '
        f'role="img" aria-labelledby="{chart_id}-title {chart_id}-desc" '
        'font-family="Arial, sans-serif">',
        f'<title id="{chart_id}-title">Scores over time: {escape(goal)}</title>',
        f'<desc id="{chart_id}-desc">{escape(desc)}</desc>',
    ]
    step = 2 if high - low > 4 else 1
    for level in range(low, high + 1, step):
        y = _y(level, low, high)
        out.append(
            f'<line x1="{LEFT}" y1="{y:.1f}" x2="{W - RIGHT}" y2="{y:.1f}" stroke="{GRID}"/>'
        )
        out.append(
            f'<text x="{LEFT - 8}" y="{y + 4:.1f}" text-anchor="end" font-size="12" '
            f'fill="{INK}">{escape(_shown(scale, level))}</text>'
        )
    xy = [(_x(d, first, last), _y(s, low, high)) for d, s in points]
    if len(xy) > 1:
        path = " ".join(f"{x:.1f},{y:.1f}" for x, y in xy)
        out.append(f'<polyline points="{path}" fill="none" stroke="{LINE}" stroke-width="3"/>')
    for (x, y), (_day, s) in zip(xy, points, strict=True):
        out.append(f'<circle cx="{x:.1f}" cy="{y:.1f}" r="5" fill="{LINE}"/>')
        out.append(
            f'<text x="{x:.1f}" y="{y - 9:.1f}" text-anchor="middle" font-size="12" '
            f'font-weight="bold" fill="{INK}">{escape(_shown(scale, s))}</text>'
        )
    ends = [(xy[0][0], first, "start"), (xy[-1][0], last, "end")]  # inside the drawing
    for x, d, anchor in ends if len(xy) > 1 else [(xy[0][0], first, "middle")]:
        out.append(
            f'<text x="{x:.1f}" y="{H - 10}" text-anchor="{anchor}" font-size="12" '
            f'fill="{INK}">{d:%-d %b %Y}</text>'
        )
    out.append("</svg>")
    return "\n".join(out)


@dataclass(frozen=True)
class OutcomeRow:
    need: str
    met_on: dt.date
    sustained: bool | None  # None: the six-month check is not recorded yet
    checked_on: dt.date | None
    due_on: dt.date

    @property
    def status(self) -> str:
        if self.sustained is None:
            return f"six-month check due {self.due_on:%-d %B %Y}"
        return "sustained at six months" if self.sustained else "not sustained at six months"


LINE_H, BAR_H, GAP = 16, 26, 12


def outcomes_chart(*, chart_id: str, rows: list[OutcomeRow]) -> str:
    """Each need met at closure, coloured by what the six-month check found (green sustained,
    red not sustained, grey still due), with its status in words. Each need stands above its
    bar, which fills the width the page gives it (no viewBox: the words keep their size on a
    phone, as familyhub.charts' bars do)."""
    if not rows:
        return ""
    step = LINE_H + BAR_H + GAP
    height = len(rows) * step + GAP
    desc = "; ".join(f"{r.need}: met {r.met_on:%-d %B %Y}, {r.status}" for r in rows) + "."
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="fh-bars" height="{height}" role="img" '
        f'aria-labelledby="{chart_id}-title {chart_id}-desc" font-family="Arial, sans-serif">',
        f'<title id="{chart_id}-title">Headline outcomes and whether they were sustained</title>',
        f'<desc id="{chart_id}-desc">{escape(desc)}</desc>',
    ]
    for i, r in enumerate(rows):
        y = GAP + i * step
        colour = DUE if r.sustained is None else (MET if r.sustained else NOT_MET)
        out.append(
            f'<text x="0" y="{y + LINE_H - 3}" font-size="13" fill="{INK}">{escape(r.need)}</text>'
        )
        out.append(
            f'<rect x="0" y="{y + LINE_H + 2}" width="100%" height="{BAR_H - 4}" fill="{colour}"/>'
        )
        out.append(
            f'<text x="8" y="{y + LINE_H + BAR_H / 2 + 4:.0f}" font-size="13" font-weight="bold" '
            f'fill="#ffffff">{escape(r.status)}</text>'
        )
    out.append("</svg>")
    return "\n".join(out)
