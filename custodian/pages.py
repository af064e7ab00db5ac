"""The administrators' pages for Find a Record / Fetch a Record: the data-sharing agreements
(create one, revise one into its next version, see every version). IG officers may read them."""

from __future__ import annotations

from django.contrib import messages
from django.forms.models import model_to_dict
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from access.principals import Purpose

from . import actions, forms, policy, queries


def _require_viewer(request) -> None:
    if not policy.can_view_agreements(request.user):
        raise Http404("Not found")


@require_http_methods(["GET", "POST"])
def agreements(request):
    _require_viewer(request)
    can_manage = policy.can_manage_agreements(request.user)
    form = forms.AgreementForm(request.POST or None, organisations=queries.organisations())
    if request.method == "POST":
        if not can_manage:
            raise Http404("Not found")
        if form.is_valid():
            data = form.cleaned_data
            with form.saving() as outcome:
                agreement = actions.agreement_create(
                    by=request.user, reference=data["reference"], data=data
                )
            if outcome:
                messages.success(request, f"Agreement {agreement.reference} created")
                return redirect("custodian:agreement", reference=agreement.reference)
    rows = list(queries.agreements_visible_to(request.user))
    return render(
        request,
        "custodian/agreements.html",
        {
            "form": form,
            "current": [a for a in rows if a.superseded_at is None],
            "can_manage": can_manage,
            "nav": "api",
        },
    )


@require_http_methods(["GET", "POST"])
def agreement(request, reference):
    _require_viewer(request)
    version = request.GET.get("version")
    found = queries.get_agreement_for(request.user, reference, version)
    can_manage = policy.can_manage_agreements(request.user) and found.superseded_at is None
    initial = {**model_to_dict(found), "version": found.version, "change_note": ""}
    form = forms.AgreementForm(
        request.POST or None,
        initial=initial,
        organisations=queries.organisations(),
        revising=True,
    )
    if request.method == "POST":
        found = queries.get_agreement_for(request.user, reference, version, purpose=Purpose.EDIT)
        if form.is_valid():
            with form.saving() as outcome:
                revised = actions.agreement_revise(
                    by=request.user,
                    agreement=found,
                    expected_version=form.cleaned_data["version"] or 0,
                    data=form.cleaned_data,
                )
            if outcome:
                messages.success(
                    request, f"Agreement {revised.reference} is now version {revised.version}"
                )
                return redirect("custodian:agreement", reference=revised.reference)
    return render(
        request,
        "custodian/agreement.html",
        {
            "agreement": found,
            "versions": queries.agreement_versions(found),
            "form": form,
            "can_manage": can_manage,
            "nav": "api",
        },
    )
