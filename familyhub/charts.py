"""Server-side SVG bar charts with a title and a description in words (role="img"); the page
puts the same figures in a table beside each chart. Pure: no Django, every label escaped.
Readable at any width (WCAG 2.2 AA reflow and text size): labels above the bars, words at their
own size whatever the width (web/static/web/familyhub.css .fh-bars)."""

from __future__ import annotations

from dataclasses import dataclass
from html import escape

INK, BAR, ALERT, WHITE = "#0b0c0c", "#1d70b8", "#d4351c", "#ffffff"
FONT, LINE_H, BAR_H, GAP, WRAP = 13, 16, 22, 12, 38


@dataclass(frozen=True)
class Bar:
    label: str
    value: float
    text: str  # the value as the table shows it, e.g. "84%" or "12"
    alert: bool = False  # drawn red (e.g. overdue work)


def _wrap(text: str, width: int = WRAP) -> list[str]:
    lines: list[str] = []
    for word in text.split():
        if lines and len(lines[-1]) + 1 + len(word) <= width:
            lines[-1] += " " + word
        else:
            lines.append(word)
    return lines or [""]


def bar_chart(
    bars: list[Bar], *, chart_id: str, title: str, desc: str, maximum: float | None = None
) -> str:
    """Horizontal bars, each under its label, scaled to `maximum` (or the largest value).

    No viewBox: the drawing is as wide as the page gives it (lengths in percent) and its words
    keep their size (13 px), so a phone shows them as a desktop does."""
    top = max([maximum or 0, *(b.value for b in bars)]) or 1
    rows = [(b, _wrap(b.label)) for b in bars]
    height = sum(len(lines) * LINE_H + BAR_H + GAP for _, lines in rows) + GAP
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="fh-bars" height="{height}" '
        f'role="img" aria-labelledby="{chart_id}-title {chart_id}-desc" '
        'font-family="Arial, sans-serif">',
        f'<title id="{chart_id}-title">{escape(title)}</title>',
        f'<desc id="{chart_id}-desc">{escape(desc)}</desc>',
    ]
    y = GAP
    for b, lines in rows:
        for line in lines:
            y += LINE_H
            out.append(
                f'<text x="0" y="{y - 3}" font-size="{FONT}" fill="{INK}">{escape(line)}</text>'
            )
        share = 100 * max(b.value / top, 0) if b.value else 0
        out.append(
            f'<rect x="0" y="{y + 2}" width="{share:.1f}%" height="{BAR_H}" '
            f'fill="{ALERT if b.alert else BAR}"/>'
        )
        # The value after a short bar, or inside a long one (white, ending 6 px before its end).
        place = 'x="-6" text-anchor="end"' if share >= 50 else 'x="6"'
        out.append(
            f'<svg x="{share:.1f}%" y="{y + 2}" overflow="visible"><text {place} '
            f'y="{BAR_H / 2 + 5:.0f}" font-size="{FONT}" font-weight="bold" '
            f'fill="{WHITE if share >= 50 else INK}">{escape(b.text)}</text></svg>'
        )
        y += 2 + BAR_H + GAP
    out.append("</svg>")
    return "\n".join(out)


def describe(bars: list[Bar]) -> str:
    """The chart in words: each label and its value."""
    return "; ".join(f"{b.label}: {b.text}" for b in bars) + "." if bars else "No figures."
