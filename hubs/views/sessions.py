"""Sessions: the coordinator's and facilitator's list, a session's places and waiting list,
enrolling a family member, and the register (one tap per person; marks kept on the phone when
the connection drops and sent again later, applied once)."""

from __future__ import annotations

import json
import uuid

from django.contrib import messages
from django.http import Http404, HttpResponseBadRequest, JsonResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from casework import queries as casework_queries
from familyhub import errors

from .. import actions, policy, queries
from ..forms import EnrolForm

NEXT_MARK = {"": "present", "present": "absent", "absent": "present"}


@require_GET
def sessions(request):
    rows = queries.sessions_for(request.user)
    if rows is None:
        raise errors.NotPermitted("Not permitted: facilitates_or_coordinates_sessions")
    can_create = policy.coordinates_hubs(request.user)
    return render(
        request,
        "hubs/sessions.html",
        {
            "rows": rows,
            "can_create": can_create,
            "new_requests": queries.new_self_referral_count(request.user) if can_create else 0,
            "nav": "sessions",
        },
    )


@require_GET
def session_detail(request, pk):
    session = queries.get_session_for(request.user, pk)
    return render(
        request,
        "hubs/session.html",
        {
            "session": session,
            "people": queries.session_people(request.user, session),
            "meetings": queries.meetings(session),
            "taken": queries.places_taken(session),
            "can_register": policy.can_take_register(request.user, session),
            "can_run": policy.coordinates_session(request.user, session),
            "nav": "sessions",
        },
    )


@require_http_methods(["GET", "POST"])
def enrol(request, pk):
    session = queries.get_session_for(request.user, pk)
    family_pk = request.GET.get("family") or request.POST.get("family")
    if not family_pk or not family_pk.isdigit():
        raise Http404
    family = casework_queries.get_family_for(request.user, int(family_pk), record=True, write=True)
    form = EnrolForm(
        request.POST or None,
        members=queries.members(family),
        plan_actions=queries.plan_actions_for(family, session.service),
    )
    if request.method == "POST" and form.is_valid():
        with form.saving() as outcome:
            enrolment = actions.enrol(
                by=request.user, session=session, family=family, **form.cleaned_data
            )
        if outcome:
            placed = enrolment.status == "enrolled"
            messages.success(
                request,
                f"{enrolment.person.given_name} has a place"
                if placed
                else f"The session is full: {enrolment.person.given_name} is on the waiting list",
            )
            return redirect("hubs:session", pk=session.pk)
    return render(
        request,
        "hubs/enrol_form.html",
        {"form": form, "session": session, "family": family, "nav": "sessions"},
    )


@require_POST
def enrolment_change(request, pk):
    enrolment = queries.get_enrolment_for(request.user, pk)
    op = request.POST.get("op")
    with errors_flash(request):
        if op == "withdraw":
            offered = actions.withdraw(by=request.user, enrolment=enrolment)
            messages.success(
                request,
                f"{enrolment.person.given_name} withdrawn"
                + (f"; the place is offered to {offered[0].person.given_name}" if offered else ""),
            )
        elif op in ("accept", "decline"):
            answered = actions.offer_answer(
                by=request.user, enrolment=enrolment, accept=op == "accept"
            )
            if answered.status == "offer_lapsed":
                messages.error(request, "Too late: the offer lapsed and the place is offered on")
            else:
                messages.success(request, "Place taken up" if op == "accept" else "Offer declined")
        else:
            return HttpResponseBadRequest("Unknown change")
    return redirect("hubs:session", pk=enrolment.session_id)


class errors_flash:  # noqa: N801 - used as a context manager, like a function
    """A refused or invalid change shows as a message on the page it came from."""

    def __init__(self, request):
        self.request = request

    def __enter__(self):
        return self

    def __exit__(self, exc_type, exc, tb):
        if isinstance(exc, errors.NotPermitted):
            return False  # audited by RefusalAuditMiddleware, then FailureMiddleware's 404
        if isinstance(exc, errors.DomainError):
            messages.error(self.request, exc.message)
            return True
        return False


@require_GET
def register(request, pk):
    meeting = queries.get_meeting_for(request.user, pk)
    if not policy.can_take_register(request.user, meeting.session):
        raise errors.NotPermitted("Not permitted: can_take_register")
    return render(
        request,
        "hubs/register.html",
        {
            "meeting": meeting,
            "rows": queries.register_rows(request.user, meeting),
            "nav": "sessions",
        },
    )


def _marks(request) -> list[dict]:
    if request.content_type == "application/json":
        try:
            body = json.loads(request.body.decode("utf-8"))
        except (ValueError, UnicodeDecodeError):
            return []
        return body.get("marks", []) if isinstance(body, dict) else []
    return [request.POST.dict()]


@require_POST
def register_marks(request, pk):
    """Marks from the register: a form post (no script) or a JSON batch from the phone's
    queue. Each mark with the id the phone gave it; the answer lists the ids applied."""
    meeting = queries.get_meeting_for(request.user, pk)
    if not policy.can_take_register(request.user, meeting.session):
        raise errors.NotPermitted("Not permitted: can_take_register")
    applied, refused = [], []
    for item in _marks(request):
        try:
            client_id = uuid.UUID(str(item.get("client_id"))) if item.get("client_id") else None
            enrolment = queries.register_enrolment(meeting, int(item.get("enrolment", 0)))
            actions.mark_attendance(
                by=request.user,
                meeting=meeting,
                enrolment=enrolment,
                mark=str(item.get("mark", "")),
                client_id=client_id,
            )
            applied.append(str(client_id) if client_id else item.get("enrolment"))
        except (ValueError, Http404, errors.DomainError) as exc:
            refused.append({"client_id": item.get("client_id"), "detail": str(exc)})
    if request.content_type == "application/json":
        return JsonResponse({"applied": applied, "refused": refused})
    if refused:
        messages.error(request, refused[0]["detail"] or "That mark was not saved")
    return redirect("hubs:register", pk=meeting.pk)


@require_POST
def register_finish(request, pk):
    """End of the session: everyone not marked present is marked absent."""
    meeting = queries.get_meeting_for(request.user, pk)
    if not policy.can_take_register(request.user, meeting.session):
        raise errors.NotPermitted("Not permitted: can_take_register")
    count = 0
    for row in queries.register_rows(request.user, meeting):
        if not row.mark:
            actions.mark_attendance(
                by=request.user, meeting=meeting, enrolment=row.enrolment, mark="absent"
            )
            count += 1
    messages.success(request, f"Register finished: {count} marked absent")
    return redirect("hubs:register", pk=meeting.pk)
