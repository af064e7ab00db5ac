"""What the casework pages share: the form page, the family page's address, the conflict
rows of a stale save, and the autosaved drafts of long forms."""

from __future__ import annotations

from django import forms as django_forms
from django.http import HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone

from familyhub import errors
from familyhub.timefmt import time_text

from .. import actions


def _form_page(
    request,
    form,
    *,
    title,
    family=None,
    submit="Save",
    caption="",
    template="casework/form.html",
    **extra,
):
    context = {
        "form": form,
        "title": title,
        "family": family,
        "submit": submit,
        "caption": caption or (family.name if family else ""),
        **extra,
    }
    return render(request, template, context)


def _family_url(family, anchor=""):
    return reverse("people:family", args=[family.pk]) + (f"#{anchor}" if anchor else "")


def _conflict_rows(form, current, fields):
    return [
        {
            "label": form.fields[f].label,
            "theirs": getattr(current, f),
            "yours": form.cleaned_data.get(f),
        }
        for f in fields
        if (getattr(current, f) or "") != (form.cleaned_data.get(f) or "")
    ]


def _restore_draft(form, draft) -> None:
    """Show the user's own unsaved draft in an unbound form: what they typed, and the version
    they started from (so saving it over someone else's newer save is refused as stale)."""
    if draft is None:
        return
    for name, field in form.fields.items():
        if name == "version":
            continue
        if name in draft.data:
            values = draft.data[name]
            multiple = isinstance(field, django_forms.MultipleChoiceField)
            form.initial[name] = values if multiple else (values[0] if values else "")
    if draft.base_version is not None:
        form.initial["version"] = draft.base_version


def _draft_data(request, form) -> dict[str, list[str]]:
    return {name: request.POST.getlist(name) for name in form.fields if name != "version"}


def _base_version(request) -> int | None:
    value = request.POST.get("version") or ""
    return int(value) if value.isdecimal() else None


def _autosave_response(request, draft) -> HttpResponse:
    saved = timezone.localtime(draft.saved_at)
    return render(
        request, "casework/_autosave_status.html", {"status": f"Draft saved at {time_text(saved)}"}
    )


def _save_draft(request, kind, obj, form) -> HttpResponse:
    """The user's own draft of `form` about `obj`, saved from what was posted (htmx)."""
    try:
        draft = actions.draft_save(
            by=request.user,
            kind=kind,
            obj=obj,
            data=_draft_data(request, form),
            base_version=_base_version(request),
        )
    except errors.RuleViolation as exc:  # shown in the autosave status, not the form
        return render(request, "casework/_autosave_status.html", {"status": exc.message})
    return _autosave_response(request, draft)
