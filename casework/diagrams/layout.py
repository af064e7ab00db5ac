"""Pure layout for the genogram and the ecomap: plain data in, positions out. No Django, no
database, so the geometry is unit-tested on its own (casework/tests/test_diagram_layout.py).

Genogram: generations from the parent, grandparent, partner and sibling links (a parent is one
generation above a child, a grandparent two); each generation is a row; partners sit side by
side; children sit under their parents in birth order (oldest on the left, as genograms are
drawn). Ecomap: the family in the middle, each agency or person round it on a circle."""

from __future__ import annotations

import math
from collections import defaultdict
from dataclasses import dataclass, field

# Geometry (SVG user units).
NODE = 40  # a person's symbol
GAP_X = 150  # centre to centre within a row (room for a name under the symbol)
ROW_Y = 150  # generation to generation
MARGIN = 70


@dataclass(frozen=True)
class GenoPerson:
    id: int
    name: str
    sex: str = "U"  # M, F or U
    born: str = ""  # "2016" or "" (shown under the name)
    died: str = ""  # year of death, "" when living; a deceased person is crossed through
    child_of_concern: bool = False
    in_household: bool = True
    role: str = ""  # child, parent_carer, other_adult, wider_family
    birth_order: str = ""  # ISO date of birth, for oldest-first among siblings


@dataclass(frozen=True)
class GenoLink:
    kind: str  # parent (a is parent of b), partner, sibling, grandparent
    a: int
    b: int
    ended: bool = False  # a partnership that has ended: separated
    parental_responsibility: bool = False


@dataclass
class Placed:
    person: GenoPerson
    generation: int
    x: float = 0.0
    y: float = 0.0


@dataclass
class GenogramLayout:
    placed: dict[int, Placed]
    couples: list[tuple[int, int, bool]]  # (left, right, separated)
    descents: list[tuple[tuple[int, ...], list[int]]]  # (parents, children)
    width: float
    height: float
    generations: int = 0
    unplaced_links: list[GenoLink] = field(default_factory=list)


_DELTA = {"parent": 1, "step_parent": 1, "grandparent": 2, "partner": 0, "sibling": 0}
_ROLE_GEN = {"wider_family": -1, "parent_carer": 0, "other_adult": 0, "child": 1}


def generations(people: list[GenoPerson], links: list[GenoLink]) -> dict[int, int]:
    """Each person's generation, 0 at the top. Links give relative generations; a person with
    no links is placed by their role in the family."""
    ids = {p.id for p in people}
    edges: dict[int, list[tuple[int, int]]] = defaultdict(list)
    for link in links:
        if link.a in ids and link.b in ids and link.kind in _DELTA:
            d = _DELTA[link.kind]
            edges[link.a].append((link.b, d))
            edges[link.b].append((link.a, -d))
    gen: dict[int, int] = {}
    by_id = {p.id: p for p in people}
    # Start each connected group at a parent or carer where there is one, so roles anchor it.
    order = sorted(people, key=lambda p: (_ROLE_GEN.get(p.role, 0), p.birth_order or "9999"))
    for start in order:
        if start.id in gen:
            continue
        gen[start.id] = _ROLE_GEN.get(start.role, 0) + 1
        queue = [start.id]
        while queue:
            here = queue.pop(0)
            for there, d in edges[here]:
                if there not in gen:
                    gen[there] = gen[here] + d
                    queue.append(there)
    top = min(gen.values(), default=0)
    return {pid: g - top for pid, g in gen.items() if pid in by_id}


def _couples(links: list[GenoLink], gen: dict[int, int]) -> list[tuple[int, int, bool]]:
    seen: set[frozenset[int]] = set()
    out = []
    for link in links:
        pair = frozenset((link.a, link.b))
        if link.kind == "partner" and link.a in gen and link.b in gen and pair not in seen:
            seen.add(pair)
            out.append((link.a, link.b, link.ended))
    return out


def _parents_of(links: list[GenoLink], gen: dict[int, int]) -> dict[int, tuple[int, ...]]:
    parents: dict[int, set[int]] = defaultdict(set)
    for link in links:
        if link.kind in ("parent", "step_parent") and link.a in gen and link.b in gen:
            parents[link.b].add(link.a)
    return {child: tuple(sorted(ps)) for child, ps in parents.items()}


