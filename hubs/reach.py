"""Reach for the hub coordinator (Best Start Family Hubs): families and children reached in a
period, by hub, age band, area and deprivation decile where known, first-time and returning,
and children aged 0 to 5 first seen before their two-year review; against the Best Start local
plan's targets (rules/data/hub_sessions). Counts from 1 to 4 are suppressed
(familyhub.suppression). Reads only: the query that shows it audits it (queries.reach_for).

Definitions (each figure says what it counts):
- a family is *reached* when any member was marked present at a session of the hub (a main site
  or one of its spokes) with a date in the period;
- the *children reached* are the children (aged 0 to 19 on the family's first day at a session
  in the period) of the families reached;
- a family is *first-time* when its first attendance at any hub falls in the period, otherwise
  *returning*;
- a child aged 0 to 5 was *seen before the two-year review* when the family's first attendance
  on or after the child's birth came before the child was 24 months old (the rules' age)."""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from django.db.models import Min, Q

import rules
from familyhub.suppression import Cell, suppress
from organisations.models import Hub
from people.models import Address, Family, Membership

from .models import AreaDeprivation, Attendance, Mark

AGE_BANDS = [(0, 1, "Under 2"), (2, 5, "2 to 5"), (6, 10, "6 to 10"), (11, 19, "11 to 19")]
MOST_DEPRIVED = (1, 2, 3)
NOT_KNOWN = "Not known"


@dataclass
class Breakdown:
    key: str
    title: str  # "by hub"
    groups: list[str]
    families: list[Cell]
    children: list[Cell]


@dataclass
class Measure:
    key: str
    label: str
    value: int | None  # None when suppressed
    text: str
    target: int | None
    target_text: str
    percent: bool = False


@dataclass
class Reach:
    start: dt.date
    end: dt.date
    hubs: list[Hub]
    measures: list[Measure] = field(default_factory=list)
    breakdowns: list[Breakdown] = field(default_factory=list)
    rules_version: str = ""


def _age(born: dt.date, on: dt.date) -> int:
    return on.year - born.year - ((on.month, on.day) < (born.month, born.day))


def _band(age: int | None) -> str:
    if age is None:
        return NOT_KNOWN
    return next((label for low, high, label in AGE_BANDS if low <= age <= high), NOT_KNOWN)


def _sector(postcode: str) -> str:
    """'DB1 2AB' -> 'DB1 2' (the outward code and the first figure of the inward code)."""
    code = postcode.upper().replace(" ", "")
    return f"{code[:-3]} {code[-3]}" if len(code) >= 5 else ""


def _attendance(hubs: list[Hub], start: dt.date, end: dt.date):
    """(family, day, main hub) for every present mark at the hubs in the period."""
    ids = [h.pk for h in hubs]
    rows = Attendance.objects.filter(
        Q(enrolment__session__service__hub__in=ids)
        | Q(enrolment__session__service__hub__main_site__in=ids),
        mark=Mark.PRESENT,
        meeting__on__gte=start,
        meeting__on__lte=end,
    ).values_list(
        "enrolment__family_id",
        "meeting__on",
        "enrolment__session__service__hub_id",
        "enrolment__session__service__hub__main_site_id",
    )
    return [(family, day, main or hub) for family, day, hub, main in rows]


def _first_ever(family_ids: set[int]) -> dict[int, dt.date]:
    return dict(
        Attendance.objects.filter(mark=Mark.PRESENT, enrolment__family_id__in=family_ids)
        .values("enrolment__family_id")
        .annotate(first=Min("meeting__on"))
        .values_list("enrolment__family_id", "first")
    )


def _days(family_ids: set[int]) -> dict[int, list[dt.date]]:
    days: dict[int, set[dt.date]] = defaultdict(set)
    for family, day in Attendance.objects.filter(
        mark=Mark.PRESENT, enrolment__family_id__in=family_ids
    ).values_list("enrolment__family_id", "meeting__on"):
        days[family].add(day)
    return {family: sorted(ds) for family, ds in days.items()}


def _deciles(family_ids: set[int]) -> dict[int, int]:
    """Each family's decile, from the latest postcode of any current member (where known)."""
    postcodes: dict[int, str] = {}
    for family, postcode in (
        Address.objects.filter(
            person__memberships__family_id__in=family_ids,
            person__memberships__left_on__isnull=True,
        )
        .exclude(postcode="")
        .order_by("pk")
        .values_list("person__memberships__family_id", "postcode")
    ):
        postcodes[family] = postcode
    known = dict(AreaDeprivation.objects.values_list("postcode_sector", "decile"))
    return {
        family: known[_sector(code)] for family, code in postcodes.items() if _sector(code) in known
    }


@dataclass
class _Child:
    family: int
    band: str
    age: int | None
    before_review: bool


def _children(family_first: dict[int, dt.date], months: int) -> list[_Child]:
    days = _days(set(family_first))
    out = []
    for m in Membership.objects.filter(
        family_id__in=list(family_first), role="child"
    ).select_related("person"):
        if m.left_on is not None and m.left_on < family_first[m.family_id]:
            continue
        born = m.person.date_of_birth
        age = _age(born, family_first[m.family_id]) if born else None
        if age is not None and not 0 <= age <= 19:
            continue
        before = False
        if born is not None and age is not None and age <= 5:
            seen = next((d for d in days.get(m.family_id, []) if d >= born), None)
            before = seen is not None and seen < rules.add_months(born, months)
        out.append(_Child(m.family_id, _band(age), age, before))
    return out


