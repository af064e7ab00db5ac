"""The front door: the queue with its clocks, a contact with the known-family check, partner
information, the decision and manager sign-off, and disagreements."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

import rules
from familyhub import errors
from familyhub.paging import page_number
from frontdoor import policy

from .. import actions, forms, queries
from ..models import ContactStatus, DissentStatus, SignOff

SORTABLE = {
    "received": ("received", "-received"),
    "due": ("due", "due"),
    "rag": ("rag", "rag"),
}


def _front_door(user):
    if not policy.is_front_door(user):
        raise errors.NotPermitted("Not permitted: is_front_door")


@require_http_methods(["GET"])
def queue(request):
    _front_door(request.user)
    options = queries.queue_filters()
    form = forms.QueueFilterForm(
        request.GET or None,
        teams=options["teams"],
        localities=options["localities"],
        sorts=list(queries.SORTS),
    )
    filters = form.cleaned_data if form.is_valid() else {}
    sort = filters.get("sort") or "due"
    rows = queries.queue(
        request.user,
        team=int(filters["team"]) if filters.get("team") else None,
        locality=filters.get("locality") or "",
        rag=filters.get("rag") or "",
        urgency=filters.get("urgency") or "",
        status=filters.get("status") or "open",
        sort=sort,
        page=page_number(request.GET.get("page")),
    )
    query = request.GET.copy()
    query.pop("page", None)
    page_query = query.urlencode()  # the pages keep the filters and the sort
    query.pop("sort", None)  # a new sort starts at the first page
    return render(
        request,
        "frontdoor/queue.html",
        {
            "form": form,
            "rows": rows,
            "counts": queries.queue_counts(request.user, cards=True),
            "sort": sort,
            "query": query.urlencode(),
            "page_query": page_query,
            "status": filters.get("status") or "open",
            "is_manager": policy.is_front_door_manager(request.user),
            "nav": "front_door",
            "sub": "queue",
        },
    )


def _page(request, contact, **extra):
    page = queries.contact_page(request.user, contact)
    context = {
        "page": page,
        "contact": contact,
        "known": queries.known_family_check(request.user, contact),
        "continuum": page.continuum,
        "settings": rules.current("front_door"),
        "nav": "front_door" if policy.is_front_door(request.user) else "",
        "screen_form": forms.ScreeningForm(initial={"version": contact.version}),
        "rag_form": forms.RagForm(initial={"version": contact.version, "rag": contact.rag}),
        "resume_form": forms.ResumeForm(initial={"version": contact.version}),
    }
    context.update(extra)
    return render(request, "frontdoor/contact.html", context)


@require_http_methods(["GET"])
def contact_detail(request, pk):
    contact = queries.get_contact_for(request.user, pk)
    return _page(request, contact)


def _stale(request, contact, exc):
    """Someone else moved the contact on: show the latest version and say so (nothing saved)."""
    latest = queries.get_contact_for(request.user, contact.pk, record_view=False)
    return _page(request, latest, problem=exc.message)


def _versioned_post(request, contact, form, *, form_name: str, act, done: str):
    """A POST about a contact: validate, run the versioned action `act(data, version)`, show a
    stale save with the latest version, rule messages beside the fields, keep what was typed."""
    if form.is_valid():
        data = form.cleaned_data
        with form.saving(rebase=False) as outcome:
            act(data, data["version"] or 0)
        if outcome.conflict:
            return _stale(request, contact, outcome.conflict)
        if outcome:
            messages.success(request, done)
            return redirect("frontdoor:contact", pk=contact.pk)
    return _page(request, contact, **{form_name: form})


@require_http_methods(["POST"])
def contact_screen(request, pk):
    contact = queries.get_contact_to_work(request.user, pk)
    return _versioned_post(
        request,
        contact,
        forms.ScreeningForm(request.POST),
        form_name="screen_form",
        done=f"You are screening {contact.reference}",
        act=lambda d, version: actions.contact_start_screening(
            by=request.user, contact=contact, expected_version=version, rag=d["rag"]
        ),
    )


@require_http_methods(["POST"])
def contact_rag(request, pk):
    contact = queries.get_contact_to_work(request.user, pk)
    return _versioned_post(
        request,
        contact,
        forms.RagForm(request.POST),
        form_name="rag_form",
        done="RAG rating saved",
        act=lambda d, version: actions.contact_set_rag(
            by=request.user,
            contact=contact,
            expected_version=version,
            rag=d["rag"],
            reason=d["reason"],
        ),
    )


@require_http_methods(["POST"])
def contact_link(request, pk):
    contact = queries.get_contact_to_work(request.user, pk)
    form = forms.LinkFamilyForm(request.POST)
    if not form.is_valid():
        raise Http404("Not found")
    family = queries.get_family_to_link(request.user, contact, form.cleaned_data["family"])
    matches = {}
    for key, value in request.POST.items():
        if key.startswith("match-") and key[6:].isdecimal() and value.isdecimal():
            matches[int(key[6:])] = int(value)
    with form.saving(rebase=False) as outcome:
        actions.contact_link_family(
            by=request.user,
            contact=contact,
            expected_version=form.cleaned_data["version"] or 0,
            family=family,
            matches=matches,
        )
    if outcome.conflict:
        return _stale(request, contact, outcome.conflict)
    if not outcome:
        return _page(request, contact, problem=outcome.error.message)
    messages.success(request, f"{contact.reference} is about {family.name}")
    return redirect("frontdoor:contact", pk=contact.pk)


@require_http_methods(["GET", "POST"])
def info_request_new(request, pk):
    contact = queries.get_contact_to_work(request.user, pk)
    organisations = list(queries.organisations_to_ask())
    practitioners = list(queries.practitioners_to_ask())
    form = forms.InfoRequestForm(
        request.POST or None,
        initial={"version": contact.version},
        organisations=organisations,
        practitioners=practitioners,
    )
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        with form.saving() as outcome:
            actions.info_request_send(
                by=request.user,
                contact=contact,
                expected_version=d["version"] or 0,
                organisation=form.organisations[d["organisation"]],
                practitioner=form.practitioners.get(d["practitioner"] or ""),
                question=d["question"],
            )
        if outcome:
            messages.success(
                request, "Request sent to " + form.organisations[d["organisation"]].name
            )
            return redirect("frontdoor:contact", pk=contact.pk)
    return render(
        request,
        "frontdoor/simple_form.html",
        {
            "form": form,
            "title": "Ask a partner agency what it knows",
            "caption": f"Contact {contact.reference}",
            "submit": "Send the request",
            "back": ("frontdoor:contact", contact.pk),
            "nav": "front_door",
        },
    )


@require_http_methods(["POST"])
def contact_resume(request, pk):
    contact = queries.get_contact_to_work(request.user, pk)
    return _versioned_post(
        request,
        contact,
        forms.ResumeForm(request.POST),
        form_name="resume_form",
        done="Screening resumed",
        act=lambda d, version: actions.contact_resume_screening(
            by=request.user, contact=contact, expected_version=version, reason=d["reason"]
        ),
    )


@require_http_methods(["GET", "POST"])
def contact_decide(request, pk):
    contact = queries.get_contact_to_work(request.user, pk)
    if contact.status != ContactStatus.SCREENING:
        return redirect("frontdoor:contact", pk=contact.pk)
    continuum = queries.continuum_in_force()
    teams = list(queries.teams_to_route_to())
    localities = rules.current("routing").localities
    initial = {
        "version": contact.version,
        "indicators": [i for i in contact.indicators if i in continuum.indicator_codes()],
        "referral_source": contact.source,
        "locality": contact.locality,
        "referrer_view": contact.referrer_view,
    }
    form = forms.DecisionForm(
        request.POST or None,
        initial=initial,
        continuum=continuum,
        teams=teams,
        localities=localities,
    )
    conflict = None
    if request.method == "POST" and form.is_valid():
        with form.saving() as outcome:
            decision = actions.decision_record(
                by=request.user,
                contact=contact,
                expected_version=form.cleaned_data["version"] or 0,
                data=form.decision_data(),
            )
        conflict = outcome.conflict
        if outcome:
            if decision.sign_off == SignOff.PENDING:
                messages.success(
                    request, "Decision recorded. It is waiting for a manager's sign-off."
                )
            else:
                messages.success(request, "Decision recorded. The referrer has been told.")
            return redirect("frontdoor:contact", pk=contact.pk)
    return render(
        request,
        "frontdoor/decide.html",
        {
            "form": form,
            "contact": contact,
            "continuum": continuum,
            "chosen_indicators": {str(v) for v in (form["indicators"].value() or [])},
            "routes": _routes_preview(contact, continuum),
            "conflict": conflict,
            "nav": "front_door",
        },
    )


def _routes_preview(contact, continuum):
    """Where the rules would send the family, for each routed outcome (shown as a hint)."""
    out = []
    for outcome, level in (("early_help", 2), ("csc_referral", 3), ("strategy_discussion", 4)):
        rule, team = actions.proposed_route(outcome=outcome, locality=contact.locality, level=level)
        out.append((outcome, team.name if team else "no team: choose one"))
    return out


@require_http_methods(["GET", "POST"])
def decision_sign_off(request, pk):
    decision = queries.get_decision_to_sign_off(request.user, pk)
    contact = decision.contact
    if decision.sign_off != SignOff.PENDING:
        return redirect("frontdoor:contact", pk=contact.pk)
    teams = list(queries.teams_to_route_to())
    form = forms.SignOffForm(
        request.POST or None, initial={"version": decision.version}, teams=teams
    )
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        with form.saving() as outcome:
            actions.decision_sign_off(
                by=request.user,
                decision=decision,
                expected_version=d["version"] or 0,
                agree=d["agree"] == "yes",
                note=d["note"],
                team=form.chosen_team(),
                override_reason=d["override_reason"],
            )
        if outcome:
            if d["agree"] == "yes":
                messages.success(request, "Decision signed off. The referrer has been told.")
            else:
                messages.success(request, "Decision returned for more work")
            return redirect("frontdoor:contact", pk=contact.pk)
    return render(
        request,
        "frontdoor/sign_off.html",
        {"form": form, "decision": decision, "contact": contact, "nav": "front_door"},
    )


# --- Partner information requests (the partner's side) -------------------------------------------


@require_http_methods(["GET", "POST"])
def info_request_detail(request, pk):
    info = queries.get_info_request_for(request.user, pk, record_view=request.method == "GET")
    can_answer = policy.can_answer_info_request(request.user, info) and info.status == "open"
    form = forms.InfoAnswerForm(request.POST or None, initial={"version": info.version})
    if request.method == "POST":
        if not can_answer:
            raise errors.NotPermitted("Not permitted: can_answer")
        if form.is_valid():
            with form.saving(rebase=False) as outcome:
                actions.info_request_answer(
                    by=request.user,
                    request=info,
                    expected_version=form.cleaned_data["version"] or 0,
                    answer=form.cleaned_data["answer"],
                )
            if outcome:
                messages.success(request, "Thank you – your answer has gone to the front door")
                return redirect("frontdoor:referred")
    return render(
        request,
        "frontdoor/info_request.html",
        {
            "info": info,
            "people": queries.info_request_people(info),
            "form": form,
            "can_answer": can_answer,
            "nav": "concerns",
        },
    )


# --- Disagreements -------------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def dissent_raise(request, pk):
    decision = queries.get_decision_as_referrer(request.user, pk)
    form = forms.DissentForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        with form.saving() as outcome:
            actions.dissent_raise(
                by=request.user, decision=decision, reason=form.cleaned_data["reason"]
            )
        if outcome:
            messages.success(request, "Thank you. A front-door manager will look at it and reply.")
            contact = decision.contact
            if contact.concern_id:
                return redirect("frontdoor:concern", pk=contact.concern_id)
            return redirect("frontdoor:referred")
    return render(
        request,
        "frontdoor/dissent_form.html",
        {"form": form, "decision": decision, "nav": "concerns"},
    )


@require_http_methods(["GET"])
def dissent_list(request):
    _front_door(request.user)
    status = request.GET.get("status", DissentStatus.OPEN)
    if status not in DissentStatus.values:
        status = DissentStatus.OPEN
    return render(
        request,
        "frontdoor/dissents.html",
        {
            "dissents": queries.dissents_for(request.user, status=status),
            "status": status,
            "counts": queries.queue_counts(request.user),
            "is_manager": policy.is_front_door_manager(request.user),
            "nav": "front_door",
            "sub": "dissent",
        },
    )


@require_http_methods(["GET", "POST"])
def dissent_detail(request, pk):
    dissent = queries.get_dissent_for(request.user, pk, record_view=request.method == "GET")
    can_resolve = (
        policy.can_resolve_dissent(request.user, dissent) and dissent.status == DissentStatus.OPEN
    )
    form = forms.ResolveForm(request.POST or None, initial={"version": dissent.version})
    if request.method == "POST":
        if not can_resolve:
            raise errors.NotPermitted("Not permitted: can_resolve")
        if form.is_valid():
            d = form.cleaned_data
            with form.saving(rebase=False) as outcome:
                actions.dissent_resolve(
                    by=request.user,
                    dissent=dissent,
                    expected_version=d["version"] or 0,
                    resolution=d["resolution"],
                    note=d["resolution_note"],
                )
            if outcome:
                messages.success(request, "Disagreement resolved. The partner has been told.")
                return redirect("frontdoor:dissents")
    return render(
        request,
        "frontdoor/dissent.html",
        {
            "dissent": dissent,
            "decision": dissent.decision,
            "form": form,
            "can_resolve": can_resolve,
            "nav": "front_door" if policy.is_front_door(request.user) else "concerns",
        },
    )
