"""The family drawn (issue 17): the genogram and the ecomap of a family, from the record, with
the same facts as tables. The geometry is casework.diagrams (pure); this module reads the
members, their relationships, the open episodes, the involvements and the lead arrangement."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass

from django.utils import timezone
from django.utils.safestring import SafeString, mark_safe

from organisations.models import Involvement
from people.leads import lead_arrangement
from people.models import Family, Membership, Relationship
from people.queries import FamilyFacts, family_facts

from ..diagrams import layout as L
from ..diagrams.svg import ecomap_svg, genogram_svg
from ..models import Episode

_KIND_WORDS = {
    "parent": ("Parent of", "Child of"),
    "step_parent": ("Step-parent of", "Step-child of"),
    "grandparent": ("Grandparent of", "Grandchild of"),
    "partner": ("Partner of", "Partner of"),
    "sibling": ("Sibling of", "Sibling of"),
    "half_sibling": ("Half-sibling of", "Half-sibling of"),
    "carer": ("Carer of", "Cared for by"),
    "other": ("Related to", "Related to"),
}
_LINK_KIND = {"half_sibling": "sibling"}


@dataclass(frozen=True)
class PersonRow:
    name: str
    role: str
    generation: int
    born: str
    died: str
    household: str
    relationships: list[str]
    parental_responsibility: list[str]
    of_concern: bool


@dataclass(frozen=True)
class TieRow:
    label: str
    who: list[str]
    strength: str
    why: str
    mark: str  # "Lead practitioner", "Cover", "Lead practitioner and cover" or ""


@dataclass(frozen=True)
class FamilyDrawn:
    genogram: SafeString
    people: list[PersonRow]
    ecomap: SafeString
    ties: list[TieRow]


def _year(day: dt.date | None) -> str:
    return str(day.year) if day else ""


def _relationship_words(rel: Relationship, name_of: dict[int, str], person_id: int) -> str:
    forward, backward = _KIND_WORDS.get(rel.kind, _KIND_WORDS["other"])
    if rel.from_person_id == person_id:
        words = f"{forward} {name_of[rel.to_person_id]}"
    else:
        words = f"{backward} {name_of[rel.from_person_id]}"
    if rel.ended_on and rel.kind == "partner":
        words += f" (separated {rel.ended_on:%B %Y})".replace(" 0", " ")
    return words


def _genogram(
    family: Family, facts: FamilyFacts, open_children: set[int] | None
) -> tuple[SafeString, list[PersonRow]]:
    by_person: dict[int, Membership] = {}
    for m in facts.memberships:  # a current membership wins over an old one
        if m.left_on is None or m.person_id not in by_person:
            by_person[m.person_id] = m
    ids = set(by_person)
    rels = facts.relationships
    if open_children is None:
        open_children = set(
            Episode.objects.open().filter(family=family).values_list("child_id", flat=True)
        )
    concern = open_children & ids
    people = [
        L.GenoPerson(
            id=pid,
            name=m.person.full_name,
            sex=m.person.sex if m.person.sex in ("M", "F") else "U",
            born=_year(m.person.date_of_birth),
            died=_year(m.person.date_of_death),
            child_of_concern=pid in concern,
            in_household=m.in_household and m.left_on is None,
            role=m.role,
            birth_order=m.person.date_of_birth.isoformat() if m.person.date_of_birth else "",
        )
        for pid, m in by_person.items()
    ]
    links = [
        L.GenoLink(
            kind=_LINK_KIND.get(r.kind, r.kind),
            a=r.from_person_id,
            b=r.to_person_id,
            ended=r.ended_on is not None,
            parental_responsibility=r.parental_responsibility,
        )
        for r in rels
    ]
    lay = L.genogram(people, links)
    pr_holders = {r.from_person_id for r in rels if r.parental_responsibility}
    rows = _person_rows(lay, by_person, rels)
    svg = genogram_svg(
        lay,
        title=f"Genogram of the {family.name}",
        desc=_genogram_desc(family, lay, rows),
        pr_holders=pr_holders,
    )
    return mark_safe(svg), rows  # noqa: S308 - built by casework.diagrams.svg, every name escaped


def _person_rows(lay: L.GenogramLayout, by_person: dict, rels: list) -> list[PersonRow]:
    name_of = {pid: m.person.full_name for pid, m in by_person.items()}
    words: dict[int, list[str]] = defaultdict(list)
    pr: dict[int, list[str]] = defaultdict(list)
    for r in rels:
        words[r.from_person_id].append(_relationship_words(r, name_of, r.from_person_id))
        words[r.to_person_id].append(_relationship_words(r, name_of, r.to_person_id))
        if r.parental_responsibility:
            pr[r.from_person_id].append(f"For {name_of[r.to_person_id]}")
    rows = []
    for p in sorted(lay.placed.values(), key=lambda p: (p.generation, p.x)):
        m = by_person[p.person.id]
        rows.append(
            PersonRow(
                name=p.person.name,
                role=m.get_role_display(),
                generation=p.generation + 1,
                born=m.person.date_of_birth.strftime("%-d %B %Y")
                if m.person.date_of_birth
                else "Not known",
                died=m.person.date_of_death.strftime("%-d %B %Y") if m.person.date_of_death else "",
                household="Yes" if p.person.in_household else "No",
                relationships=words[p.person.id],
                parental_responsibility=pr[p.person.id],
                of_concern=p.person.child_of_concern,
            )
        )
    return rows


def _genogram_desc(family: Family, lay: L.GenogramLayout, rows: list[PersonRow]) -> str:
    parts = [
        f"{len(rows)} people in {lay.generations} generation{'s' if lay.generations != 1 else ''}."
    ]
    died = [r.name for r in rows if r.died]
    if died:
        parts.append("Died: " + ", ".join(died) + ".")
    away = [r.name for r in rows if r.household == "No" and not r.died]
    if away:
        parts.append("Not in the household: " + ", ".join(away) + ".")
    concern = [r.name for r in rows if r.of_concern]
    if concern:
        parts.append("Child or children of concern: " + ", ".join(concern) + ".")
    separated = [w for r in rows for w in r.relationships if "(separated" in w]
    if separated:
        parts.append(f"{len(separated) // 2} separated couple{'s' if len(separated) > 2 else ''}.")
    return " ".join(parts) + " The table that follows gives the same facts."


# --- Ecomap -----------------------------------------------------------------------------------


def _ecomap(family: Family, facts: FamilyFacts) -> tuple[SafeString, list[TieRow]]:
    today = timezone.localdate()
    arrangement = lead_arrangement(family)
    lead_id = arrangement.lead_id if arrangement else None
    cover_id = arrangement.cover_id if arrangement else None
    by_org: dict[int, list[Involvement]] = defaultdict(list)
    current = (i for i in facts.involvements if i.ended_on is None)
    for inv in sorted(current, key=lambda i: (i.started_on, i.pk)):
        by_org[inv.organisation_id].append(inv)
    ties, rows = [], []
    for invs in by_org.values():
        org = invs[0].organisation
        since = min(i.started_on for i in invs)
        months = (today - since).days / 30.44
        lead = any(i.practitioner_id == lead_id for i in invs if lead_id)
        cover = any(i.practitioner_id == cover_id for i in invs if cover_id)
        who = sorted({_who(i) for i in invs})
        strength = L.strength(months_involved=months, involved=len(invs), has_lead=lead)
        tie = L.Tie(
            id=f"org-{org.pk}",
            label=org.name,
            detail="; ".join(who),
            strength=strength,
            lead=lead,
            cover=cover,
        )
        ties.append(tie)
        rows.append(
            TieRow(
                label=org.name,
                who=who,
                strength=strength,
                why=f"Involved since {since:%-d %B %Y} ({_months_words(months)}), "
                f"{len(invs)} involvement record{'s' if len(invs) != 1 else ''}"
                + ("; leads the work" if lead else ""),
                mark=" and ".join(
                    w for w, on in (("lead practitioner", lead), ("cover", cover)) if on
                ).capitalize(),
            )
        )
    for m in facts.memberships:
        if m.role != "wider_family" or m.left_on or m.person.date_of_death:
            continue
        ties.append(L.Tie(id=f"person-{m.person_id}", label=m.person.full_name, strength=L.NETWORK))
        rows.append(
            TieRow(
                m.person.full_name,
                ["Wider family"],
                L.NETWORK,
                "Family network (a member of the wider family)",
                "",
            )
        )
    lay = L.ecomap(ties)
    order = {t.tie.label: i for i, t in enumerate(lay.ties)}
    rows.sort(key=lambda r: order.get(r.label, 0))
    svg = ecomap_svg(
        lay,
        family=family.name,
        title=f"Ecomap of the {family.name}",
        desc=_ecomap_desc(rows),
    )
    return mark_safe(svg), rows  # noqa: S308 - built by casework.diagrams.svg, every name escaped


def _who(i: Involvement) -> str:
    if i.practitioner_id:
        name = i.practitioner.name
    else:
        name = i.team.name if i.team_id else i.organisation.name
    return f"{name} ({i.get_role_display().lower()})"


def _months_words(months: float) -> str:
    whole = int(months)
    if whole < 1:
        return "less than a month"
    return f"{whole} month{'s' if whole != 1 else ''}"


def _ecomap_desc(rows: list[TieRow]) -> str:
    if not rows:
        return "No agency or person is recorded as involved with the family."
    parts = [f"{len(rows)} agencies and people around the family."]
    for r in rows:
        mark = f", {r.mark.lower()}" if r.mark else ""
        parts.append(f"{r.label}: {r.strength} tie{mark}.")
    return " ".join(parts) + " The table that follows gives the same facts."


def family_drawn(
    user,
    family: Family,
    facts: FamilyFacts | None = None,
    open_children: set[int] | None = None,
) -> FamilyDrawn:
    """The genogram and ecomap of a family the user may see (the caller has fetched the family
    through the registry; the family page's view is audited there). The family page passes the
    facts it has read and the children with an open episode, so nothing is asked twice."""
    facts = facts or family_facts(family)
    genogram, people = _genogram(family, facts, open_children)
    ecomap, ties = _ecomap(family, facts)
    return FamilyDrawn(genogram=genogram, people=people, ecomap=ecomap, ties=ties)
