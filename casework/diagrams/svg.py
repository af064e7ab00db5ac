"""SVG text from a layout (casework.diagrams.layout): role="img" with a title and a description
in words, every name escaped. Pure: no Django. The same facts are in the table beside it."""

from __future__ import annotations

from html import escape

from .layout import (
    ECO_CENTRE_R,
    ECO_NODE_R,
    MODERATE,
    NETWORK,
    NODE,
    ROW_Y,
    STRONG,
    WEAK,
    EcomapLayout,
    GenogramLayout,
    Placed,
)

INK, HOUSEHOLD, CONCERN = "#0b0c0c", "#d2e2f1", "#d4351c"
HALF = NODE / 2


def _open(kind: str, width: float, height: float, title: str, desc: str) -> list[str]:
    return [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="fh-diagram fh-diagram--{kind}" '
        f'width="{width:.0f}" height="{height:.0f}" viewBox="0 0 {width:.0f} {height:.0f}" '
        f'role="img" aria-labelledby="{kind}-title {kind}-desc" font-family="Arial, sans-serif">',
        f'<title id="{kind}-title">{escape(title)}</title>',
        f'<desc id="{kind}-desc">{escape(desc)}</desc>',
    ]


def _symbol(p: Placed) -> list[str]:
    x, y, person = p.x, p.y, p.person
    fill = HOUSEHOLD if person.in_household else "#ffffff"
    width = 4 if person.child_of_concern else 2
    stroke = CONCERN if person.child_of_concern else INK
    style = f'fill="{fill}" stroke="{stroke}" stroke-width="{width}"'
    if person.sex == "M":
        shape = (
            f'<rect x="{x - HALF:.1f}" y="{y - HALF:.1f}" width="{NODE}" height="{NODE}" {style}/>'
        )
    elif person.sex == "F":
        shape = f'<circle cx="{x:.1f}" cy="{y:.1f}" r="{HALF}" {style}/>'
    else:
        corners = ((x, y - HALF), (x + HALF, y), (x, y + HALF), (x - HALF, y))
        pts = " ".join(f"{cx:.1f},{cy:.1f}" for cx, cy in corners)
        shape = f'<polygon points="{pts}" {style}/>'
    out = [shape]
    if person.child_of_concern:  # a second outline: the child or children of concern
        r = HALF + 6
        out.append(
            f'<rect x="{x - r:.1f}" y="{y - r:.1f}" width="{2 * r}" height="{2 * r}" rx="8" '
            f'fill="none" stroke="{CONCERN}" stroke-width="2"/>'
        )
    if person.died:  # crossed through
        out.append(
            f'<path d="M{x - HALF:.1f},{y - HALF:.1f} L{x + HALF:.1f},{y + HALF:.1f} '
            f'M{x + HALF:.1f},{y - HALF:.1f} L{x - HALF:.1f},{y + HALF:.1f}" '
            f'stroke="{INK}" stroke-width="2"/>'
        )
    return out


def _label(p: Placed, holds_pr: bool) -> list[str]:
    person = p.person
    years = (
        f"{person.born}–{person.died}"
        if person.died
        else (f"b. {person.born}" if person.born else "")
    )
    extra = " · PR" if holds_pr else ""
    top = p.y + HALF + 20
    return [
        f'<text x="{p.x:.1f}" y="{top:.1f}" text-anchor="middle" font-size="15" '
        f'font-weight="bold" fill="{INK}">{escape(person.name)}</text>',
        f'<text x="{p.x:.1f}" y="{top + 18:.1f}" text-anchor="middle" font-size="13" '
        f'fill="{INK}">{escape(years + extra)}</text>',
    ]


def _couple_line(a: Placed, b: Placed, separated: bool) -> list[str]:
    left, right = (a, b) if a.x <= b.x else (b, a)
    y = left.y
    out = [
        f'<line x1="{left.x + HALF:.1f}" y1="{y:.1f}" x2="{right.x - HALF:.1f}" y2="{y:.1f}" '
        f'stroke="{INK}" stroke-width="2"/>'
    ]
    if separated:  # two short slashes across the line
        mid = (left.x + right.x) / 2
        for dx in (-5, 5):
            out.append(
                f'<line x1="{mid + dx - 6:.1f}" y1="{y + 10:.1f}" x2="{mid + dx + 6:.1f}" '
                f'y2="{y - 10:.1f}" stroke="{INK}" stroke-width="2"/>'
            )
    return out


