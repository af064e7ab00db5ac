"""The lead practitioner and cover, and absences."""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from access.principals import principal_for
from familyhub import errors

from .. import actions, forms, queries
from ._common import _family_url, _form_page


@require_http_methods(["GET", "POST"])
def lead_edit(request, pk):
    family = queries.get_family_for(request.user, pk, write=True)
    panel = queries.contact_panel(family)
    initial = {}
    if panel.arrangement:
        a = panel.arrangement
        initial = {"lead": a.lead, "cover": a.cover, "family_say": a.family_say}
    form = forms.LeadForm(
        request.POST or None, initial=initial, practitioners=queries.practitioners_for_choice()
    )
    if request.method == "POST" and form.is_valid():
        with form.saving() as outcome:
            actions.lead_assign(by=request.user, family=family, **form.cleaned_data)
        if outcome:
            messages.success(request, "Lead practitioner recorded")
            return redirect(_family_url(family, "contact"))
    return _form_page(
        request,
        form,
        title="Lead practitioner and cover",
        family=family,
        submit="Save",
        hint="Changing the lead is a handover: give the reason, a handover note, and when and "
        "how the family were told."
        if panel.arrangement
        else "",
    )


@require_http_methods(["GET", "POST"])
def absences(request):
    practitioners = queries.absence_practitioners_for(request.user)
    if not practitioners.exists():
        raise errors.NotPermitted("Not permitted: manages_absences")
    me = principal_for(request.user).practitioner_id
    form = forms.AbsenceForm(
        request.POST or None, practitioners=practitioners, initial={"practitioner": me}
    )
    if request.method == "POST" and form.is_valid():
        with form.saving() as outcome:
            actions.absence_record(by=request.user, **form.cleaned_data)
        if outcome:
            messages.success(request, "Absence recorded. Families' pages now show the cover.")
            return redirect("casework:absences")
    return render(
        request,
        "casework/absences.html",
        {"form": form, "absences": queries.my_absences(request.user), "nav": "caseload"},
    )


@require_http_methods(["POST"])
def absence_cancel(request, pk):
    absence = queries.get_absence_for(request.user, pk)
    actions.absence_cancel(by=request.user, absence=absence)
    messages.success(request, "Absence cancelled")
    return redirect("casework:absences")
