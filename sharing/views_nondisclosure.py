"""Pages for decisions not to share (the exception to the duty to share, CA 2004 s16LA): record
one from the family's information sharing page, see and review one, information governance's
list of all of them, and the safeguarding partnership's counts by agency."""

import datetime as dt

from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from familyhub import errors
from familyhub.db_router import reads_from_replica
from people import queries as people_queries

from . import forms, policy
from .actions import nondisclosure as actions
from .queries import nondisclosure as queries


@require_http_methods(["GET", "POST"])
def non_disclosure_new(request, pk):
    family = queries.get_family_for_non_disclosure(request.user, pk)
    children = people_queries.members_for_choice(family).filter(memberships__role="child")
    form = forms.NonDisclosureForm(request.POST or None, children=children)
    if request.method == "POST" and form.is_valid():
        with form.saving() as outcome:
            record = actions.non_disclosure_record(
                by=request.user, family=family, **form.cleaned_data
            )
        if outcome:
            messages.success(request, "Decision not to share recorded")
            return redirect("sharing:non-disclosure", pk=record.pk)
    return render(request, "sharing/non_disclosure_form.html", {"form": form, "family": family})


@require_http_methods(["GET", "POST"])
def non_disclosure_detail(request, pk):
    record = queries.get_non_disclosure_for(request.user, pk)
    can_review = policy.can_review_non_disclosure(request.user, record) and (
        record.status == "withheld"
    )
    form = None
    if can_review:
        form = forms.NonDisclosureReviewForm(
            request.POST or None, initial={"version": record.version}
        )
        if request.method == "POST" and form.is_valid():
            data = dict(form.cleaned_data)
            version = data.pop("version") or 0
            with form.saving() as outcome:
                actions.non_disclosure_review(
                    by=request.user, record=record, expected_version=version, **data
                )
            if outcome:
                messages.success(request, "Review recorded")
                return redirect("sharing:non-disclosure", pk=record.pk)
    elif request.method == "POST":
        raise errors.NotPermitted("Not permitted: can_review_non_disclosure")
    return render(
        request,
        "sharing/non_disclosure.html",
        {
            "record": record,
            "reviews": record.reviews.select_related("reviewed_by"),
            "form": form,
            "today": timezone.localdate(),
            "from_ig": policy.can_list_non_disclosures(request.user),
        },
    )


@require_http_methods(["GET"])
def non_disclosures(request):
    form = forms.NonDisclosureFilterForm(request.GET or None)
    filters = queries.Filters()
    if form.is_bound and form.is_valid():
        d = form.cleaned_data
        filters = queries.Filters(
            agency=d["agency"].pk if d["agency"] else None,
            recipient=d["recipient"].pk if d["recipient"] else None,
            status=d["status"],
            review=d["review"],
            decided_from=d["decided_from"],
            decided_to=d["decided_to"],
        )
    items = queries.ig_non_disclosures(request.user, filters)
    page = Paginator(items, queries.PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "sharing/non_disclosures.html",
        {
            "form": form,
            "page": page,
            "today": timezone.localdate(),
            "nav": "non-disclosures",
            "query": _without_page(request),
        },
    )


def _without_page(request) -> str:
    params = request.GET.copy()
    params.pop("page", None)
    return params.urlencode()


@require_http_methods(["GET"])
@reads_from_replica
def non_disclosure_counts(request):
    today = timezone.localdate()
    default_from = dt.date(today.year - (1 if today.month < 4 else 0), 4, 1)  # the year to date
    # The boxes show the period counted: the year to date unless another was asked for.
    form = forms.CountsPeriodForm(
        request.GET or None, initial={"period_from": default_from, "period_to": today}
    )
    period_from, period_to = default_from, today
    if form.is_bound and form.is_valid():
        period_from = form.cleaned_data["period_from"] or default_from
        period_to = form.cleaned_data["period_to"] or today
    counts = queries.partnership_counts(request.user, period_from=period_from, period_to=period_to)
    return render(
        request,
        "sharing/non_disclosure_counts.html",
        {"form": form, "counts": counts, "nav": "non-disclosure-counts"},
    )
