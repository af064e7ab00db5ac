"""The information-governance pages: break-glass and its review, sealed records and their
access lists, who has looked at a child or family, and unusual access."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from familyhub import errors
from organisations.policy import can_view_audit
from people.policy import can_manage_access_list, can_use_register

from . import actions, forms, queries

# --- Break-glass and sealed records ---------------------------------------------------------


@require_http_methods(["GET", "POST"])
def break_glass(request):
    if not can_use_register(request.user):
        raise errors.NotPermitted("Not permitted: can_use_register")
    form = forms.BreakGlassForm(request.POST or None, user=request.user, request=request)
    if request.method == "POST" and form.is_valid():
        family = queries.find_family_by_identifier(form.cleaned_data["identifier"])
        if family is None:
            form.add_error("identifier", "No record has that reference. Check it and try again")
        else:
            with form.saving() as outcome:
                actions.break_glass_open(
                    by=request.user, family=family, reason=form.cleaned_data["reason"]
                )
            if outcome:
                return redirect("people:family", pk=family.pk)
    return render(
        request, "ig/break_glass.html", {"form": form, "minutes": actions.break_glass_minutes()}
    )


@require_http_methods(["GET"])
def break_glass_queue(request):
    items = queries.break_glass_queue(request.user)
    return render(
        request,
        "ig/break_glass_queue.html",
        {
            "pending": [g for g in items if g.review == "pending"],
            "reviewed": [g for g in items if g.review != "pending"][:50],
            "nav": "break-glass",
        },
    )


@require_http_methods(["GET", "POST"])
def break_glass_review(request, pk):
    glass = queries.get_break_glass_for_review(request.user, pk)
    form = forms.ReviewForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        with form.saving() as outcome:
            actions.break_glass_review(by=request.user, glass=glass, **form.cleaned_data)
        if outcome:
            messages.success(request, "Review recorded")
            return redirect("ig:break-glass-queue")
    return render(request, "ig/break_glass_review.html", {"form": form, "glass": glass})


@require_http_methods(["GET", "POST"])
def record_access(request):
    if not can_manage_access_list(request.user):
        raise errors.NotPermitted("Not permitted: can_manage_access_list")
    lookup = forms.RecordLookupForm(request.GET or None)
    family = grants = seal_form = named = None
    if request.GET and lookup.is_valid():
        typed = lookup.cleaned_data["identifier"]
        family = queries.find_family_by_identifier(typed)
        if family is None:
            named = queries.records_named(request.user, typed, purpose="seal")
            if not named:
                lookup.add_error("identifier", "No record has that reference or name")
    if family is not None:
        grants = queries.access_list(request.user, family)
        seal_form = forms.SealForm(
            request.POST or None, practitioners=queries.practitioners_for_access_list(request.user)
        )
        if request.method == "POST" and seal_form.is_valid():
            data = seal_form.cleaned_data
            with seal_form.saving() as outcome:
                if request.POST.get("do") == "unseal":
                    actions.family_unseal(by=request.user, family=family, reason=data["reason"])
                else:
                    actions.family_seal(
                        by=request.user,
                        family=family,
                        reason=data["reason"],
                        access_list=list(data["access_list"]),
                    )
            if outcome:
                messages.success(request, "Access to the record changed")
                return redirect(request.get_full_path())
    return render(
        request,
        "ig/record_access.html",
        {
            "lookup": lookup,
            "form": seal_form,
            "family": family,
            "named": named,
            "grants": grants,
            "nav": "record-access",
        },
    )


# --- The audit trail, read for IG ------------------------------------------------------------


@require_http_methods(["GET"])
def lookup(request):
    if not can_view_audit(request.user):
        raise errors.NotPermitted("Not permitted: can_view_audit")
    form = forms.LookupForm(request.GET or None)
    subject = events = named = None
    if request.GET and form.is_valid():
        typed = form.cleaned_data["reference"]
        subject = queries.find_subject(request.user, typed)
        if subject is None:
            named = queries.records_named(request.user, typed, purpose="audit")
            if not named:
                form.add_error("reference", "No family or person has that reference or name")
        else:
            events = Paginator(queries.who_has_looked(request.user, subject), 50).get_page(
                request.GET.get("page")
            )
    return render(
        request,
        "ig/lookup.html",
        {"form": form, "subject": subject, "events": events, "named": named, "nav": "audit"},
    )


@require_http_methods(["GET"])
def unusual(request):
    return render(
        request,
        "ig/unusual.html",
        {"items": queries.unusual_access(request.user), "nav": "unusual"},
    )


# --- The consistent child identifier: data quality -----------------------------------------


@require_http_methods(["GET"])
def identifier_gaps(request):
    from .queries import identifiers as queries_identifiers

    teams = queries_identifiers.identifier_gaps(request.user)
    return render(
        request,
        "ig/identifier_gaps.html",
        {
            "teams": teams,
            "per_team": queries_identifiers.PER_TEAM,
            "links": queries_identifiers.links_to_people(request.user),
            "nav": "identifier-gaps",
        },
    )
