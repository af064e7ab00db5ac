"""Family hub pages: the practitioner's directory search and service page (attach to the plan,
or send a connection request), deciding connection requests, the hub coordinator's services,
and each hub's public, sign-in-free offer page."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from casework import queries as casework_queries
from directory import actions as directory_actions
from directory import feeds
from familyhub import errors

from .. import actions, policy, queries
from ..forms import ConnectionRequestForm, DecisionForm, DirectorySearchForm, FeedImportForm


def _family(request):
    """The family the search is for (?family=), when the worker may add to its plan."""
    pk = request.GET.get("family") or request.POST.get("family")
    if not pk:
        return None
    try:
        return casework_queries.get_family_for(request.user, int(pk), record=True, write=True)
    except ValueError:
        raise Http404 from None


def _require_search(request) -> None:
    if not policy.can_search_directory(request.user):
        raise errors.NotPermitted("Not permitted: can_search_directory")


@require_GET
def directory_search(request):
    _require_search(request)
    family = _family(request)
    initial = {}
    if family is not None and "place" not in request.GET:
        initial["place"] = queries.home_postcode(family)
    form = DirectorySearchForm(request.GET or None, initial=initial)
    results = None
    if request.GET and form.is_valid():
        params = {k: "" if v is None else str(v) for k, v in form.cleaned_data.items()}
        results = list(queries.search_directory(request.user, params))
    today = timezone.localdate()
    return render(
        request,
        "hubs/directory_search.html",
        {
            "form": form,
            "results": results,
            "family": family,
            "children": queries.children_with_ages(family, today) if family else [],
            "nav": "directory",
        },
    )


@require_GET
def directory_service(request, uid):
    _require_search(request)
    family = _family(request)
    service = queries.service_for(request.user, uid)
    return render(
        request,
        "hubs/directory_service.html",
        {
            "service": service,
            "family": family,
            "can_refer": family is not None
            and policy.can_send_connection_request(request.user, family),
            "sessions": queries.service_sessions(service),
            "nav": "directory",
        },
    )


@require_http_methods(["GET", "POST"])
def connection_request_new(request, uid):
    _require_search(request)
    family = _family(request)
    if family is None or not policy.can_send_connection_request(request.user, family):
        raise errors.NotPermitted("Not permitted: can_send_connection_request")
    service = queries.service_for(request.user, uid)
    form = ConnectionRequestForm(request.POST or None, members=queries.members(family))
    if request.method == "POST" and form.is_valid():
        with form.saving() as outcome:
            actions.connection_request_send(
                by=request.user, family=family, service=service, **form.cleaned_data
            )
        if outcome:
            messages.success(request, f"Connection request sent to {service.name}")
            return redirect("people:family", pk=family.pk)
    return render(
        request,
        "hubs/connection_request_form.html",
        {"form": form, "family": family, "service": service, "nav": "directory"},
    )


@require_http_methods(["GET", "POST"])
def connection_request(request, pk):
    item = queries.get_request_for(request.user, pk)
    can_decide = policy.can_decide_connection_request(request.user, item)
    form = DecisionForm(request.POST or None, initial={"version": item.version})
    if request.method == "POST":
        if not can_decide:
            raise errors.NotPermitted("Not permitted: can_decide")
        if form.is_valid():
            accept = form.cleaned_data["decision"] == "accept"
            with form.saving() as outcome:
                actions.connection_request_decide(
                    by=request.user,
                    request=item,
                    expected_version=form.cleaned_data["version"],
                    accept=accept,
                    reason=form.cleaned_data["reason"],
                )
            if outcome:
                messages.success(request, "Request accepted" if accept else "Request declined")
                return redirect("hubs:services")
    return render(
        request,
        "hubs/connection_request.html",
        {"item": item, "form": form, "can_decide": can_decide, "nav": "services"},
    )


@require_GET
def services(request):
    """The hub coordinator's page: their hubs' services and the requests to decide."""
    if not policy.coordinates_hubs(request.user):
        raise errors.NotPermitted("Not permitted: coordinates_hubs")
    hubs = queries.coordinated_hubs(request.user)
    return render(
        request,
        "hubs/services.html",
        {
            "hubs": hubs,
            "services": queries.hub_services(hubs),
            "requests": queries.requests_to_decide(request.user)[:50],
            "new_requests": queries.new_self_referral_count(request.user),
            "nav": "services",
        },
    )


@login_not_required
@require_GET
def public_hubs(request):
    return render(request, "hubs/public_hubs.html", {"sites": queries.public_hubs()})


@login_not_required
@require_GET
def public_hub(request, pk):
    offer = queries.hub_offer(pk)
    return render(
        request,
        "hubs/public_hub.html",
        {
            "offer": offer,
            "oruk": reverse("oruk:services"),
            "sessions": queries.public_sessions(offer.hub),
        },
    )


MAX_FEED_BYTES = 20 * 1024 * 1024


@require_http_methods(["GET", "POST"])
def feed_import(request):
    """The hub coordinator reads another publisher's ORUK feed into the directory."""
    if not policy.coordinates_hubs(request.user):
        raise errors.NotPermitted("Not permitted: coordinates_hubs")
    form = FeedImportForm(request.POST or None, request.FILES or None)
    report = None
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            if upload is not None:
                if upload.size > MAX_FEED_BYTES:
                    raise feeds.FeedUnreadable("The file is too large (over 20 MB).")
                source = f"upload:{upload.name}"
                parsed = feeds.read_document(upload.read().decode("utf-8", errors="replace"))
            else:
                source = form.cleaned_data["url"]
                parsed = feeds.read(source)
        except feeds.FeedUnreadable as exc:
            form.add_error(None, f"{exc} Nothing was changed.")
        else:
            report = directory_actions.feed_import(by=request.user, source=source, parsed=parsed)
    return render(
        request, "hubs/feed_import.html", {"form": form, "report": report, "nav": "services"}
    )
