"""Pages for outcomes. Thin: parse input, call one action or query, render."""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from access import registry
from access.principals import Purpose
from familyhub import errors

from . import actions, forms, queries


@require_http_methods(["GET", "POST"])
def outcome_check(request, pk):
    check = queries.get_outcome_check_for(request.user, pk)
    family = check.family
    can_record = registry.can(request.user, check, Purpose.EDIT) and not check.is_recorded
    form = forms.OutcomeCheckForm(request.POST or None, needs=check.needs)
    if request.method == "POST":
        if not can_record:
            raise errors.NotPermitted("Not permitted: can_record")
        if form.is_valid():
            d = form.cleaned_data
            with form.saving() as outcome:
                actions.sustained_outcome_record(
                    by=request.user,
                    check=check,
                    checked_on=d["checked_on"],
                    sustained=d["sustained"],
                    need_results=form.need_results(),
                    evidence=d["evidence"],
                )
            if outcome:
                messages.success(request, "Six-month outcome check recorded")
                return redirect(reverse("people:family", args=[family.pk]) + "#work")
    return render(
        request,
        "outcomes/outcome_check.html",
        {
            "check": check,
            "family": family,
            "form": form,
            "can_record": can_record,
            "status": check.status_on(timezone.localdate()),
        },
    )
