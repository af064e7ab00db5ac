"""Server-side SVG bar charts with a title and a description in words (role="img"); the page
puts the same figures in a table beside each chart. Pure: no Django, every label escaped."""

from __future__ import annotations

from dataclasses import dataclass
from html import escape

INK, BAR, ALERT = "#0b0c0c", "#1d70b8", "#d4351c"
LABEL_W, BAR_W, VALUE_W, ROW_H, GAP = 230, 300, 90, 26, 10


@dataclass(frozen=True)
class Bar:
    label: str
    value: float
    text: str  # the value as the table shows it, e.g. "84%" or "12"
    alert: bool = False  # drawn red (e.g. overdue work)


def _wrap(text: str, width: int = 30) -> list[str]:
    lines: list[str] = []
    for word in text.split():
        if lines and len(lines[-1]) + 1 + len(word) <= width:
            lines[-1] += " " + word
        else:
            lines.append(word)
    return lines[:2] or [""]


def bar_chart(
    bars: list[Bar], *, chart_id: str, title: str, desc: str, maximum: float | None = None
) -> str:
    """Horizontal bars, one row each, scaled to `maximum` (or the largest value)."""
    top = max([maximum or 0, *(b.value for b in bars)]) or 1
    width = LABEL_W + BAR_W + VALUE_W
    height = max(len(bars), 1) * (ROW_H + GAP) + GAP
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="fh-chart" viewBox="0 0 {width} {height}" '
        f'role="img" aria-labelledby="{chart_id}-title {chart_id}-desc" '
        'font-family="Arial, sans-serif">',
        f'<title id="{chart_id}-title">{escape(title)}</title>',
        f'<desc id="{chart_id}-desc">{escape(desc)}</desc>',
    ]
    for i, b in enumerate(bars):
        y = GAP + i * (ROW_H + GAP)
        length = max(BAR_W * (b.value / top), 0) if b.value else 0
        lines = _wrap(b.label)
        for k, line in enumerate(lines):
            dy = ROW_H / 2 + 5 + (k - (len(lines) - 1) / 2) * 14
            out.append(
                f'<text x="{LABEL_W - 8}" y="{y + dy:.1f}" text-anchor="end" font-size="13" '
                f'fill="{INK}">{escape(line)}</text>'
            )
        out.append(
            f'<rect x="{LABEL_W}" y="{y}" width="{length:.1f}" height="{ROW_H}" '
            f'fill="{ALERT if b.alert else BAR}"/>'
        )
        out.append(
            f'<text x="{LABEL_W + length + 6:.1f}" y="{y + ROW_H / 2 + 5:.1f}" font-size="13" '
            f'font-weight="bold" fill="{INK}">{escape(b.text)}</text>'
        )
    out.append(f'<line x1="{LABEL_W}" y1="0" x2="{LABEL_W}" y2="{height}" stroke="{INK}"/>')
    out.append("</svg>")
    return "\n".join(out)


def describe(bars: list[Bar]) -> str:
    """The chart in words: each label and its value."""
    return "; ".join(f"{b.label}: {b.text}" for b in bars) + "." if bars else "No figures."
