"""Reach for the hub coordinator: the Best Start local plan's measures against their targets and
each breakdown, drawn (server-side SVG) with the same figures in a table beside, and as CSV."""

from __future__ import annotations

import datetime as dt
import io

from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_GET

import rules
from familyhub import errors
from familyhub.charts import Bar, bar_chart, describe
from familyhub.db_router import reads_from_replica
from familyhub.spreadsheets import SafeWriter

from .. import policy, queries
from ..forms import ReachPeriodForm
from ..reach import csv_rows


def _plan_year() -> tuple[dt.date, dt.date]:
    """The Best Start year so far: from 1 April to today."""
    today = timezone.localdate()
    year = today.year if today.month >= 4 else today.year - 1
    return dt.date(year, 4, 1), today


def _period(request) -> tuple[ReachPeriodForm, dt.date, dt.date]:
    start, end = _plan_year()
    form = ReachPeriodForm(request.GET or None)
    if form.is_bound and form.is_valid():
        start = form.cleaned_data.get("start") or start
        end = form.cleaned_data.get("end") or end
    elif not form.is_bound:
        form = ReachPeriodForm(initial={"start": start, "end": end})
    return form, start, end


def _svg(bars: list[Bar], chart_id: str, title: str, maximum: float | None = None) -> str:
    return mark_safe(  # noqa: S308 - familyhub.charts escapes every label
        bar_chart(bars, chart_id=chart_id, title=title, desc=describe(bars), maximum=maximum)
    )


def _targets_chart(report) -> str:
    """Each measure as a share of its target for the year (a withheld figure has no bar)."""
    bars = []
    for m in report.measures:
        if not m.target:
            continue
        share = round(100 * (m.value or 0) / m.target)
        text = f"{share}% of target" if m.value is not None else m.text
        bars.append(Bar(m.label, share if m.value is not None else 0, text))
    return _svg(bars, "chart-targets", "Reach against the Best Start local plan", 100)


def _breakdown_chart(b) -> str:
    children = b.key == "age"
    cells = b.children if children else b.families
    bars = [Bar(g, c.value or 0, c.text) for g, c in zip(b.groups, cells, strict=True)]
    what = "Children" if children else "Families"
    return _svg(bars, f"chart-{b.key}", f"{what} reached {b.title}")


@require_GET
@reads_from_replica
def reach(request):
    if not policy.coordinates_hubs(request.user):
        raise errors.NotPermitted("Not permitted: coordinates_hubs")
    form, start, end = _period(request)
    report = queries.reach_for(request.user, start=start, end=end)
    sections = [
        {
            "b": b,
            "chart": _breakdown_chart(b),
            "rows": list(zip(b.groups, b.families, b.children, strict=True)),
        }
        for b in report.breakdowns
    ]
    return render(
        request,
        "hubs/reach.html",
        {
            "form": form,
            "report": report,
            "targets_chart": _targets_chart(report),
            "sections": sections,
            "download_query": f"start={start.isoformat()}&end={end.isoformat()}",
            "review_months": rules.current("hub_sessions").two_year_review_months,
            "nav": "sessions",
        },
    )


def _iso(value: str | None) -> dt.date | None:
    try:
        return dt.date.fromisoformat(value or "")
    except ValueError:
        return None


@require_GET
@reads_from_replica
def reach_download(request):
    if not policy.coordinates_hubs(request.user):
        raise errors.NotPermitted("Not permitted: coordinates_hubs")
    start, end = _iso(request.GET.get("start")), _iso(request.GET.get("end"))
    if start is None or end is None or end < start:
        start, end = _plan_year()
    report = queries.reach_for(request.user, start=start, end=end, export=True)
    out = io.StringIO()
    SafeWriter(out).writerows(csv_rows(report))
    response = HttpResponse(out.getvalue(), content_type="text/csv; charset=utf-8")
    name = f"hub-reach-{start.isoformat()}-to-{end.isoformat()}.csv"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
