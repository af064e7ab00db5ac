"""Each dashboard as sections: a chart (server-side SVG) with the same figures as a table
beside it, the definition in words, and the same tables as CSV rows. Read from the nightly
summary only (insight.summary); small numbers suppressed unless the viewer may see exact counts
(insight.policy.sees_exact_counts)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field

from django.utils.safestring import SafeString, mark_safe

import codelists
import rules
from familyhub.charts import Bar, bar_chart, describe
from familyhub.suppression import FEWER_THAN, WITHHELD, is_small, suppress

from . import flow, labels
from .measures import MEASURES
from .summary import Count2, Filters, by_field, by_group, by_month
from .tables import Table


@dataclass
class Section:
    key: str
    title: str
    definition: str
    table: Table
    chart: SafeString | str = ""
    drill: str = ""  # the measure whose children may be listed
    note: str = ""
    wide: bool = False  # a diagram drawn at its own size: the whole width, its table below


@dataclass
class Dashboard:
    key: str
    title: str
    intro: str
    sections: list[Section] = field(default_factory=list)


def _rate(met: int, n: int, exact: bool) -> str:
    if not n:
        return "–"
    if not exact and (is_small(met) or is_small(n - met)):
        return WITHHELD
    return f"{round(100.0 * met / n, 1):g}%"


def _counts(values: list[int], exact: bool) -> list[str]:
    if exact:
        return [str(v) for v in values]
    return [c.text for c in suppress(values)]


def _chart(bars: list[Bar], chart_id: str, title: str, rate: bool) -> SafeString | str:
    """The bars as an SVG chart (shares out of 100 when rate), or nothing when there are none."""
    if not bars:
        return ""
    svg = bar_chart(
        bars, chart_id=chart_id, title=title, desc=describe(bars), maximum=100 if rate else None
    )
    return mark_safe(svg)  # noqa: S308 - familyhub.charts escapes every label


def _grouped(
    key: str,
    groups: dict[str, Count2],
    label: Callable[[str], str],
    exact: bool,
    *,
    rate: bool,
    title: str,
    head: str,
    order: list[str] | None = None,
) -> tuple[Table, SafeString | str]:
    """A measure by group: table (count, and met with its rate) and a bar chart."""
    m = MEASURES[key]
    names = order or sorted(groups, key=lambda g: (-groups[g].n, label(g)))
    names = [g for g in names if g in groups]
    totals = _counts([groups[g].n for g in names], exact)
    rows, bars = [], []
    for g, total in zip(names, totals, strict=True):
        c = groups[g]
        row = [label(g), total]
        if rate:
            row += [_rate(c.met, c.n, exact)]
        rows.append(row)
        shown = total not in (FEWER_THAN, WITHHELD)
        if rate:
            text = row[2]
            value = 100.0 * c.met / c.n if c.n and text not in (WITHHELD, "–") else 0
            bars.append(Bar(label(g), value, text))
        else:
            bars.append(Bar(label(g), c.n if shown else 0, total))
    cols = [head, m.counts.capitalize()] + ([f"Share {m.met_label}"] if rate else [])
    table = Table(f"{title} as a table", cols, rows)
    chart_title = f"{title}: share {m.met_label}" if rate else title
    return table, _chart(bars, f"chart-{key}-{head.lower().replace(' ', '-')}", chart_title, rate)


def _trend(key: str, months: dict[dt.date, Count2], filters: Filters, exact: bool, *, rate: bool):
    """The measure month by month across the period."""
    m = MEASURES[key]
    series, day = [], filters.start
    while day <= filters.end:
        series.append((day, months.get(day, Count2())))
        day = (day + dt.timedelta(days=32)).replace(day=1)
    totals = _counts([c.n for _, c in series], exact)
    rows, bars = [], []
    for (day, c), total in zip(series, totals, strict=True):
        label = day.strftime("%b %Y")
        row = [label, total] + ([_rate(c.met, c.n, exact)] if rate else [])
        rows.append(row)
        if rate:
            ok = row[2] not in (WITHHELD, "–")
            bars.append(Bar(label, 100.0 * c.met / c.n if ok and c.n else 0, row[2]))
        else:
            ok = total not in (FEWER_THAN, WITHHELD)
            bars.append(Bar(label, c.n if ok else 0, total))
    head = ["Month", m.counts.capitalize()] + ([f"Share {m.met_label}"] if rate else [])
    title = f"{m.title}, month by month"
    return Section(
        f"{key}-trend",
        title,
        m.definition,
        Table(f"{title} as a table", head, rows),
        _chart(bars, f"trend-{key}", title, rate),
        drill=key if m.drill else "",
    )


def _section(key, filters, exact, label, head, *, title="", order=None, rate=None) -> Section:
    m = MEASURES[key]
    rate = m.rate if rate is None else rate
    groups = by_group([key], filters).get(key, {})
    table, svg = _grouped(
        key, groups, label, exact, rate=rate, title=title or m.title, head=head, order=order
    )
    return Section(key, title or m.title, m.definition, table, svg, key if m.drill else "")


def _by(key, field_name, filters, exact, label, head, title) -> Section:
    m = MEASURES[key]
    groups = {str(k or ""): v for k, v in by_field(key, field_name, filters).items()}
    table, svg = _grouped(key, groups, label, exact, rate=m.rate, title=title, head=head)
    return Section(f"{key}-{field_name}", title, m.definition, table, svg, key if m.drill else "")


# --- the dashboards --------------------------------------------------------------------------
# Each is a function giving its sections, registered under its name with its title and
# introduction from ABOUT.

ABOUT: dict[str, tuple[str, str]] = {  # key: (title, introduction), in the pages' order
    "demand": (
        "Demand",
        "Contacts and consultations coming to the front door, what became of them, and where "
        "they came from.",
    ),
    "timeliness": (
        "Timeliness",
        "Front-door decisions within one working day and the statutory timescales: "
        "assessments within 45 working days, initial conferences within 15 working days of the "
        "strategy discussion, first core groups within 10 working days of the conference, and "
        "reviews in time. Due days come from the timescales rules version each case runs under.",
    ),
    "caseloads": (
        "Caseloads",
        "Open work on the day the figures were built: by worker, by team, and unallocated.",
    ),
    "flows": (
        "Flows and re-referrals",
        "Step up and step down between early help, child in need and child protection, and "
        "closure; and children referred again within 12 months.",
    ),
    "outcomes": (
        "Outcomes",
        "Children kept safely at home, families stepped down and not re-referred, goal "
        "progress by team, and the cost avoided.",
    ),
}
TITLES = {key: title for key, (title, _) in ABOUT.items()}
DASHBOARDS: dict[str, Callable[[Filters, bool], Dashboard]] = {}


def _dashboard(sections: Callable[[Filters, bool], list[Section]]):
    """Registers a function giving a dashboard's sections under its own name (a key of ABOUT)."""
    key = sections.__name__
    title, intro = ABOUT[key]

    def build(filters: Filters, exact: bool) -> Dashboard:
        return Dashboard(key, title, intro, sections(filters, exact))

    DASHBOARDS[key] = build
    return build


