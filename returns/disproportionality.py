"""Disproportionality for the safeguarding partnership's annual report (Working Together 2026
asks partnerships to analyse disproportionality and racism): what happened to children in a
period — front-door outcomes, step-ups, child protection plans, and any source added later
(FGDM offers when the pre-proceedings app records them) — broken down by ethnicity (DfE main
groups and codes, with "declined" and "not yet asked" apart), disability and age band, beside
the children on the register as the baseline. Small numbers are suppressed (familyhub.suppression).

Each source is a function of the period giving one row per child per event: the measure, the
day, and the child's ethnicity, disabilities, date of birth and expected date of birth. A new
source is added with `register_source` (from its own app's `ready`, so this module need not
import it); the page, the chart and the CSV show every registered source. Rows are streamed
from the database and only counted here, so a year of a large borough is never held in memory.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field

from django.db.models import Q
from django.utils import timezone

import codelists
from familyhub.suppression import Cell, suppress

# --- the dimensions ------------------------------------------------------------------------

DECLINED = "Declined to say (REFU)"
NOT_YET_ASKED = "Not yet asked (NOBT)"
ETHNIC_GROUPS = [
    "White",
    "Mixed or multiple ethnic groups",
    "Asian or Asian British",
    "Black or Black British",
    "Chinese",
    "Any other ethnic group",
    DECLINED,
    NOT_YET_ASKED,
]
_GROUP_BY_PREFIX = {
    "W": "White",
    "M": "Mixed or multiple ethnic groups",
    "A": "Asian or Asian British",
    "B": "Black or Black British",
}


def ethnic_group(code: str | None) -> str:
    """The DfE main group of an ethnicity code; declined (REFU) and not yet asked (NOBT, or
    nothing recorded) are kept apart, never folded into 'other'."""
    code = (code or "").strip().upper()
    if code == "REFU":
        return DECLINED
    if code in ("", "NOBT") or not codelists.is_valid("ethnicity", code):
        return NOT_YET_ASKED
    if code == "CHNE":
        return "Chinese"
    if code == "OOTH":
        return "Any other ethnic group"
    return _GROUP_BY_PREFIX.get(code[0], "Any other ethnic group")


def ethnicity_code_label(code: str | None) -> str:
    code = (code or "").strip().upper()
    if code in ("", "NOBT") or not codelists.is_valid("ethnicity", code):
        return NOT_YET_ASKED
    if code == "REFU":
        return DECLINED
    return f"{codelists.label('ethnicity', code)} ({code})"


ETHNIC_CODES = [
    ethnicity_code_label(c) for c, _ in codelists.choices("ethnicity") if c not in ("REFU", "NOBT")
] + [DECLINED, NOT_YET_ASKED]

DISABLED, NOT_DISABLED, DISABILITY_NOT_RECORDED = "Disabled", "No disability", "Not recorded"
DISABILITY_GROUPS = [DISABLED, NOT_DISABLED, DISABILITY_NOT_RECORDED]


def disability_group(codes) -> str:
    codes = [c for c in (codes or []) if c]
    if not codes:
        return DISABILITY_NOT_RECORDED
    return NOT_DISABLED if codes == ["NONE"] else DISABLED


UNBORN, AGE_NOT_KNOWN = "Unborn", "Age not known"
AGE_BANDS = [UNBORN, "Under 1", "1 to 4", "5 to 9", "10 to 15", "16 to 17", "18 or over"]
_BANDS = [(1, "Under 1"), (5, "1 to 4"), (10, "5 to 9"), (16, "10 to 15"), (18, "16 to 17")]


def age_band(on: dt.date, born: dt.date | None, due: dt.date | None) -> str:
    """The child's age band on the day of the event (unborn before the birth)."""
    if born is None:
        return UNBORN if due is not None else AGE_NOT_KNOWN
    if on < born:
        return UNBORN
    years = on.year - born.year - ((on.month, on.day) < (born.month, born.day))
    for below, band in _BANDS:
        if years < below:
            return band
    return "18 or over"


@dataclass(frozen=True)
class Dimension:
    key: str
    label: str
    groups: list[str]
    phrase: str  # the label inside a sentence ("by ethnicity (DfE main group)")


DIMENSIONS = [
    Dimension(
        "ethnic_group", "Ethnicity (DfE main group)", ETHNIC_GROUPS, "ethnicity (DfE main group)"
    ),
    Dimension("ethnicity", "Ethnicity (DfE code)", ETHNIC_CODES, "ethnicity (DfE code)"),
    Dimension("disability", "Disability", DISABILITY_GROUPS, "disability"),
    Dimension("age_band", "Age band", [*AGE_BANDS, AGE_NOT_KNOWN], "age band"),
]


