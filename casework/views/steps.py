"""Step up and step down."""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from access.principals import principal_for
from casework import policy
from familyhub import errors

from .. import actions, forms, machines, queries
from ._common import _family_url, _form_page


@require_http_methods(["GET", "POST"])
def step_up(request, pk):
    family = queries.get_family_for(request.user, pk, write=True)
    form = forms.StepUpForm(
        request.POST or None,
        children=queries.current_children(family),
        has_open_episode=queries.has_open_early_help(family),
    )
    if request.method == "POST" and form.is_valid():
        with form.saving() as outcome:
            record = actions.step_up(by=request.user, family=family, **form.cleaned_data)
        if outcome:
            messages.success(
                request, "Contact sent to the front door with the assessment, plan and chronology"
            )
            return redirect("casework:step-up", pk=record.pk)
    return _form_page(
        request,
        form,
        title="Step up to children's social care",
        family=family,
        submit="Send to the front door",
        hint="The front door receives the whole-family assessment, the family plan, the "
        "chronology and your view, so the family do not have to tell their story again.",
    )


@require_http_methods(["GET"])
def step_up_detail(request, pk):
    record = queries.get_step_up_for(request.user, pk)
    return render(request, "casework/step_up.html", {"record": record, "family": record.family})


@require_http_methods(["GET", "POST"])
def step_down(request, pk):
    family = queries.get_family_for(request.user, pk)
    if not policy.can_change_episode(request.user, family, machines.SW):
        raise errors.NotPermitted("Not permitted: can_change_episode")
    form = forms.StepDownForm(
        request.POST or None,
        episodes=queries.open_cin_episodes(family),
        practitioners=queries.practitioners_for_choice(),
        members=queries.current_members(family),
        initial={"agreed_on": timezone.localdate(), "family_consent_on": timezone.localdate()},
    )
    if request.method == "POST" and form.is_valid():
        with form.saving() as outcome:
            record = actions.step_down_propose(by=request.user, family=family, **form.cleaned_data)
        if outcome:
            messages.success(
                request,
                f"{record.receiving_lead.name} has been asked to accept. You stay involved "
                "until they do.",
            )
            return redirect("casework:step-down", pk=record.pk)
    return _form_page(
        request, form, title="Step down to early help", family=family, submit="Ask them to accept"
    )


@require_http_methods(["GET", "POST"])
def step_down_detail(request, pk):
    record = queries.get_step_down_for(request.user, pk)
    is_receiver = principal_for(request.user).practitioner_id == record.receiving_lead_id
    form = forms.StepDownDecisionForm(request.POST or None)
    if request.method == "POST":
        if not is_receiver:
            raise errors.NotPermitted("Not permitted: is_receiver")
        if form.is_valid():
            d = form.cleaned_data
            with form.saving() as outcome:
                if d["decision"] == "accept":
                    actions.step_down_accept(by=request.user, step_down=record, note=d["note"])
                else:
                    actions.step_down_decline(by=request.user, step_down=record, note=d["note"])
            if outcome:
                messages.success(
                    request,
                    "You are now the lead practitioner"
                    if d["decision"] == "accept"
                    else "Step-down declined",
                )
                return redirect(_family_url(record.family, "work"))
    return render(
        request,
        "casework/step_down.html",
        {
            "record": record,
            "family": record.family,
            "form": form,
            "is_receiver": is_receiver and record.status == "proposed",
            "plan": actions.current_plan(record.family),
        },
    )
