"""Case notes: add (also inline with htmx), list, correct."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.views.decorators.http import require_http_methods

from casework import policy
from familyhub import errors

from .. import actions, forms, queries
from ._common import _family_url, _form_page


def _note_form(family, data=None):
    return forms.CaseNoteForm(
        data,
        members=queries.current_members(family),
        children=queries.current_children(family),
    )


@require_http_methods(["GET", "POST"])
def note_add(request, pk):
    family = queries.get_family_for(request.user, pk)
    if not policy.can_add_case_note(request.user, family):
        raise errors.NotPermitted("Not permitted: can_add_case_note")
    is_htmx = request.headers.get("HX-Request") == "true"
    form = _note_form(family, request.POST or None)
    saved = False
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        with form.saving() as outcome:
            actions.case_note_add(
                by=request.user,
                family=family,
                kind=d["kind"],
                occurred_on=d["occurred_on"],
                text=d["text"],
                seen=d["seen"],
                seen_alone=d["seen_alone"],
            )
        if outcome:
            saved = True
            if not is_htmx:
                messages.success(request, "Case note added")
                return redirect(_family_url(family, "case-notes"))
            form = _note_form(family)
    if is_htmx:
        html = render_to_string(
            "casework/_case_notes.html",
            {
                "family": family,
                "notes": list(queries.visible_notes(request.user, family)[:5]),
                "note_form": form,
                "can_note": True,
                "saved": saved,
            },
            request=request,
        )
        return HttpResponse(html)
    return _form_page(request, form, title="Add a case note", family=family, submit="Add note")


@require_http_methods(["GET"])
def notes_list(request, pk):
    family = queries.get_family_for(request.user, pk, record=True)
    notes = list(queries.visible_notes(request.user, family)[:200])
    correctable = {n.pk for n in notes if policy.can_correct_case_note(request.user, n)}
    return render(
        request,
        "casework/notes.html",
        {"family": family, "notes": notes, "correctable": correctable},
    )


@require_http_methods(["GET", "POST"])
def note_edit(request, pk):
    note = queries.get_case_note_for(request.user, pk)
    if not policy.can_correct_case_note(request.user, note):
        raise errors.NotPermitted("Not permitted: can_correct_case_note")
    form = forms.CaseNoteEditForm(
        request.POST or None, initial={"text": note.text, "version": note.version}
    )
    conflict = None
    if request.method == "POST" and form.is_valid():
        with form.saving() as outcome:
            actions.case_note_update(
                by=request.user,
                note=note,
                expected_version=form.cleaned_data["version"],
                text=form.cleaned_data["text"],
            )
        conflict = outcome.conflict
        if outcome:
            messages.success(request, "Case note corrected")
            return redirect(_family_url(note.family, "case-notes"))
    rows = []
    if conflict:
        rows = [
            {
                "label": "What happened",
                "theirs": conflict.current.text,
                "yours": form.cleaned_data.get("text"),
            }
        ]
    return _form_page(
        request,
        form,
        title=f"Correct the case note: {note}",
        family=note.family,
        conflict=conflict,
        conflict_rows=rows,
    )