# --- the sources ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Row:
    """One child in one event: what was counted, when, and the child's characteristics."""

    measure: str
    on: dt.date
    ethnicity: str | None
    disabilities: list | None
    born: dt.date | None
    due: dt.date | None


@dataclass(frozen=True)
class Source:
    key: str
    title: str
    measures: list[tuple[str, str]]  # (measure key, label), in the order shown
    rows: Callable[[dt.date, dt.date], Iterable[Row]]
    definition: str


SOURCES: dict[str, Source] = {}


def register_source(source: Source) -> None:
    """Add a source to the report (an app registers its own from its AppConfig.ready)."""
    SOURCES[source.key] = source


def _bounds(start: dt.date, end: dt.date) -> tuple[dt.datetime, dt.datetime]:
    zone = timezone.get_default_timezone()
    lo = dt.datetime.combine(start, dt.time.min, tzinfo=zone)
    hi = dt.datetime.combine(end + dt.timedelta(days=1), dt.time.min, tzinfo=zone)
    return lo, hi


def _day(value) -> dt.date:
    if isinstance(value, dt.datetime):
        return timezone.localtime(value).date()
    return value


FRONT_DOOR_MEASURES = [
    ("nfa", "Front door: no further action"),
    ("universal", "Front door: universal or family hub services"),
    ("early_help", "Front door: early help"),
    ("csc_referral", "Front door: referral to children's social care"),
    ("strategy_discussion", "Front door: strategy discussion"),
]


def front_door_rows(start: dt.date, end: dt.date) -> Iterator[Row]:
    """Each child named on a contact whose final decision (no sign-off needed, or agreed) was
    made in the period, by its outcome. A child not yet matched to the register counts with
    the details the referrer gave (ethnicity: not yet asked)."""
    from frontdoor.models import NamedRole, SignOff, ThresholdDecision

    lo, hi = _bounds(start, end)
    finals = ThresholdDecision.objects.filter(
        sign_off__in=[SignOff.NOT_REQUIRED, SignOff.AGREED],
        decided_at__gte=lo,
        decided_at__lt=hi,
        contact__people__role=NamedRole.CHILD,
    )
    values = finals.values_list(
        "outcome",
        "decided_at",
        "contact__people__person__ethnicity",
        "contact__people__person__disabilities",
        "contact__people__person__date_of_birth",
        "contact__people__person__expected_date_of_birth",
        "contact__people__date_of_birth",
        "contact__people__expected_date_of_birth",
    )
    for outcome, at, eth, dis, born, due, typed_born, typed_due in values.iterator(2000):
        yield Row(outcome, _day(at), eth, dis, born or typed_born, due or typed_due)


def step_up_rows(start: dt.date, end: dt.date) -> Iterator[Row]:
    """Each child stepped up from early help (family help) to children's social care."""
    from casework.models import StepUp

    lo, hi = _bounds(start, end)
    values = StepUp.objects.filter(at__gte=lo, at__lt=hi, children__isnull=False).values_list(
        "at",
        "children__ethnicity",
        "children__disabilities",
        "children__date_of_birth",
        "children__expected_date_of_birth",
    )
    for at, eth, dis, born, due in values.iterator(2000):
        yield Row("step_up", _day(at), eth, dis, born, due)


def cp_plan_rows(start: dt.date, end: dt.date) -> Iterator[Row]:
    """Each child protection plan that started in the period (a pre-birth plan counts as
    unborn)."""
    from casework.models import Episode

    values = Episode.objects.filter(
        kind="CP", cp_plan_started_on__gte=start, cp_plan_started_on__lte=end
    ).values_list(
        "cp_plan_started_on",
        "child__ethnicity",
        "child__disabilities",
        "child__date_of_birth",
        "child__expected_date_of_birth",
    )
    for on, eth, dis, born, due in values.iterator(2000):
        yield Row("cp_plan", on, eth, dis, born, due)


register_source(
    Source(
        "front_door",
        "Front-door outcomes",
        FRONT_DOOR_MEASURES,
        front_door_rows,
        "Children named on contacts whose final front-door decision was made in the period, by "
        "the decision's outcome.",
    )
)
register_source(
    Source(
        "step_ups",
        "Step-ups",
        [("step_up", "Stepped up to children's social care")],
        step_up_rows,
        "Children stepped up from family help (early help) to children's social care in the "
        "period.",
    )
)
register_source(
    Source(
        "cp_plans",
        "Child protection plans",
        [("cp_plan", "Child protection plans started")],
        cp_plan_rows,
        "Child protection plans that started in the period, one per child per plan.",
    )
)