@_dashboard
def demand(filters: Filters, exact: bool) -> list[Section]:
    def source(code: str) -> str:
        return codelists.label("referral_source", code) if code else "Not recorded"

    return [
        _section("contacts", filters, exact, source, "Referral source",
                 title="Contacts by referral source"),
        _by("contacts", "agency_id", filters, exact, labels.agency, "Agency",
            "Contacts by the referrer's agency"),
        _section("consultations", filters, exact, labels.consultation_outcome, "Outcome",
                 title="Consultations by outcome"),
        _by("consultations", "agency_id", filters, exact, labels.agency, "Agency",
            "Consultations that became referrals, by agency"),
        _section("decisions", filters, exact, labels.decision_outcome, "Outcome",
                 title="Front-door decisions by outcome", rate=False),
        _trend("decisions", by_month(["decisions"], filters)["decisions"], filters, exact,
               rate=True),
    ]  # fmt: skip


@_dashboard
def timeliness(filters: Filters, exact: bool) -> list[Section]:
    months = by_month(["front_door", "clocks"], filters)
    return [
        _trend("front_door", months["front_door"], filters, exact, rate=True),
        _section("clocks", filters, exact, labels.clock, "Timescale",
                 title="Statutory timescales met, by timescale", order=labels.CLOCK_ORDER),
        _trend("clocks", months["clocks"], filters, exact, rate=True),
        _by("clocks", "team_id", filters, exact, labels.team, "Team",
            "Statutory timescales met, by team"),
    ]  # fmt: skip


