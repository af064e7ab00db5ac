"""Episode pages: open, detail, steps of the state machine, allocation."""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from casework import policy
from familyhub import errors

from .. import actions, forms, machines, queries
from ._common import _family_url, _form_page


@require_http_methods(["GET", "POST"])
def episode_open(request, pk, kind):
    family = queries.get_family_for(request.user, pk)
    if kind not in machines.OPEN_DUTIES or not policy.can_change_episode(
        request.user, family, machines.OPEN_DUTIES[kind]
    ):
        raise errors.NotPermitted("Not permitted: can_change_episode")
    form = forms.EpisodeOpenForm(
        request.POST or None, kind=kind, children=queries.current_children(family)
    )
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k not in ("children", "note")}
        with form.saving() as outcome:
            for child in form.cleaned_data["children"]:
                actions.episode_open(
                    by=request.user,
                    family=family,
                    child=child,
                    kind=kind,
                    data=data,
                    note=form.cleaned_data["note"],
                )
        if outcome:
            messages.success(request, "Episode opened")
            return redirect(_family_url(family, "work"))
    titles = {
        "EH": "Start early help",
        "CIN": "Record a child in need referral",
        "CP": "Record a strategy discussion (child protection)",
    }
    return _form_page(request, form, title=titles[kind], family=family, submit="Open the episode")


@require_http_methods(["GET"])
def episode_detail(request, pk):
    episode = queries.get_episode_for(request.user, pk)
    page = queries.episode_page(request.user, episode)
    allocation = queries.current_s47_allocation(episode)
    return render(
        request,
        "casework/episode_detail.html",
        {"page": page, "episode": episode, "family": episode.family, "s47": allocation},
    )


@require_http_methods(["GET", "POST"])
def episode_step(request, pk, event):
    episode = queries.get_episode_for(request.user, pk)
    t = machines.transition(episode.kind, event)
    if t is None or not policy.can_change_episode(request.user, episode.family, t.duty):
        raise errors.NotPermitted("Not permitted: can_change_episode")
    form = forms.StepForm(
        request.POST or None,
        transition=t,
        practitioners=queries.practitioners_for_choice(),
        lcpp_choices=queries.lcpp_candidates(),
        initial={
            "version": episode.version,
            "lead_cp_practitioner": episode.lead_cp_practitioner_id,
        },
    )
    if request.method == "POST" and form.is_valid():
        with form.saving() as outcome:
            actions.episode_transition(
                by=request.user,
                episode=episode,
                event=event,
                expected_version=form.cleaned_data["version"],
                data=form.step_data(),
                note=form.cleaned_data["note"],
            )
        if outcome:
            messages.success(request, f"{t.label}: saved")
            return redirect("casework:episode", pk=episode.pk)
    return _form_page(
        request,
        form,
        title=t.label,
        family=episode.family,
        caption=f"{episode.child.full_name} – {episode.get_kind_display()}",
        submit="Save",
        hint=t.hint,
        back=reverse("casework:episode", args=[episode.pk]),
    )


@require_http_methods(["GET", "POST"])
def episode_allocate(request, pk):
    episode = queries.get_episode_for(request.user, pk)
    if not policy.can_allocate_episode(request.user, episode):
        raise errors.NotPermitted("Not permitted: can_allocate_episode")
    form = forms.AllocateForm(
        request.POST or None, practitioners=queries.practitioners_for_choice()
    )
    if request.method == "POST" and form.is_valid():
        actions.episode_allocate(
            by=request.user, episode=episode, practitioner=form.cleaned_data["practitioner"]
        )
        messages.success(request, f"Allocated to {form.cleaned_data['practitioner'].name}")
        return redirect("casework:caseload")
    return _form_page(
        request, form, title=f"Allocate: {episode}", family=episode.family, submit="Allocate"
    )
