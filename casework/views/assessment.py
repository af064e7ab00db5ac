"""The whole-family assessment, autosaved as it is typed."""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from casework import policy
from familyhub.failures import flashing

from .. import actions, forms, queries
from ..models import AssessmentKind, DraftKind
from ._common import _conflict_rows, _family_url, _form_page, _restore_draft, _save_draft


@require_http_methods(["GET", "POST"])
def assessment_new(request, pk):
    family = queries.get_family_for(request.user, pk, write=True)
    form = forms.AssessmentStartForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        assessment = actions.assessment_start(
            by=request.user, family=family, kind=form.cleaned_data["kind"]
        )
        return redirect("casework:assessment", pk=assessment.pk)
    return _form_page(
        request, form, title="Start a whole-family assessment", family=family, submit="Start"
    )


@require_http_methods(["GET", "POST"])
def assessment_edit(request, pk):
    assessment = queries.get_assessment_for(request.user, pk)
    family = assessment.family
    can_write = policy.can_record_casework(request.user, family)
    members = queries.current_members(family)
    initial = {
        "version": assessment.version,
        "child_voice": assessment.child_voice,
        "strengths": assessment.strengths,
        "network": assessment.network,
        "analysis": assessment.analysis,
        "factors": assessment.factors,
    }
    initial.update(queries.assessment_answers(assessment))
    form = forms.AssessmentForm(
        request.POST or None,
        initial=initial,
        members=members,
        statutory=assessment.kind == AssessmentKind.CHILD_AND_FAMILY,
    )
    draft = None
    if request.method == "GET" and can_write and assessment.status != "authorised":
        draft = queries.draft_for(request.user, DraftKind.ASSESSMENT, assessment.pk)
        _restore_draft(form, draft)
    conflict = None
    if request.method == "POST" and can_write and form.is_valid():
        complete = "complete" in request.POST
        with form.saving() as outcome:
            actions.assessment_save(
                by=request.user,
                assessment=assessment,
                expected_version=form.cleaned_data["version"],
                data=form.cleaned_data,
                needs=form.needs(),
                person_notes=form.notes(),
                complete=complete,
            )
        conflict = outcome.conflict
        if outcome:
            if complete:
                messages.success(request, "Assessment completed")
                return redirect(_family_url(family, "work"))
            messages.success(request, "Draft saved. You can carry on later.")
            return redirect("casework:assessment", pk=assessment.pk)
    return render(
        request,
        "casework/assessment.html",
        {
            "form": form,
            "assessment": assessment,
            "family": family,
            "can_write": can_write and assessment.status != "authorised",
            "can_authorise": policy.can_authorise_assessment(request.user, assessment)
            and assessment.status == "completed",
            "conflict": conflict,
            "conflict_rows": _conflict_rows(form, conflict.current, actions.ASSESSMENT_FIELDS)
            if conflict
            else [],
            "draft": draft,
            "autosave_url": reverse("casework:assessment-autosave", args=[assessment.pk]),
            "discard_url": reverse("casework:assessment-draft-discard", args=[assessment.pk]),
        },
    )


@require_http_methods(["POST"])
def assessment_autosave(request, pk):
    """Keep what the worker has typed as their own draft (htmx, on change and after a pause).
    Never touches the assessment or its version."""
    assessment = queries.get_assessment_for(request.user, pk, write=True, record=False)
    form = forms.AssessmentForm(
        initial={},
        members=queries.current_members(assessment.family),
        statutory=assessment.kind == AssessmentKind.CHILD_AND_FAMILY,
    )
    return _save_draft(request, DraftKind.ASSESSMENT, assessment, form)


@require_http_methods(["POST"])
def assessment_draft_discard(request, pk):
    assessment = queries.get_assessment_for(request.user, pk, write=True, record=False)
    actions.draft_discard(by=request.user, kind=DraftKind.ASSESSMENT, obj=assessment)
    messages.success(request, "Draft discarded: this is the last saved version")
    return redirect("casework:assessment", pk=assessment.pk)


@require_http_methods(["POST"])
def assessment_authorise(request, pk):
    assessment = queries.get_assessment_for(request.user, pk)
    with flashing(request) as outcome:
        actions.assessment_authorise(
            by=request.user,
            assessment=assessment,
            expected_version=int(request.POST.get("version") or 0),
        )
    if outcome:
        messages.success(request, "Assessment authorised")
    return redirect("casework:assessment", pk=assessment.pk)
