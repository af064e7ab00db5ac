"""The dashboards: an index, each dashboard with its filters, charts and tables, its CSV
download, and the children behind a figure (drill-down) for those the policy allows. Their
reads come from the read replica when there is one (familyhub.db_router)."""

from __future__ import annotations

import datetime as dt
import io
from urllib.parse import urlencode

from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from familyhub.db_router import reads_from_replica
from familyhub.spreadsheets import SafeWriter

from . import dashboards, forms, policy, queries
from .summary import Filters


def _filters(request, build) -> tuple[forms.FilterForm, Filters]:
    choices = queries.filter_choices(request.user, build)
    form = forms.FilterForm(request.GET or None, choices=choices)
    months = [dt.date.fromisoformat(m) for m in choices["months"]]
    last = months[-1] if months else timezone.localdate().replace(day=1)
    default_start = months[max(len(months) - 12, 0)] if months else last
    start, end, area, team, agency = default_start, last, "", None, None
    if request.GET and form.is_valid():
        data = form.cleaned_data
        start = data["start_month"] or default_start
        end = data["end_month"] or last
        area = data.get("area") or ""
        team = int(data["team"]) if data.get("team") else None
        agency = int(data["agency"]) if data.get("agency") else None
    elif not request.GET:
        form = forms.FilterForm(
            initial={"start": start.strftime("%Y-%m"), "end": end.strftime("%Y-%m")},
            choices=choices,
        )
    return form, Filters(start, end, area, team, agency)


@require_http_methods(["GET"])
@reads_from_replica
def index(request):
    build = queries.latest_build(request.user)
    return render(
        request,
        "insight/index.html",
        {"build": build, "titles": dashboards.TITLES, "nav": "dashboards"},
    )


@require_http_methods(["GET"])
@reads_from_replica
def dashboard(request, key):
    build = queries.latest_build(request.user)
    form, filters = _filters(request, build)
    board, exact = queries.dashboard_for(request.user, key, filters)
    query = urlencode(filters.as_query())
    return render(
        request,
        "insight/dashboard.html",
        {
            "board": board,
            "build": build,
            "form": form,
            "filters": filters,
            "exact": exact,
            "query": query,
            "may_drill": policy.can_drill_down(request.user),
            "titles": dashboards.TITLES,
            "nav": "dashboards",
        },
    )


@require_http_methods(["GET"])
@reads_from_replica
def download(request, key):
    build = queries.latest_build(request.user)
    _, filters = _filters(request, build)
    board, _ = queries.dashboard_for(request.user, key, filters, export=True)
    out = io.StringIO()
    SafeWriter(out).writerows(dashboards.csv_rows(board, filters))
    response = HttpResponse(out.getvalue(), content_type="text/csv; charset=utf-8")
    name = f"{key}-{filters.start:%Y-%m}-to-{filters.end:%Y-%m}.csv"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@require_http_methods(["GET"])
@reads_from_replica
def children(request, key, measure):
    if key not in dashboards.DASHBOARDS:
        raise Http404("Not found")
    build = queries.latest_build(request.user)
    _, filters = _filters(request, build)
    rows = queries.drill_down_for(request.user, measure, filters, request.GET.get("group", ""))
    return render(
        request,
        "insight/children.html",
        {
            "rows": rows,
            "key": key,
            "title": dashboards.TITLES[key],
            "measure": queries.MEASURES[measure],
            "filters": filters,
            "query": urlencode(filters.as_query()),
            "limit": queries.DRILL_LIMIT,
            "nav": "dashboards",
        },
    )
