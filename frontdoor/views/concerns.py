"""Raising a concern in three screens (who / what and what you want, with the answers so far,
then send / what happened), with the draft saved as the partner goes; and 'Concerns I have
raised'."""

from __future__ import annotations

import secrets

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.views.decorators.http import require_http_methods

import rules
from familyhub import errors
from familyhub.timefmt import time_text
from frontdoor import policy

from .. import actions, forms, queries
from .. import messages as msg
from ..models import ConcernStatus

MIN_ROWS = 2


def _require_referrer(user):
    if not policy.can_raise_concern(user):
        raise errors.NotPermitted("Not permitted: can_raise_concern")


@require_http_methods(["GET"])
def referred(request):
    """Concerns I have raised: drafts to finish and what happened to each one sent."""
    _require_referrer(request.user)
    rows = queries.concerns_raised(request.user)
    return render(
        request,
        "frontdoor/referred.html",
        {
            "drafts": [r for r in rows if r.concern.status == ConcernStatus.DRAFT],
            "sent": [r for r in rows if r.concern.status == ConcernStatus.SENT],
            "info_requests": queries.info_requests_for_my_agency(request.user),
            "nav": "concerns",
        },
    )


# --- Screen 1: who ----------------------------------------------------------------------------


def _token() -> str:
    """Identifies one rendering of a screen: its own autosaves are not 'someone else'."""
    return secrets.token_hex(8)


def _who_initial(concern, after=None):
    if concern is None:
        return {"edit_token": _token(), "after_consultation": after}, []
    people = queries.concern_people(concern)
    typed = [
        {
            "given_name": p.given_name,
            "family_name": p.family_name,
            "date_of_birth": p.date_of_birth or p.expected_date_of_birth,
            "unborn": p.unborn,
            "role": p.role,
        }
        for p in people
        if p.person_id is None
    ]
    initial = {
        "other": bool(typed),
        "people": [f"{concern.family_id}:{p.person_id}" for p in people if p.person_id],
        "version": concern.version,
        "concern": concern.pk,
        "edit_token": _token(),
    }
    return initial, typed


def _formset(data, typed, *, extra_rows: int = 0):
    if data is not None:
        if extra_rows:
            data = data.copy()
            total = int(data.get("new-TOTAL_FORMS") or 0)
            data["new-TOTAL_FORMS"] = str(min(total + extra_rows, 8))
        return forms.NewPeopleFormSet(data, prefix="new")
    rows = typed + [{}] * max(MIN_ROWS - len(typed), 1 if len(typed) < 8 else 0)
    formset = forms.NewPeopleFormSet(prefix="new", initial=rows)
    return formset


def _typed_rows(formset) -> list[dict]:
    rows = []
    for form in formset.forms:
        data = getattr(form, "cleaned_data", None) or {}
        if data:
            rows.append(data)
    return rows


@require_http_methods(["GET", "POST"])
def concern_new(request):
    _require_referrer(request.user)
    return _who(request, None)


@require_http_methods(["GET", "POST"])
def concern_who(request, pk):
    concern = queries.get_concern_for(request.user, pk, record_view=request.method == "GET")
    if not concern.is_draft:
        return redirect("frontdoor:concern", pk=concern.pk)
    return _who(request, concern)


def _who(request, concern):
    name = request.GET.get("q", "")
    families, total = queries.families_for_concern(
        request.user, name=name, include=concern.family if concern else None
    )
    after = request.GET.get("consultation") if concern is None else None
    initial, typed = _who_initial(concern, after if (after or "").isdecimal() else None)
    data = request.POST if request.method == "POST" else None
    action = request.POST.get("action", "continue")
    form = forms.ConcernWhoForm(data, initial=initial, families=families)
    formset = _formset(data, typed, extra_rows=1 if action == "add" else 0)
    conflict = None
    if request.method == "POST":
        form.is_valid()
        rows_ok = formset.is_valid()
        if concern is None and form.cleaned_data.get("concern"):
            concern = queries.get_concern_for(
                request.user, form.cleaned_data["concern"], record_view=False
            )  # the draft autosave already started
        with form.saving(rebase=False) as outcome:
            concern = actions.concern_save_who(
                by=request.user,
                concern=concern,
                expected_version=form.cleaned_data.get("version") if concern else None,
                family=form.chosen_family(),
                person_ids=form.person_ids(),
                new_people=_typed_rows(formset) if form.wants_new_people() else [],
                edit_token=form.cleaned_data.get("edit_token") or "",
                after_consultation=_own_consultation(request.user, form, concern),
            )
        if outcome.conflict:
            conflict = outcome.conflict
            _rebase(form, conflict.current)
        elif outcome:
            if action == "save":
                messages.success(request, f"Draft {concern.reference} saved. Finish it here.")
                return redirect("frontdoor:referred")
            if action == "continue":
                problems = actions.who_problems(concern) if rows_ok else {}
                for message in problems.get("family", []):
                    form.add_error("people" if families else "other", message)
                if rows_ok and not problems:
                    return redirect("frontdoor:concern-what", pk=concern.pk)
            form = _rebound(form, concern)
    return render(
        request,
        "frontdoor/concern_who.html",
        {
            "form": form,
            "formset": formset,
            "families": families,
            "total_families": total,
            "q": name,
            "concern": concern,
            "conflict": conflict,
            "step": 1,
            "nav": "concerns",
            "settings": rules.current("front_door"),
        },
    )


