"""Joined-up early warnings for managers, and the front door's figures."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from familyhub import errors
from frontdoor import policy

from .. import actions, forms, queries
from ..metrics import charts as metrics_charts
from ..models import WarningStatus


@require_http_methods(["GET"])
def early_warning_list(request):
    status = request.GET.get("status", WarningStatus.OPEN)
    if status not in WarningStatus.values:
        status = WarningStatus.OPEN
    warnings = queries.early_warnings_for(request.user, status=status)
    return render(
        request,
        "frontdoor/early_warnings.html",
        {
            "warnings": warnings,
            "status": status,
            "nav": "front_door" if policy.is_front_door(request.user) else "early_warning",
            "sub": "early_warning",
            "counts": queries.queue_counts(request.user),
            "in_front_door": policy.is_front_door(request.user),
            "is_manager": policy.is_front_door_manager(request.user),
        },
    )


@require_http_methods(["GET", "POST"])
def early_warning_detail(request, pk):
    warning = queries.get_early_warning_for(request.user, pk, record_view=request.method == "GET")
    can_decide = (
        policy.can_decide_early_warning(request.user, warning)
        and warning.status == WarningStatus.OPEN
    )
    form = forms.EarlyWarningDecisionForm(
        request.POST or None, initial={"version": warning.version}
    )
    if request.method == "POST":
        if not can_decide:
            raise errors.NotPermitted("Not permitted: can_decide")
        if form.is_valid():
            d = form.cleaned_data
            with form.saving(rebase=False) as outcome:
                warning = actions.early_warning_decide(
                    by=request.user,
                    warning=warning,
                    expected_version=d["version"] or 0,
                    decision=d["decision"],
                    reason=d["reason"],
                )
            if outcome:
                messages.success(request, "Decision recorded")
                return redirect("frontdoor:early-warnings")
    return render(
        request,
        "frontdoor/early_warning.html",
        {"warning": warning, "form": form, "can_decide": can_decide, "nav": "early_warning"},
    )


@require_http_methods(["GET"])
def metrics(request):
    if not policy.can_view_front_door_metrics(request.user):
        raise errors.NotPermitted("Not permitted: can_view_front_door_metrics")
    today = timezone.localdate()
    form = forms.MetricsForm(request.GET or None)
    start, end = today - dt.timedelta(days=365), today
    if form.is_bound and form.is_valid():
        start = form.cleaned_data.get("start") or start
        end = form.cleaned_data.get("end") or end
    elif not form.is_bound:
        form = forms.MetricsForm(initial={"start": start, "end": end})
    result = queries.metrics_for(request.user, start=start, end=end)
    return render(
        request,
        "frontdoor/metrics.html",
        {
            "form": form,
            "m": result,
            "charts": metrics_charts(result),
            "nav": "front_door" if policy.is_front_door(request.user) else "metrics",
            "sub": "metrics",
            "counts": queries.queue_counts(request.user),
            "in_front_door": policy.is_front_door(request.user),
            "is_manager": policy.is_front_door_manager(request.user),
        },
    )
