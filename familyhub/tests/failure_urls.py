"""Test-only pages that let domain errors through, to pin the one failure mapping
(familyhub.failures) through the client."""

from types import SimpleNamespace

from django import forms
from django.shortcuts import render
from django.urls import path

from familyhub import errors
from familyhub.forms import GovukForm
from familyhub.urls import urlpatterns as site

TAKEN = "That name is already taken"
REFUSED = "The family must have at least one parent or carer"


class NameForm(GovukForm):
    name = forms.CharField(label="Name")
    note = forms.CharField(label="Note", widget=forms.Textarea, required=False)
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)


def _act(kind: str):
    if kind == "rule":
        raise errors.RuleViolation(TAKEN, field_errors={"name": [TAKEN]})
    if kind == "stale":
        raise errors.StaleVersion("Someone else saved it", current=SimpleNamespace(version=7))
    if kind == "forbidden":
        raise errors.NotPermitted("You may not")


def form_page(request, kind):
    form = NameForm(request.POST or None, initial={"version": 3})
    conflict = None
    if request.method == "POST" and form.is_valid():
        with form.saving() as outcome:
            _act(kind)
        conflict = outcome.conflict
        if outcome:
            return render(request, "web/problem.html", {"problem": None})
    return render(
        request, "casework/form.html", {"form": form, "title": "Name", "conflict": conflict}
    )


def forbidden(request):
    raise errors.NotPermitted("A message that must not reach the page")


def unhandled(request):
    raise errors.RuleViolation(REFUSED)


urlpatterns = [
    path("test-failures/form/<str:kind>/", form_page, name="test-failures-form"),
    path("test-failures/forbidden/", forbidden),
    path("test-failures/unhandled/", unhandled),
    *site,
]
