"""The nightly summary: every measure counted by month, area, team, agency and group into
insight.Fact, once a night by a task (and on demand by `familyhub insight-refresh`). The
dashboards read only this table (a few hundred rows per measure and year), so a page answers in
the same time for a borough of a thousand people or a million.

A build replaces the whole summary in one transaction: readers see the old figures or the new,
never half of each."""

from __future__ import annotations

import datetime as dt
import time
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from django.db import transaction
from django.db.models import Count, Q, Sum
from django.db.models.functions import TruncMonth
from django.utils import timezone

from .measures import MEASURES
from .models import Fact, SummaryBuild

BATCH = 5000


def month_of(day: dt.date) -> dt.date:
    return day.replace(day=1)


def counted(key: str, as_of: dt.date) -> Iterable[dict]:
    """One measure counted by month, area, team, agency and group (in the database)."""
    qs = MEASURES[key].rows(as_of)
    return (
        qs.annotate(month=TruncMonth("i_day"))
        .values("month", "i_area", "i_team", "i_agency", "i_grp")
        .annotate(
            total=Count("i_unit", distinct=True),
            meeting=Count("i_unit", distinct=True, filter=Q(i_met=True)),
        )
        .order_by()
    )


def _facts(key: str, as_of: dt.date) -> Iterable[Fact]:
    for row in counted(key, as_of):
        month = row["month"]
        if isinstance(month, dt.datetime):
            month = month.date()
        yield Fact(
            measure=key,
            month=month,
            area=row["i_area"] or "",
            team_id=row["i_team"],
            agency_id=row["i_agency"],
            grp=str(row["i_grp"] or "")[:60],
            n=row["total"],
            met=row["meeting"],
        )


def build(as_of: dt.date | None = None) -> SummaryBuild:
    """Count every measure up to the day (today by default) and replace the summary."""
    as_of = as_of or timezone.localdate()
    t0 = time.perf_counter()
    made = 0
    with transaction.atomic():
        Fact.objects.all().delete()
        for key in MEASURES:
            batch: list[Fact] = []
            for fact in _facts(key, as_of):
                batch.append(fact)
                if len(batch) >= BATCH:
                    Fact.objects.bulk_create(batch)
                    made += len(batch)
                    batch = []
            Fact.objects.bulk_create(batch)
            made += len(batch)
        return SummaryBuild.objects.create(
            as_of=as_of,
            seconds=round(time.perf_counter() - t0, 2),
            facts=made,
            choices=_choices(),
        )


def latest() -> SummaryBuild | None:
    return SummaryBuild.objects.order_by("-started_at", "-pk").first()


# --- reading ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Filters:
    start: dt.date  # first day of the first month
    end: dt.date  # first day of the last month
    area: str = ""
    team_id: int | None = None
    agency_id: int | None = None

    def q(self) -> Q:
        q = Q(month__gte=self.start, month__lte=self.end)
        if self.area:
            q &= Q(area=self.area)
        if self.team_id:
            q &= Q(team_id=self.team_id)
        if self.agency_id:
            q &= Q(agency_id=self.agency_id)
        return q

    def as_query(self) -> dict[str, str]:
        out = {"start": self.start.strftime("%Y-%m"), "end": self.end.strftime("%Y-%m")}
        if self.area:
            out["area"] = self.area
        if self.team_id:
            out["team"] = str(self.team_id)
        if self.agency_id:
            out["agency"] = str(self.agency_id)
        return out


@dataclass
class Count2:
    n: int = 0
    met: int = 0


def by_group(keys: list[str], filters: Filters) -> dict[str, dict[str, Count2]]:
    """measure -> group -> counts over the period."""
    out: dict[str, dict[str, Count2]] = defaultdict(dict)
    rows = (
        Fact.objects.filter(filters.q(), measure__in=keys)
        .values("measure", "grp")
        .annotate(total=Sum("n"), meeting=Sum("met"))
        .order_by()
    )
    for r in rows:
        out[r["measure"]][r["grp"]] = Count2(r["total"] or 0, r["meeting"] or 0)
    return out


def by_month(keys: list[str], filters: Filters) -> dict[str, dict[dt.date, Count2]]:
    """measure -> month -> counts (every group)."""
    out: dict[str, dict[dt.date, Count2]] = defaultdict(dict)
    rows = (
        Fact.objects.filter(filters.q(), measure__in=keys)
        .values("measure", "month")
        .annotate(total=Sum("n"), meeting=Sum("met"))
        .order_by()
    )
    for r in rows:
        out[r["measure"]][r["month"]] = Count2(r["total"] or 0, r["meeting"] or 0)
    return out


def by_field(key: str, field: str, filters: Filters) -> dict[object, Count2]:
    """One measure by team_id, agency_id or area over the period."""
    rows = (
        Fact.objects.filter(filters.q(), measure=key)
        .values(field)
        .annotate(total=Sum("n"), meeting=Sum("met"))
        .order_by()
    )
    return {r[field]: Count2(r["total"] or 0, r["meeting"] or 0) for r in rows}


def _choices() -> dict[str, list]:
    """What the filters offer: the areas, teams, agencies and months in the summary (kept on
    the build, so a page need not scan the summary for them)."""
    facts = Fact.objects.order_by()
    months = sorted(facts.values_list("month", flat=True).distinct())
    return {
        "areas": sorted(a for a in facts.values_list("area", flat=True).distinct() if a),
        "teams": sorted(t for t in facts.values_list("team_id", flat=True).distinct() if t),
        "agencies": sorted(a for a in facts.values_list("agency_id", flat=True).distinct() if a),
        "months": [m.isoformat() for m in months],
    }