def _row_order(
    row: list[int],
    by_id: dict[int, GenoPerson],
    couples: list[tuple[int, int, bool]],
    parents: dict[int, tuple[int, ...]],
    x_of: dict[int, float],
) -> list[int]:
    """Children under their parents (by the parents' mean x), oldest first; partners next to
    each other."""

    def key(pid: int) -> tuple[float, str, int]:
        ps = [x_of[p] for p in parents.get(pid, ()) if p in x_of]
        anchor = sum(ps) / len(ps) if ps else math.inf
        return (anchor, by_id[pid].birth_order or "9999", pid)

    ordered = sorted(row, key=key)
    partner = {}
    for a, b, _ in couples:
        partner.setdefault(a, b)
        partner.setdefault(b, a)
    out: list[int] = []
    for pid in ordered:
        if pid in out:
            continue
        out.append(pid)
        mate = partner.get(pid)
        if mate in row and mate not in out:
            out.append(mate)
    return out


def genogram(people: list[GenoPerson], links: list[GenoLink]) -> GenogramLayout:
    by_id = {p.id: p for p in people}
    gen = generations(people, links)
    couples = _couples(links, gen)
    parents = _parents_of(links, gen)
    rows: dict[int, list[int]] = defaultdict(list)
    for pid, g in gen.items():
        rows[g].append(pid)
    widest = max((len(r) for r in rows.values()), default=1)
    width = 2 * MARGIN + (widest - 1) * GAP_X
    x_of: dict[int, float] = {}
    placed: dict[int, Placed] = {}
    for g in sorted(rows):
        order = _row_order(rows[g], by_id, couples, parents, x_of)
        left = (width - (len(order) - 1) * GAP_X) / 2
        for i, pid in enumerate(order):
            x_of[pid] = left + i * GAP_X
            placed[pid] = Placed(by_id[pid], g, x_of[pid], MARGIN + g * ROW_Y)
    families: dict[tuple[int, ...], list[int]] = defaultdict(list)
    for child, ps in parents.items():
        families[ps].append(child)
    descents = [(ps, sorted(kids, key=lambda k: x_of[k])) for ps, kids in sorted(families.items())]
    height = 2 * MARGIN + max(len(rows) - 1, 0) * ROW_Y + 40
    return GenogramLayout(placed, couples, descents, width, height, len(rows))


# --- Ecomap -----------------------------------------------------------------------------------

STRONG, MODERATE, WEAK, NETWORK = "strong", "moderate", "weak", "network"
ECO_RADIUS = 210
ECO_CENTRE_R = 70
ECO_NODE_R = 62


@dataclass(frozen=True)
class Tie:
    id: str
    label: str  # the agency or person
    detail: str = ""  # who, e.g. "Fola Worker (family worker)"
    strength: str = MODERATE
    lead: bool = False
    cover: bool = False


@dataclass(frozen=True)
class PlacedTie:
    tie: Tie
    x: float
    y: float


@dataclass(frozen=True)
class EcomapLayout:
    centre: tuple[float, float]
    ties: list[PlacedTie]
    width: float
    height: float


def ecomap(ties: list[Tie]) -> EcomapLayout:
    """The family in the middle; ties spaced evenly round a circle, starting at the top and
    going clockwise, the lead practitioner's agency first."""
    ordered = sorted(ties, key=lambda t: (not t.lead, not t.cover, t.label))
    size = 2 * (ECO_RADIUS + ECO_NODE_R + 60)
    cx = cy = size / 2
    placed = []
    n = max(len(ordered), 1)
    for i, tie in enumerate(ordered):
        angle = -math.pi / 2 + 2 * math.pi * i / n
        placed.append(
            PlacedTie(tie, cx + ECO_RADIUS * math.cos(angle), cy + ECO_RADIUS * math.sin(angle))
        )
    return EcomapLayout((cx, cy), placed, size, size)


def strength(*, months_involved: float, involved: int, has_lead: bool) -> str:
    """The strength of an agency's tie, from its involvement records: strong when it leads, has
    two or more practitioners or teams involved, or has been involved six months or more;
    moderate from one month; weak before that."""
    if has_lead or involved >= 2 or months_involved >= 6:
        return STRONG
    if months_involved >= 1:
        return MODERATE
    return WEAK