PRE_PROCEEDINGS_MEASURES = [
    ("pre_proceedings", "Pre-proceedings begun"),
    ("fgdm_offered", "Family group decision-making meeting offered"),
    ("fgdm_not_in_best_interests", "FGDM meeting not offered: not in the child's best interests"),
]


def pre_proceedings_rows(start: dt.date, end: dt.date) -> Iterator[Row]:
    """Each child whose pre-proceedings began, whose family was first offered a family group
    decision-making meeting, or for whom one was decided not to be in their best interests, in
    the period (proceedings.queries.equity_rows)."""
    from proceedings.queries import equity_rows

    for measure, on, eth, dis, born, due in equity_rows(start, end):
        yield Row(measure, on, eth, dis, born, due)


register_source(
    Source(
        "pre_proceedings",
        "Pre-proceedings and FGDM",
        PRE_PROCEEDINGS_MEASURES,
        pre_proceedings_rows,
        "Children whose pre-proceedings began in the period; whose parents were first offered "
        "a family group decision-making meeting (Children Act 1989 s31ZA) in the period; and "
        "for whom a meeting was decided not to be in their best interests in the period.",
    )
)


def register_rows(end: dt.date) -> Iterator[Row]:
    """The baseline: each child (or unborn child) on the register on the last day, under 18."""
    from people.models import MemberRole, Person

    on_register = Q(memberships__role=MemberRole.CHILD, memberships__left_on__isnull=True)
    values = (
        Person.objects.filter(on_register, merged_into__isnull=True, date_of_death__isnull=True)
        .filter(
            Q(date_of_birth__gt=end.replace(year=end.year - 18))
            | Q(date_of_birth__isnull=True, expected_date_of_birth__isnull=False)
        )
        .distinct()
        .values_list("ethnicity", "disabilities", "date_of_birth", "expected_date_of_birth")
    )
    for eth, dis, born, due in values.iterator(2000):
        yield Row("register", end, eth, dis, born, due)


# --- the report ----------------------------------------------------------------------------

BASELINE = ("register", "Children on the register (baseline)")


@dataclass
class Table:
    dimension: Dimension
    columns: list[tuple[str, str]]  # (measure key, label)
    rows: list[tuple[str, list[Cell]]]  # (group, a cell per column)
    totals: list[Cell]


@dataclass
class Report:
    start: dt.date
    end: dt.date
    sources: list[Source]
    tables: list[Table] = field(default_factory=list)

    @property
    def columns(self) -> list[tuple[str, str]]:
        return self.tables[0].columns if self.tables else []


def _groups(row: Row) -> dict[str, str]:
    return {
        "ethnic_group": ethnic_group(row.ethnicity),
        "ethnicity": ethnicity_code_label(row.ethnicity),
        "disability": disability_group(row.disabilities),
        "age_band": age_band(row.on, row.born, row.due),
    }


def compute(*, start: dt.date, end: dt.date) -> Report:
    sources = list(SOURCES.values())
    columns = [BASELINE] + [m for s in sources for m in s.measures]
    counts: dict[str, Counter] = {d.key: Counter() for d in DIMENSIONS}
    streams: list[Iterable[Row]] = [register_rows(end)] + [s.rows(start, end) for s in sources]
    for stream in streams:
        for row in stream:
            for dim, group in _groups(row).items():
                counts[dim][(group, row.measure)] += 1
    report = Report(start=start, end=end, sources=sources)
    for d in DIMENSIONS:
        c = counts[d.key]
        raw = [[c[(g, m)] for m, _ in columns] for g in d.groups]
        keep = [i for i, g in enumerate(d.groups) if g != AGE_NOT_KNOWN or any(raw[i])]
        raw = [raw[i] for i in keep]
        by_column = [suppress([r[j] for r in raw]) for j in range(len(columns))]
        totals = [suppress([sum(r[j] for r in raw)])[0] for j in range(len(columns))]
        rows = [
            (d.groups[i], [by_column[j][k] for j in range(len(columns))])
            for k, i in enumerate(keep)
        ]
        report.tables.append(Table(d, columns, rows, totals))
    return report


def csv_rows(report: Report) -> Iterator[list]:
    """The report as CSV rows: one per dimension, group and measure (suppressed as shown)."""
    yield ["From", "To", "Breakdown", "Group", "Measure", "Children", "Share of measure"]
    for t in report.tables:
        for group, cells in t.rows:
            for (_, label), cell in zip(t.columns, cells, strict=True):
                yield [
                    report.start.isoformat(),
                    report.end.isoformat(),
                    t.dimension.label,
                    group,
                    label,
                    cell.text,
                    cell.share_text,
                ]