def _own_consultation(user, form, concern):
    """The consultation a new concern follows (only one the referrer asked for)."""
    pk = form.cleaned_data.get("after_consultation")
    if concern is not None or not pk:
        return None
    consultation = queries.get_consultation_for(user, pk, record_view=False)
    return consultation if consultation.requested_by_id == user.pk else None


def _rebase(form, current) -> None:
    """After a conflict, keep what was typed; saving again is a deliberate choice."""
    form.data = form.data.copy()
    form.data["version"] = current.version
    form.data["concern"] = current.pk


def _rebound(form, concern):
    """The same answers, now pointing at the saved draft's id and version."""
    form.data = form.data.copy()
    form.data["version"] = concern.version
    form.data["concern"] = concern.pk
    return form


# --- Screen 2: what and what you want, with the answers so far, and send ---------------------
# The check-your-answers page is folded into this last step: who was chosen is shown above
# the form with a link to change it, every other answer is the form itself (visible and
# changeable), and "Send concern" saves and sends in one go (issue 17 item 6).


def _what_initial(concern) -> dict:
    return {
        "worries": concern.worries,
        "indicators": concern.indicators,
        "immediate_risk": {True: "yes", False: "no"}.get(concern.immediate_risk, ""),
        "disclosure": {True: "yes", False: "no"}.get(concern.disclosure, ""),
        "wants": concern.wants,
        "consent": concern.consent,
        "consent_reason": concern.consent_reason,
        "referrer_view": concern.referrer_view,
        "version": concern.version,
        "concern": concern.pk,
        "edit_token": _token(),
    }


@require_http_methods(["GET", "POST"])
def concern_what(request, pk):
    concern = queries.get_concern_for(request.user, pk, record_view=request.method == "GET")
    if not concern.is_draft:
        return redirect("frontdoor:concern", pk=concern.pk)
    form = forms.ConcernWhatForm(
        request.POST or None, initial=_what_initial(concern), continuum=concern.continuum
    )
    conflict, problems = None, []
    if request.method == "POST":
        action = request.POST.get("action", "send")
        form.is_valid()
        with form.saving(rebase=False) as outcome:
            concern = actions.concern_save_what(
                by=request.user,
                concern=concern,
                expected_version=form.cleaned_data.get("version"),
                data=form.draft_data(),
                edit_token=form.cleaned_data.get("edit_token") or "",
            )
        if outcome.conflict:
            conflict = outcome.conflict
            _rebase(form, conflict.current)
        elif outcome:
            if action == "save":
                messages.success(request, f"Draft {concern.reference} saved. Finish it here.")
                return redirect("frontdoor:referred")
            if action == "back":
                return redirect("frontdoor:concern-who", pk=concern.pk)
            sent, problems = _send(request, form, concern)
            if sent:
                messages.success(request, _sent_message(sent))
                return redirect("frontdoor:concern", pk=sent.pk)
            form = _rebound(form, concern)
    return render(
        request,
        "frontdoor/concern_what.html",
        {
            "form": form,
            "concern": concern,
            "people": queries.concern_people(concern, with_matches=True),
            "problems": problems,
            "continuum": concern.continuum,
            "chosen_indicators": _chosen(form, "indicators"),
            "conflict": conflict,
            "step": 2,
            "nav": "concerns",
            "settings": rules.current("front_door"),
        },
    )


