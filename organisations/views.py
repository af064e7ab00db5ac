"""The MACPT register (Children Act 2004 s16EA): the safeguarding partners' multi-agency child
protection teams, their members by statutory seat and who nominated each. Administrators and
the safeguarding partnership's lead keep it; everyone else gets a 404."""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from access.principals import Purpose
from familyhub import errors

from . import actions, forms, policy, queries


def _require_manager(request) -> None:
    if not policy.can_manage_macpts(request.user):
        raise errors.NotPermitted("Not permitted: can_manage_macpts")


@require_http_methods(["GET", "POST"])
def macpts(request):
    _require_manager(request)
    form = forms.MacptForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        with form.saving() as outcome:
            team = actions.macpt_create(by=request.user, **form.cleaned_data)
        if outcome:
            messages.success(request, f"{team.name} added: now fill its four statutory seats")
            return redirect("organisations:macpt", pk=team.pk)
    return render(
        request,
        "organisations/macpts.html",
        {"rows": queries.macpt_register(request.user), "form": form, "nav": "macpts"},
    )


@require_http_methods(["GET", "POST"])
def macpt(request, pk):
    _require_manager(request)
    team = queries.get_macpt_for(request.user, pk)
    form = forms.MacptMemberForm(
        request.POST or None,
        practitioners=queries.practitioners_for_seats(),
        nominators=queries.nominating_organisations(),
    )
    if request.method == "POST" and form.is_valid():
        team = queries.get_macpt_for(request.user, pk, purpose=Purpose.EDIT)
        with form.saving() as outcome:
            member = actions.macpt_member_add(by=request.user, team=team, **form.cleaned_data)
        if outcome:
            messages.success(request, f"{member.practitioner.name} added to {team.name}")
            return redirect("organisations:macpt", pk=team.pk)
    return render(
        request,
        "organisations/macpt.html",
        {
            "row": queries.macpt_row(team),
            "past": queries.past_macpt_members(team),
            "form": form,
            "nav": "macpts",
        },
    )


@require_http_methods(["GET", "POST"])
def macpt_member_end(request, pk):
    _require_manager(request)
    member = queries.get_macpt_member_for(request.user, pk, purpose=Purpose.EDIT)
    form = forms.MacptMemberEndForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        with form.saving() as outcome:
            actions.macpt_member_end(by=request.user, member=member, **form.cleaned_data)
        if outcome:
            messages.success(request, f"{member.practitioner.name} has left {member.team.name}")
            return redirect("organisations:macpt", pk=member.team_id)
    return render(
        request,
        "organisations/macpt_member_end.html",
        {"member": member, "form": form, "nav": "macpts"},
    )