def _breakdown(key, title, groups, fam_of, child_of) -> Breakdown:
    fams = Counter(fam_of)
    kids = Counter(child_of)
    return Breakdown(
        key,
        title,
        groups,
        suppress([fams.get(g, 0) for g in groups]),
        suppress([kids.get(g, 0) for g in groups]),
    )


def _count(key: str, label: str, n: int, targets: dict[str, int]) -> Measure:
    cell = suppress([n])[0]
    target = targets.get(key)
    return Measure(key, label, cell.value, cell.text, target, str(target) if target else "–")


def _share(key: str, label: str, part: int, whole: int, targets: dict[str, int]) -> Measure:
    target = targets.get(key)
    target_text = f"{target}%" if target is not None else "–"
    # the part, the whole and what is left (whole - part) would each give a small count away
    if any(0 < n < 5 for n in (part, whole, whole - part)):
        return Measure(key, label, None, "withheld (fewer than 5)", target, target_text, True)
    value = round(100 * part / whole) if whole else 0
    return Measure(key, label, value, f"{value}% ({part} of {whole})", target, target_text, True)


def compute(*, hubs: list[Hub], start: dt.date, end: dt.date) -> Reach:
    ruleset = rules.current("hub_sessions")
    targets = ruleset.reach_targets
    seen = _attendance(hubs, start, end)
    family_first: dict[int, dt.date] = {}
    family_hubs: dict[int, set[int]] = defaultdict(set)
    for family, day, hub in seen:
        family_first[family] = min(day, family_first.get(family, day))
        family_hubs[family].add(hub)
    ids = set(family_first)
    ever = _first_ever(ids)
    first_time = {f for f in ids if ever.get(f, start) >= start}
    deciles = _deciles(ids)
    children = _children(family_first, ruleset.two_year_review_months)
    localities = dict(Family.objects.filter(pk__in=ids).values_list("pk", "locality"))
    names = {h.pk: h.name for h in hubs}
    report = Reach(start=start, end=end, hubs=hubs, rules_version=ruleset.version)

    under6 = [c for c in children if c.age is not None and c.age <= 5]
    deprived = [f for f in ids if deciles.get(f) in MOST_DEPRIVED]
    report.measures = [
        _count("families_reached", "Families reached", len(ids), targets),
        _count("children_reached", "Children reached (0 to 19)", len(children), targets),
        _count("children_0_5_reached", "Children aged 0 to 5 reached", len(under6), targets),
        _share("first_time_families_percent", "Families new to the hubs", len(first_time),
               len(ids), targets),
        _share("most_deprived_families_percent", "Families in the 30% most deprived areas",
               len(deprived), len(ids), targets),
        _share("seen_before_two_year_review_percent",
               "Children aged 0 to 5 first seen before their two-year review",
               sum(c.before_review for c in under6), len(under6), targets),
    ]  # fmt: skip

    hub_groups = [h.name for h in hubs]
    fam_hub = [names[h] for f in ids for h in family_hubs[f]]
    child_hub = [names[h] for c in children for h in family_hubs[c.family]]
    areas = sorted({localities.get(f) or NOT_KNOWN for f in ids})
    decile_of = {f: (f"Decile {deciles[f]}" if f in deciles else NOT_KNOWN) for f in ids}
    decile_groups = [f"Decile {d}" for d in range(1, 11)] + [NOT_KNOWN]
    visit = {f: "First time" if f in first_time else "Returning" for f in ids}
    bands = [label for _, _, label in AGE_BANDS] + [NOT_KNOWN]
    report.breakdowns = [
        _breakdown("hub", "by hub", hub_groups, fam_hub, child_hub),
        _breakdown("age", "by child's age", bands, [], [c.band for c in children]),
        _breakdown(
            "area",
            "by area",
            areas,
            [localities.get(f) or NOT_KNOWN for f in ids],
            [localities.get(c.family) or NOT_KNOWN for c in children],
        ),
        _breakdown(
            "decile",
            "by deprivation decile (1 is the most deprived)",
            decile_groups,
            list(decile_of.values()),
            [decile_of[c.family] for c in children],
        ),
        _breakdown(
            "visit",
            "first-time and returning",
            ["First time", "Returning"],
            list(visit.values()),
            [visit[c.family] for c in children],
        ),
    ]
    return report


def csv_rows(report: Reach) -> list[list]:
    """The report as CSV rows: the measures against their targets, then each breakdown (the
    same suppressed figures as the page)."""
    rows: list[list] = [
        ["Reach", f"{report.start.isoformat()} to {report.end.isoformat()}"],
        ["Hubs", "; ".join(h.name for h in report.hubs)],
        ["Targets", f"hub_sessions {report.rules_version}"],
        [],
        ["Measure", "Figure", "Target for the year"],
    ]
    rows += [[m.label, m.text, m.target_text] for m in report.measures]
    for b in report.breakdowns:
        rows += [[], [f"Reach {b.title}", "Families", "Children"]]
        rows += [
            [g, f.text, c.text] for g, f, c in zip(b.groups, b.families, b.children, strict=True)
        ]
    return rows
