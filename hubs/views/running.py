"""Running sessions: the hub coordinator creates a one-off session or a course, edits it (a
colleague's save in between is shown, never lost) and cancels it, seeing whom to tell."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from familyhub import errors

from .. import actions, policy, queries
from ..forms import SessionCancelForm, SessionEditForm, SessionNewForm

DETAILS = (
    "title",
    "venue",
    "facilitator",
    "capacity",
    "minimum_age",
    "maximum_age",
    "complete_after",
)


def _choices(request) -> dict:
    return {
        "venues": queries.session_venues(request.user),
        "facilitators": queries.facilitators(request.user),
    }


@require_http_methods(["GET", "POST"])
def session_new(request):
    if not policy.coordinates_hubs(request.user):
        raise errors.NotPermitted("Not permitted: coordinates_hubs")
    services = queries.session_services(request.user)
    uid = request.GET.get("service") or request.POST.get("service")
    try:
        service = services.filter(uid=uid).first() if uid else None
    except (ValueError, ValidationError):
        service = None
    if service is None:
        return render(
            request, "hubs/session_service.html", {"services": services, "nav": "sessions"}
        )
    form = SessionNewForm(request.POST or None, **_choices(request))
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        with form.saving() as outcome:
            session = actions.session_create(
                by=request.user,
                service=service,
                data={k: d.get(k) for k in (*DETAILS, "kind")},
                schedule=actions.Schedule(d["first_on"], d["weeks"], d["starts_at"], d["ends_at"]),
            )
        if outcome:
            messages.success(request, f"{session.title} created")
            return redirect("hubs:session", pk=session.pk)
    return render(
        request,
        "hubs/session_form.html",
        {"form": form, "service": service, "nav": "sessions"},
    )


@require_http_methods(["GET", "POST"])
def session_edit(request, pk):
    session = queries.get_session_to_run(request.user, pk)
    initial = {k: getattr(session, k) for k in DETAILS} | {"version": session.version}
    form = SessionEditForm(request.POST or None, initial=initial, **_choices(request))
    conflict = None
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        with form.saving() as outcome:
            offered = actions.session_update(
                by=request.user,
                session=session,
                expected_version=d["version"],
                data={k: d.get(k) for k in DETAILS},
            )
        conflict = outcome.conflict.current if outcome.conflict else None
        if outcome:
            names = ", ".join(e.person.given_name for e in offered)
            messages.success(
                request, "Session saved" + (f"; a place is offered to {names}" if names else "")
            )
            return redirect("hubs:session", pk=session.pk)
    return render(
        request,
        "hubs/session_edit.html",
        {"form": form, "session": session, "conflict": conflict, "nav": "sessions"},
    )


@require_http_methods(["GET", "POST"])
def session_cancel(request, pk):
    session = queries.get_session_to_run(request.user, pk)
    form = SessionCancelForm(request.POST or None, initial={"version": session.version})
    if request.method == "POST" and form.is_valid():
        with form.saving() as outcome:
            told = actions.session_cancel(
                by=request.user,
                session=session,
                expected_version=form.cleaned_data["version"],
                reason=form.cleaned_data["reason"],
            )
        if outcome:
            return render(
                request,
                "hubs/session_cancelled.html",
                {
                    "session": session,
                    "told": queries.cancelled_contacts(told),
                    "nav": "sessions",
                },
            )
    return render(
        request,
        "hubs/session_cancel.html",
        {
            "form": form,
            "session": session,
            "taken": queries.places_taken(session),
            "nav": "sessions",
        },
    )
