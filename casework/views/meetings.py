"""Meetings and reviews."""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import redirect
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from .. import actions, forms, queries
from ._common import _family_url, _form_page


@require_http_methods(["GET", "POST"])
def meeting_add(request, pk):
    family = queries.get_family_for(request.user, pk, write=True)
    plan = actions.current_plan(family)
    form = forms.MeetingForm(
        request.POST or None,
        organisations=queries.organisations_for_choice(),
        members=queries.current_members(family),
        goals=queries.goals_for_choice(plan, active_only=True),
        initial={"held_on": timezone.localdate()},
    )
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        with form.saving() as outcome:
            actions.meeting_record(
                by=request.user,
                family=family,
                kind=d["kind"],
                held_on=d["held_on"],
                agencies_invited=d["agencies_invited"],
                agencies_attended=d["agencies_attended"],
                family_attended=d["family_attended"],
                parents_views=d["parents_views"],
                child_views=d["child_views"],
                minutes=d["minutes"],
                decisions=d["decisions"],
                scores=form.scores(),
                new_action=form.new_action(),
            )
        if outcome:
            messages.success(request, "Meeting recorded")
            return redirect(_family_url(family, "work"))
    return _form_page(
        request, form, title="Record a review or meeting", family=family, submit="Save the meeting"
    )