@_dashboard
def caseloads(filters: Filters, exact: bool) -> list[Section]:
    last = Filters(filters.end, filters.end, filters.area, filters.team_id, filters.agency_id)
    return [
        _section("caseloads", last, exact, labels.worker, "Worker",
                 title="Open episodes by allocated worker", rate=False),
        _by("caseloads", "team_id", last, exact, labels.team, "Team",
            "Open episodes by team, and the share allocated"),
    ]  # fmt: skip


@_dashboard
def flows(filters: Filters, exact: bool) -> list[Section]:
    groups = by_group(["flow_starts", "flow_ends"], filters)
    edges = {**groups.get("flow_starts", {}), **groups.get("flow_ends", {})}
    table = flow.table(edges, exact)
    return [
        Section(
            "flows",
            "Step-up and step-down flows",
            f"{MEASURES['flow_starts'].definition} {MEASURES['flow_ends'].definition}",
            table,
            flow.chart(edges, table),
            drill="flow_starts",
            wide=True,
        ),
        _trend("re_referrals", by_month(["re_referrals"], filters)["re_referrals"], filters,
               exact, rate=True),
    ]  # fmt: skip


@_dashboard
def outcomes(filters: Filters, exact: bool) -> list[Section]:
    kept = by_group(["kept_home_12", "kept_home_24"], filters)
    rows = []
    for key in ("kept_home_12", "kept_home_24"):
        groups = kept.get(key, {})
        n = sum(c.n for c in groups.values())
        met = sum(c.met for c in groups.values())
        rows.append((key, Count2(n, met)))
    table, svg = _grouped(
        "kept_home_12", dict(rows), labels.kept_window, exact, rate=True,
        title="Children kept safely at home", head="Within",
        order=["kept_home_12", "kept_home_24"],
    )  # fmt: skip
    return [
        Section("kept_home", "Children kept safely at home", MEASURES["kept_home_12"].definition
                + " " + MEASURES["kept_home_24"].definition, table, svg, drill="kept_home_12"),
        _trend("kept_home_12", by_month(["kept_home_12"], filters)["kept_home_12"], filters,
               exact, rate=True),
        _section("stepped_down", filters, exact, labels.episode_kind, "Stepped down from",
                 title="Families stepped down and not re-referred within 12 months"),
        _by("goal_progress", "team_id", filters, exact, labels.team, "Team",
            "Goal progress by team"),
        cost_avoided(dict(rows)["kept_home_12"], filters, exact),
    ]  # fmt: skip


def cost_avoided(kept: Count2, filters: Filters, exact: bool) -> Section:
    """Children kept safely at home (12 months) × the unit costs in force at the period's end,
    with the method in words beside the figure."""
    costs = rules.version_for("unit_costs", on=filters.end)
    per_child = costs.avoided_per_child()
    children = kept.met
    shown = exact or not is_small(children)
    pounds = f"£{round(children * per_child):,}" if shown else WITHHELD
    method = (
        f"Children kept safely at home for 12 months ({children if shown else FEWER_THAN}) × "
        f"£{per_child:,.0f} a child: {costs.care_share_percent}% who would otherwise have "
        f"become looked after × {costs.weeks_of_care} weeks × £{costs.week_of_care_pounds:,} a "
        f"week of care, plus {costs.icpc_share_percent}% who would otherwise have needed an "
        f"initial child protection conference × £{costs.icpc_pounds:,} a conference. Unit costs "
        f"version {costs.version} ({costs.title})."
    )
    table = Table(
        "Cost avoided as a table",
        ["Figure", "Value"],
        [
            ["Children kept safely at home (12 months)", str(children) if shown else FEWER_THAN],
            ["Cost of a week of care", f"£{costs.week_of_care_pounds:,}"],
            ["Cost of an initial child protection conference", f"£{costs.icpc_pounds:,}"],
            ["Avoided for each child", f"£{per_child:,.0f}"],
            ["Cost avoided", pounds],
        ],
    )
    return Section("cost_avoided", "Cost avoided", method, table, note=pounds)


def csv_rows(d: Dashboard, filters: Filters) -> list[list[str]]:
    q = filters.as_query()
    out = [["dashboard", "section", *(f"{k}={v}" for k, v in q.items())]]
    for s in d.sections:
        out.append([d.title, s.title])
        out.append(["", *s.table.head])
        out += [["", *row] for row in s.table.rows]
    return out
