"""The family plan: its words, goals and actions; autosaved as it is typed."""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from directory import queries as directory_queries

from .. import actions, forms, queries
from ..models import DraftKind
from ._common import _conflict_rows, _form_page, _restore_draft, _save_draft


@require_http_methods(["GET"])
def plan_detail(request, pk):
    family = queries.get_family_for(request.user, pk, record=True)
    plan = queries.get_plan_for(request.user, family)
    return render(
        request,
        "casework/plan.html",
        {"family": family, "page": queries.plan_page(request.user, plan), "plan": plan},
    )


@require_http_methods(["GET", "POST"])
def plan_edit(request, pk):
    family = queries.get_family_for(request.user, pk, write=True)
    plan = actions.current_plan(family)
    initial = {}
    if plan is not None:
        initial = {f: getattr(plan, f) for f in actions.PLAN_FIELDS}
        initial["version"] = plan.version
    form = forms.PlanForm(request.POST or None, initial=initial)
    draft = None
    if request.method == "GET":
        draft = queries.draft_for(request.user, DraftKind.PLAN, family.pk)
        _restore_draft(form, draft)
    conflict = None
    if request.method == "POST" and form.is_valid():
        with form.saving() as outcome:
            if plan is None:
                actions.plan_create(by=request.user, family=family, data=form.cleaned_data)
            else:
                actions.plan_update(
                    by=request.user,
                    plan=plan,
                    expected_version=form.cleaned_data["version"] or 0,
                    data=form.cleaned_data,
                )
        conflict = outcome.conflict
        if outcome:
            messages.success(request, "Family plan saved")
            return redirect("casework:plan", pk=family.pk)
    return _form_page(
        request,
        form,
        title="Change the family plan" if plan else "Agree the family plan",
        family=family,
        submit="Save the plan",
        conflict=conflict,
        conflict_rows=_conflict_rows(form, conflict.current, actions.PLAN_FIELDS)
        if conflict
        else [],
        draft=draft,
        autosave_url=reverse("casework:plan-autosave", args=[family.pk]),
        discard_url=reverse("casework:plan-draft-discard", args=[family.pk]),
    )


@require_http_methods(["POST"])
def plan_autosave(request, pk):
    """Keep what the worker has typed into the plan as their own draft; the plan itself and its
    version are untouched until they save it."""
    family = queries.get_family_for(request.user, pk, write=True)
    return _save_draft(request, DraftKind.PLAN, family, forms.PlanForm())


@require_http_methods(["POST"])
def plan_draft_discard(request, pk):
    family = queries.get_family_for(request.user, pk, write=True)
    actions.draft_discard(by=request.user, kind=DraftKind.PLAN, obj=family)
    messages.success(request, "Draft discarded: this is the last saved version")
    return redirect("casework:plan-edit", pk=family.pk)


@require_http_methods(["GET", "POST"])
def goal_add(request, pk):
    family = queries.get_family_for(request.user, pk, write=True)
    try:
        plan = queries.get_plan_for(request.user, family, write=True)
    except queries.NoPlanYet:
        return _plan_first(request, family)
    form = forms.GoalForm(request.POST or None, members=queries.current_members(family))
    if request.method == "POST" and form.is_valid():
        with form.saving() as outcome:
            actions.goal_add(by=request.user, plan=plan, **form.goal_kwargs())
        if outcome:
            messages.success(request, "Goal added")
            return redirect("casework:plan", pk=family.pk)
    return _form_page(
        request,
        form,
        title="Add a goal",
        family=family,
        submit="Add the goal",
        template="casework/goal_form.html",
    )


@require_http_methods(["GET", "POST"])
def action_add(request, pk):
    family = queries.get_family_for(request.user, pk, write=True)
    try:
        plan = queries.get_plan_for(request.user, family, write=True)
    except queries.NoPlanYet:
        return _plan_first(request, family)
    services = directory_queries.hub_services_for_choice()
    chosen = services.filter(pk=request.GET.get("service") or None).first()
    initial = {"service": chosen, "text": f"Join the {chosen.name}"} if chosen else {}
    form = forms.PlanActionForm(
        request.POST or None,
        initial=initial,
        goals=queries.goals_for_choice(plan),
        organisations=queries.organisations_for_choice(),
        members=queries.current_members(family),
        services=services,
    )
    if request.method == "POST" and form.is_valid():
        with form.saving() as outcome:
            actions.plan_action_add(by=request.user, plan=plan, **form.cleaned_data)
        if outcome:
            messages.success(request, "Action added to the plan")
            return redirect("casework:plan", pk=family.pk)
    return _form_page(
        request, form, title="Add an action to the plan", family=family, submit="Add the action"
    )


@require_http_methods(["POST"])
def action_status(request, pk):
    action = queries.get_action_for(request.user, pk)
    form = forms.ActionStatusForm(request.POST)
    if form.is_valid():
        actions.plan_action_set_status(
            by=request.user, action=action, status=form.cleaned_data["status"]
        )
        messages.success(request, "Action updated")
    return redirect("casework:plan", pk=action.plan.family_id)


def _plan_first(request, family):
    """Goals and actions belong to a plan: say so, and link to agreeing one (issue 17)."""
    return render(request, "casework/plan_first.html", {"family": family})
