from django import forms
from django.core.paginator import Paginator
from django.shortcuts import render
from django.views.decorators.http import require_http_methods

from access import registry
from web.forms import GovukForm

from . import queries


class LookupForm(GovukForm):
    reference = forms.CharField(
        label="Family reference or LA child ID",
        max_length=20,
        help_text="For example FH-ABC234 or P2X4K7M9QA",
        error_messages={"required": "Enter a family reference or LA child ID"},
        widget=forms.TextInput(attrs={"class": "govuk-input--width-20", "spellcheck": "false"}),
    )


@require_http_methods(["GET"])
def lookup(request):
    if not registry.has_capability(request.user, "can_view_audit"):
        from django.http import Http404

        raise Http404("Not found")
    form = LookupForm(request.GET or None)
    subject, events = None, None
    if request.GET and form.is_valid():
        subject = queries.find_subject(request.user, form.cleaned_data["reference"])
        if subject is None:
            form.add_error("reference", "No family or person has that reference")
        else:
            events = Paginator(queries.who_has_looked(request.user, subject), 50).get_page(
                request.GET.get("page")
            )
    return render(
        request,
        "audit/lookup.html",
        {"form": form, "subject": subject, "events": events, "nav": "audit"},
    )


@require_http_methods(["GET"])
def unusual(request):
    return render(
        request,
        "audit/unusual.html",
        {"items": queries.unusual_access(request.user), "nav": "unusual"},
    )