def _line(x1: float, y1: float, x2: float, y2: float) -> str:
    return (
        f'<line x1="{x1:.1f}" y1="{y1:.1f}" x2="{x2:.1f}" y2="{y2:.1f}" '
        f'stroke="{INK}" stroke-width="2"/>'
    )


def _descent(parents: list[Placed], children: list[Placed]) -> list[str]:
    """From the parents (the middle of a couple's line, or under a lone parent) down to a bar
    over the children, and down to each child."""
    px = sum(p.x for p in parents) / len(parents)
    top = parents[0].y + (0 if len(parents) > 1 else HALF)
    bar = children[0].y - ROW_Y / 2
    xs = [c.x for c in children]
    out = [_line(px, top, px, bar), _line(min([*xs, px]), bar, max([*xs, px]), bar)]
    for c in children:
        out.append(_line(c.x, bar, c.x, c.y - HALF - (6 if c.person.child_of_concern else 0)))
    return out


def genogram_svg(layout: GenogramLayout, *, title: str, desc: str, pr_holders: set[int]) -> str:
    out = _open("genogram", layout.width, layout.height, title, desc)
    placed = layout.placed
    for a, b, separated in layout.couples:
        out += _couple_line(placed[a], placed[b], separated)
    for parents, children in layout.descents:
        out += _descent([placed[p] for p in parents], [placed[c] for c in children])
    for p in placed.values():
        out += _symbol(p)
        out += _label(p, p.person.id in pr_holders)
    out.append("</svg>")
    return "\n".join(out)


_TIE_STYLE = {
    STRONG: 'stroke-width="6"',
    MODERATE: 'stroke-width="3"',
    WEAK: 'stroke-width="2" stroke-dasharray="8 6"',
    NETWORK: 'stroke-width="2" stroke-dasharray="2 5"',
}


def _wrap(text: str, width: int = 16) -> list[str]:
    lines: list[str] = []
    for word in text.split():
        if lines and len(lines[-1]) + 1 + len(word) <= width:
            lines[-1] += " " + word
        else:
            lines.append(word)
    return lines[:3]


def ecomap_svg(layout: EcomapLayout, *, family: str, title: str, desc: str) -> str:
    cx, cy = layout.centre
    out = _open("ecomap", layout.width, layout.height, title, desc)
    for t in layout.ties:
        out.append(
            f'<line x1="{cx:.1f}" y1="{cy:.1f}" x2="{t.x:.1f}" y2="{t.y:.1f}" stroke="{INK}" '
            f"{_TIE_STYLE.get(t.tie.strength, _TIE_STYLE[MODERATE])}/>"
        )
    out.append(
        f'<circle cx="{cx:.1f}" cy="{cy:.1f}" r="{ECO_CENTRE_R}" fill="{HOUSEHOLD}" '
        f'stroke="{INK}" stroke-width="2"/>'
    )
    out += _lines_of_text(cx, cy, _wrap(family, 14), bold=True)
    for t in layout.ties:
        marked = t.tie.lead or t.tie.cover
        out.append(
            f'<circle cx="{t.x:.1f}" cy="{t.y:.1f}" r="{ECO_NODE_R}" fill="#ffffff" '
            f'stroke="{INK}" stroke-width="{4 if marked else 2}"/>'
        )
        words = _wrap(t.tie.label, 13)
        tags = [word for word, on in (("LEAD", t.tie.lead), ("COVER", t.tie.cover)) if on]
        if tags:
            words = [" · ".join(tags), *words]
        out += _lines_of_text(t.x, t.y, words, bold=False)
    out.append("</svg>")
    return "\n".join(out)


def _lines_of_text(x: float, y: float, lines: list[str], *, bold: bool) -> list[str]:
    start = y - (len(lines) - 1) * 8
    weight = ' font-weight="bold"' if bold else ""
    return [
        f'<text x="{x:.1f}" y="{start + i * 16 + 5:.1f}" text-anchor="middle" font-size="13"'
        f'{weight} fill="{INK}">{escape(line)}</text>'
        for i, line in enumerate(lines)
    ]
