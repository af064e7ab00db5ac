"""Caseloads: the worker's own, and a manager's teams."""

from __future__ import annotations

from django.shortcuts import render
from django.views.decorators.http import require_http_methods

from casework import policy
from familyhub import errors
from familyhub.paging import page_number

from .. import queries


def _without(request, name: str) -> str:
    query = request.GET.copy()
    query.pop(name, None)
    return query.urlencode()


@require_http_methods(["GET"])
def caseload(request):
    if not policy.can_view_caseloads(request.user):
        raise errors.NotPermitted("Not permitted: can_view_caseloads")
    page = queries.caseload(
        request.user,
        overdue_page=page_number(request.GET.get("overdue_page")),
        unallocated_page=page_number(request.GET.get("unallocated_page")),
    )
    return render(
        request,
        "casework/caseload.html",
        {
            "page": page,
            # each list's links keep the other list's page
            "overdue_query": _without(request, "overdue_page"),
            "unallocated_query": _without(request, "unallocated_page"),
            "chart": queries.caseload_chart(page) if page.workers else None,
            "waiting": queries.step_downs_waiting_for(request.user),
            "nav": "caseload",
        },
    )
