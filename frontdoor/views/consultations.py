"""Consultations: book or request one, the embedded social worker's list and outcome form,
and their published times."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from access.principals import principal_for
from familyhub import errors
from frontdoor import policy
from people.queries import families_visible_to

from .. import actions, forms, queries
from ..models import OUTCOMES_TO_FRONT_DOOR, ConsultationStatus


@require_http_methods(["GET"])
def consultation_list(request):
    if not policy.can_request_consultation(request.user):
        raise errors.NotPermitted("Not permitted: can_request_consultation")
    return render(
        request,
        "frontdoor/consultations.html",
        {"lists": queries.consultation_lists(request.user), "nav": "consultations"},
    )


@require_http_methods(["GET", "POST"])
def consultation_new(request):
    if not policy.can_request_consultation(request.user):
        raise errors.NotPermitted("Not permitted: can_request_consultation")
    slots = queries.open_slots(request.user)
    workers = actions.embedded_social_workers()
    families = list(families_visible_to(request.user).order_by("name")[:500])
    initial = {}
    if request.GET.get("slot"):
        initial["slot"] = request.GET["slot"]
    form = forms.ConsultationRequestForm(
        request.POST or None,
        initial=initial,
        slots=slots,
        social_workers=workers,
        families=families,
    )
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        with form.saving() as outcome:
            consultation = actions.consultation_request(
                by=request.user,
                slot=form.chosen_slot(),
                social_worker=form.chosen_social_worker(),
                mode=d["mode"],
                is_anonymous=form.is_anonymous,
                family=form.chosen_family(),
                household=d["household"] if form.is_anonymous else "",
                question=d["question"],
                preferred_times=d["preferred_times"],
                book_another=d["book_another"],
            )
        if outcome:
            messages.success(
                request,
                f"Consultation {consultation.reference} "
                + ("booked" if consultation.slot_id else "requested")
                + f" with {consultation.social_worker.name}",
            )
            return redirect("frontdoor:consultation", pk=consultation.pk)
    waiting = queries.pending_consultations_for(
        request.user, form.chosen_family() if hasattr(form, "cleaned_data") else None
    )
    return render(
        request,
        "frontdoor/consultation_form.html",
        {"form": form, "slots": slots, "waiting": waiting, "nav": "consultations"},
    )


@require_http_methods(["GET"])
def consultation_detail(request, pk):
    consultation = queries.get_consultation_for(request.user, pk)
    p = principal_for(request.user)
    is_requester = consultation.requested_by_id == request.user.pk
    return render(
        request,
        "frontdoor/consultation_detail.html",
        {
            "c": consultation,
            "is_requester": is_requester,
            "can_record": policy.can_record_consultation(request.user, consultation)
            and consultation.status in (ConsultationStatus.REQUESTED, ConsultationStatus.BOOKED),
            "can_cancel": (is_requester or p.practitioner_id == consultation.social_worker_id)
            and consultation.status in (ConsultationStatus.REQUESTED, ConsultationStatus.BOOKED),
            "needs_concern": is_requester
            and consultation.is_anonymous
            and consultation.outcome in OUTCOMES_TO_FRONT_DOOR,
            "contact": getattr(consultation, "contact", None),
            "linked": queries.linked_consultations(request.user, consultation),
            "nav": "consultations",
        },
    )


@require_http_methods(["GET", "POST"])
def consultation_outcome(request, pk):
    consultation = queries.get_consultation_for(
        request.user, pk, record_view=request.method == "GET"
    )
    if not policy.can_record_consultation(request.user, consultation):
        raise errors.NotPermitted("Not permitted: can_record_consultation")
    if consultation.status == ConsultationStatus.HELD:
        return redirect("frontdoor:consultation", pk=consultation.pk)
    form = forms.ConsultationOutcomeForm(
        request.POST or None, initial={"version": consultation.version}
    )
    conflict = None
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        with form.saving() as outcome:
            actions.consultation_record_outcome(
                by=request.user,
                consultation=consultation,
                expected_version=d["version"] or 0,
                conversation=d["conversation"],
                outcome=d["outcome"],
                reasons=d["outcome_reasons"],
            )
        conflict = outcome.conflict
        if outcome:
            messages.success(request, "Outcome recorded. The partner has been told.")
            return redirect("frontdoor:consultation", pk=consultation.pk)
    return render(
        request,
        "frontdoor/consultation_outcome.html",
        {"form": form, "c": consultation, "conflict": conflict, "nav": "consultations"},
    )


@require_http_methods(["GET", "POST"])
def consultation_cancel(request, pk):
    consultation = queries.get_consultation_for(
        request.user, pk, record_view=request.method == "GET"
    )
    form = forms.CancelForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        with form.saving() as outcome:
            actions.consultation_cancel(
                by=request.user, consultation=consultation, reason=form.cleaned_data["reason"]
            )
        if outcome:
            messages.success(request, f"Consultation {consultation.reference} cancelled")
            return redirect("frontdoor:consultations")
    return render(
        request,
        "frontdoor/simple_form.html",
        {
            "form": form,
            "title": f"Cancel consultation {consultation.reference}",
            "caption": "Consultations",
            "submit": "Cancel the consultation",
            "back": ("frontdoor:consultation", consultation.pk),
            "nav": "consultations",
        },
    )


@require_http_methods(["GET", "POST"])
def slot_new(request):
    """An embedded social worker publishes a time partners can book."""
    me = queries.embedded_self(request.user)
    if me is None or not policy.can_offer_consultations(request.user, me):
        raise errors.NotPermitted("Not permitted: can_offer_consultations")
    form = forms.DutySlotForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        starts_at, ends_at = form.datetimes()
        with form.saving() as outcome:
            actions.duty_slot_add(
                by=request.user,
                social_worker=me,
                starts_at=starts_at,
                ends_at=ends_at,
                modes=form.cleaned_data["modes"],
                location=form.cleaned_data["location"],
            )
        if outcome:
            messages.success(request, "Time published. Partners can now book it.")
            return redirect("frontdoor:consultations")
    return render(
        request,
        "frontdoor/simple_form.html",
        {
            "form": form,
            "title": "Add a time for consultations",
            "caption": "Consultations",
            "submit": "Publish this time",
            "back": ("frontdoor:consultations", None),
            "nav": "consultations",
        },
    )


@require_http_methods(["POST"])
def slot_cancel(request, pk):
    slot = queries.get_slot_to_manage(request.user, pk)
    try:
        actions.duty_slot_cancel(by=request.user, slot=slot)
    except errors.RuleViolation as exc:  # booked meanwhile: the list shows it booked
        raise Http404("Not found") from exc
    messages.success(request, "Time removed")
    return redirect("frontdoor:consultations")
