"""Caseloads: the worker's own, and a manager's teams."""

from __future__ import annotations

from django.shortcuts import render
from django.views.decorators.http import require_http_methods

from casework import policy
from familyhub import errors

from .. import queries


@require_http_methods(["GET"])
def caseload(request):
    if not policy.can_view_caseloads(request.user):
        raise errors.NotPermitted("Not permitted: can_view_caseloads")
    page = queries.caseload(request.user)
    return render(
        request,
        "casework/caseload.html",
        {
            "page": page,
            "chart": queries.caseload_chart(page) if page.workers else None,
            "waiting": queries.step_downs_waiting_for(request.user),
            "nav": "caseload",
        },
    )
