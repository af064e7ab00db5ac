"""The step-up and step-down flow chart: boxes for new work, early help, child in need, child
protection and closure, an arrow for each flow with its width by the count and the count
written on it (suppressed counts as their words), and the same figures as a table. Pure
drawing from the counts; every label escaped."""

from __future__ import annotations

from html import escape

from django.utils.safestring import SafeString, mark_safe

from familyhub.charts import ALERT, BAR, INK
from familyhub.suppression import FEWER_THAN, WITHHELD, suppress

from .labels import episode_kind
from .tables import Table

# Box centres (x, y) on a 640 x 340 drawing.
BOXES = {"NEW": (320, 30), "EH": (105, 150), "CIN": (320, 150), "CP": (535, 150),
         "CLOSED": (320, 305)}  # fmt: skip
BOX_W, BOX_H = 150, 44
EDGE_ORDER = [
    "NEW>EH", "NEW>CIN", "NEW>CP", "EH>CIN", "CIN>CP", "EH>CP", "CIN>EH", "CP>CIN", "CP>EH",
    "EH>CLOSED", "CIN>CLOSED", "CP>CLOSED",
]  # fmt: skip
STEP_UP, STEP_DOWN = {"EH>CIN", "CIN>CP", "EH>CP"}, {"CIN>EH", "CP>CIN", "CP>EH"}


def _kind(edge: str) -> str:
    if edge in STEP_UP:
        return "Step up"
    if edge in STEP_DOWN:
        return "Step down"
    return "Closure" if edge.endswith(">CLOSED") else "New work"


def table(edges: dict, exact: bool):
    """From, to, what kind of move, and how many (small numbers suppressed unless exact)."""
    names = [e for e in EDGE_ORDER if e in edges] + sorted(set(edges) - set(EDGE_ORDER))
    values = [edges[e].n for e in names]
    texts = [str(v) for v in values] if exact else [c.text for c in suppress(values)]
    rows = []
    for e, text in zip(names, texts, strict=True):
        a, b = e.split(">")
        rows.append([episode_kind(a), episode_kind(b), _kind(e), text])
    return Table("Step-up and step-down flows as a table", ["From", "To", "Move", "Episodes"],
                 rows)  # fmt: skip


def _line(edge: str) -> tuple[float, float, float, float, float, float] | None:
    """Start, end and label position of an edge's arrow."""
    a, b = edge.split(">")
    if a not in BOXES or b not in BOXES:
        return None
    (ax, ay), (bx, by) = BOXES[a], BOXES[b]
    if a == "NEW":
        return ax + (bx - ax) * 0.25, ay + BOX_H / 2, bx, by - BOX_H / 2, (ax + bx) / 2 + 8, 92
    if b == "CLOSED":
        return ax, ay + BOX_H / 2, bx + (ax - bx) * 0.25, by - BOX_H / 2, (ax + bx) / 2 + 8, 240
    if abs(bx - ax) > 300:  # early help and child protection, the long way round
        y = ay + BOX_H / 2 + (12 if ax < bx else 30)
        return ax, y, bx, y, 320, y + 14
    up = bx > ax
    y = ay - 8 if up else ay + 10
    left, right = (ax + BOX_W / 2, bx - BOX_W / 2) if up else (ax - BOX_W / 2, bx + BOX_W / 2)
    return left, y, right, y, (ax + bx) / 2, y - 6 if up else y + 16


def chart(edges: dict, figures) -> SafeString:
    texts = {f"{r[0]}>{r[1]}": r[3] for r in figures.rows}
    top = max([c.n for c in edges.values()] or [1]) or 1
    out = [
        '<div class="fh-figure-scroll" tabindex="0" role="region" '
        'aria-label="Step-up and step-down flows (scrolls sideways on a narrow screen)">'
        '<svg xmlns="http://www.w3.org/2000/svg" class="fh-diagram fh-flow" width="640" '
        'height="340" viewBox="0 0 640 340" '
        'role="img" aria-labelledby="flow-title flow-desc" font-family="Arial, sans-serif">',
        '<title id="flow-title">Step-up and step-down flows</title>',
        '<desc id="flow-desc">'
        + escape("; ".join(f"{r[0]} to {r[1]}: {r[3]}" for r in figures.rows) or "No flows.")
        + "</desc>",
        '<defs><marker id="flow-arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="5" '
        f'markerHeight="5" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" '
        f'fill="{INK}"/></marker></defs>',
    ]
    for name, (x, y) in BOXES.items():
        out.append(
            f'<rect x="{x - BOX_W / 2}" y="{y - BOX_H / 2}" width="{BOX_W}" height="{BOX_H}" '
            f'fill="#f3f2f1" stroke="{INK}"/>'
            f'<text x="{x}" y="{y + 5}" text-anchor="middle" font-size="14" font-weight="bold" '
            f'fill="{INK}">{escape(episode_kind(name))}</text>'
        )
    for edge in EDGE_ORDER:
        if edge not in edges:
            continue
        line = _line(edge)
        if line is None:
            continue
        x1, y1, x2, y2, lx, ly = line
        a, b = edge.split(">")
        text = texts.get(f"{episode_kind(a)}>{episode_kind(b)}", "")
        hidden = text in (FEWER_THAN, WITHHELD)
        width = 2 if hidden else 2 + 8 * edges[edge].n / top
        colour = ALERT if edge in STEP_UP else BAR
        out.append(
            f'<line x1="{x1:.0f}" y1="{y1:.0f}" x2="{x2:.0f}" y2="{y2:.0f}" stroke="{colour}" '
            f'stroke-width="{width:.1f}" marker-end="url(#flow-arrow)"/>'
            f'<text x="{lx:.0f}" y="{ly:.0f}" text-anchor="middle" font-size="12" '
            f'fill="{INK}">{escape(text)}</text>'
        )
    out.append("</svg></div>")
    return mark_safe("\n".join(out))  # noqa: S308 - every label escaped above
