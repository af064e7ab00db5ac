"""The family's chronology: filtered, and as a PDF."""

from __future__ import annotations

from django.http import HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_http_methods

from access import reauth
from access.principals import principal_for

from .. import forms, queries


def _chronology_filters(request, family):
    form = forms.ChronologyFilterForm(
        request.GET or None,
        agencies=queries.chronology_agencies(family),
        members=queries.current_members(family),
        groups=[(k, v[0]) for k, v in queries.KIND_GROUPS.items()],
    )
    filters = queries.ChronologyFilters()
    if form.is_bound and form.is_valid():
        d = form.cleaned_data
        filters = queries.ChronologyFilters(
            agency=d["agency"].pk if d["agency"] else None,
            group=d["group"] or "",
            significant_only=d["significant"],
            person=d["person"].pk if d["person"] else None,
        )
    return form, filters


@require_http_methods(["GET"])
def chronology(request, pk):
    from django.core.paginator import Paginator

    family = queries.get_family_for(request.user, pk, record=True)
    form, filters = _chronology_filters(request, family)
    entries = Paginator(queries.chronology(request.user, family, filters), 50).get_page(
        request.GET.get("page")
    )
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "casework/chronology.html",
        {"family": family, "form": form, "entries": entries, "query": query.urlencode()},
    )


@require_http_methods(["GET"])
def chronology_pdf(request, pk):
    from .. import pdf

    family = queries.get_family_for(request.user, pk)
    if confirm := reauth.ask_for_password(request):
        return confirm
    form, filters = _chronology_filters(request, family)
    entries = queries.chronology_for_export(request.user, family, filters)
    document = pdf.chronology_pdf(
        family=family,
        entries=entries,
        filters=filters,
        by=principal_for(request.user),
        drawn=queries.family_drawn(request.user, family),
    )
    response = HttpResponse(document, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="chronology-{family.reference}.pdf"'
    return response
