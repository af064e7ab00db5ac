"""Section 47 enquiries and multi-agency child protection teams (CA 2004 s16EA): the
enquiry's page and the team members' list, allocating an enquiry to a team, naming the lead
child protection practitioner."""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from casework import policy
from familyhub import errors

from .. import actions, forms, queries
from ._common import _form_page


@require_http_methods(["GET"])
def s47_list(request):
    if not policy.sits_on_a_macpt(request.user):
        raise errors.NotPermitted("Not permitted: sits_on_a_macpt")
    return render(
        request,
        "casework/s47_list.html",
        {"allocations": queries.s47_list(request.user), "nav": "s47"},
    )


@require_http_methods(["GET"])
def s47_detail(request, pk):
    allocation = queries.get_s47_for(request.user, pk)
    page = queries.s47_page(request.user, allocation)
    return render(request, "casework/s47.html", {"page": page, "nav": "s47"})


@require_http_methods(["GET", "POST"])
def s47_allocate(request, pk):
    episode = queries.get_episode_for(request.user, pk)
    if not policy.can_allocate_s47(request.user, episode):
        raise errors.NotPermitted("Not permitted: can_allocate_s47")
    form = forms.S47AllocateForm(request.POST or None, teams=queries.macpts_for_allocation())
    if request.method == "POST" and form.is_valid():
        with form.saving() as outcome:
            allocation = actions.s47_allocate(by=request.user, episode=episode, **form.cleaned_data)
        if outcome:
            messages.success(request, f"Section 47 enquiry allocated to {allocation.team.name}")
            return redirect("casework:episode", pk=episode.pk)
    return _form_page(
        request,
        form,
        title="Allocate the section 47 enquiry to a multi-agency child protection team",
        family=episode.family,
        caption=f"{episode.child.full_name} – {episode.get_kind_display()}",
        submit="Allocate",
        hint="The team's members (education, social work, health and police) see the enquiry, "
        "the family's members, their addresses and who is involved, and nothing else of the "
        "family's record.",
        back=reverse("casework:episode", args=[episode.pk]),
    )


@require_http_methods(["GET", "POST"])
def lcpp_edit(request, pk):
    episode = queries.get_episode_for(request.user, pk)
    if not policy.can_assign_lcpp(request.user, episode):
        raise errors.NotPermitted("Not permitted: can_assign_lcpp")
    form = forms.LcppForm(
        request.POST or None,
        practitioners=queries.lcpp_candidates(),
        initial={"practitioner": episode.lead_cp_practitioner_id},
    )
    if request.method == "POST" and form.is_valid():
        with form.saving() as outcome:
            actions.lcpp_assign(by=request.user, episode=episode, **form.cleaned_data)
        if outcome:
            messages.success(request, "Lead child protection practitioner saved")
            return redirect("casework:episode", pk=episode.pk)
    return _form_page(
        request,
        form,
        title="Lead child protection practitioner",
        family=episode.family,
        caption=f"{episode.child.full_name} – {episode.get_kind_display()}",
        submit="Save",
        back=reverse("casework:episode", args=[episode.pk]),
    )