def _send(request, form, concern):
    """Send the saved draft when nothing is missing: (the sent concern, []) or (None, the
    problems with who was chosen, linked to screen 1; the rest are put beside their fields)."""
    missing = actions.what_problems(concern)
    who = actions.who_problems(concern)
    if missing or form.errors or who:
        form.add_domain_errors(errors.RuleViolation("", field_errors=missing))
        return None, _problem_links(concern, who)
    with form.saving(rebase=False) as sending:
        sent = actions.concern_submit(
            by=request.user,
            concern=concern,
            expected_version=concern.version,
            edit_token=form.cleaned_data.get("edit_token") or "",
        )
    if sending:
        return sent, []
    return None, []  # (the action's reasons are on the form)


def _chosen(form, name: str) -> set[str]:
    value = form[name].value() or []
    return {str(v) for v in value}


def _sent_message(concern) -> str:
    if concern.is_urgent:
        return f"Concern {concern.reference} sent to the front door as urgent"
    if concern.wants == "consultation":
        return f"Concern {concern.reference} sent: a social worker will contact you"
    return f"Concern {concern.reference} sent to the front door"


def _problem_links(concern, problems: dict) -> list[tuple[str, str]]:
    from django.urls import reverse

    who = reverse("frontdoor:concern-who", args=[concern.pk])
    what = reverse("frontdoor:concern-what", args=[concern.pk])
    out = []
    for field, messages_ in problems.items():
        href = f"{who}#id_people" if field == "family" else f"{what}#id_{field}"
        out.extend((href, m) for m in messages_)
    return out


@require_http_methods(["GET"])
def concern_detail(request, pk):
    concern = queries.get_concern_for(request.user, pk)
    if concern.is_draft:
        return redirect("frontdoor:concern-what", pk=concern.pk)
    return render(
        request,
        "frontdoor/concern_detail.html",
        {
            "concern": concern,
            "people": queries.concern_people(concern, with_matches=True),
            "view": queries.referrer_view(request.user, concern),
            "nav": "concerns",
            "settings": rules.current("front_door"),
        },
    )


@require_http_methods(["POST"])
def concern_delete(request, pk):
    concern = queries.get_concern_for(request.user, pk, record_view=False)
    actions.concern_delete_draft(by=request.user, concern=concern)
    messages.success(request, f"Draft {concern.reference} deleted")
    return redirect("frontdoor:referred")


# --- Autosave (htmx) ------------------------------------------------------------------------------


@require_http_methods(["POST"])
def concern_autosave(request):
    """Save the draft as the partner types (htmx, on change and after a pause in typing).
    Returns the 'saved' status and the draft's id and new version for the form."""
    _require_referrer(request.user)
    step = request.POST.get("step")
    concern_id = request.POST.get("concern") or ""
    concern = (
        queries.get_concern_for(request.user, concern_id, record_view=False) if concern_id else None
    )
    if concern is not None and not concern.is_draft:
        return _autosave_response(request, concern, "This concern has been sent.")
    version = request.POST.get("version") or ""
    expected = int(version) if version.isdecimal() else None
    token = (request.POST.get("edit_token") or "")[:32]
    try:
        if step == "what" and concern is not None:
            form = forms.ConcernWhatForm(request.POST, continuum=concern.continuum)
            form.is_valid()
            concern = actions.concern_save_what(
                by=request.user,
                concern=concern,
                expected_version=expected,
                data=form.draft_data(),
                edit_token=token,
            )
        elif step == "who":
            families, _total = queries.families_for_concern(
                request.user, name="", include=concern.family if concern else None, limit=1000
            )
            form = forms.ConcernWhoForm(request.POST, families=families)
            form.is_valid()
            formset = forms.NewPeopleFormSet(request.POST, prefix="new")
            formset.is_valid()
            rows = _typed_rows(formset) if form.wants_new_people() else []
            family = form.chosen_family()
            if concern is None and family is None and not rows:
                return _autosave_response(request, None, "")
            concern = actions.concern_save_who(
                by=request.user,
                concern=concern,
                expected_version=expected if concern else None,
                family=family,
                person_ids=form.person_ids(),
                new_people=rows,
                edit_token=token,
                after_consultation=_own_consultation(request.user, form, concern),
            )
        else:
            return _autosave_response(request, concern, "")
    except errors.StaleVersion:
        return _autosave_response(request, None, msg.STALE_CONCERN, stale=True)
    saved_at = timezone.localtime(concern.updated_at)
    return _autosave_response(request, concern, f"Draft saved at {time_text(saved_at)}")


def _autosave_response(request, concern, status: str, *, stale: bool = False) -> HttpResponse:
    html = render_to_string(
        "frontdoor/_autosave.html",
        {"concern": concern, "status": status, "stale": stale},
        request=request,
    )
    return HttpResponse(html)
