"""The open Open Referral UK 3.0 API: GET only, no sign-in, no key, `Access-Control-Allow-
Origin: *`, under /oruk/. Lists are pages ({total_items, total_pages, page_number, size,
first_page, last_page, empty, contents}) with a Link header to the next and previous pages.
What it publishes is the anonymous principal's view of the directory (our own offer)."""

from __future__ import annotations

import math
import uuid
from collections.abc import Callable, Iterable
from functools import wraps
from typing import Any

from django.contrib.auth.decorators import login_not_required
from django.db.models import Model, QuerySet
from django.http import Http404, HttpRequest, JsonResponse
from django.views.decorators.http import require_GET

from access.principals import ANONYMOUS
from access.registry import visible_to

from . import oruk, queries
from .models import (
    DirectoryOrganisation,
    HubService,
    ServiceAtLocation,
    Taxonomy,
    TaxonomyTerm,
)

DEFAULT_PER_PAGE = 50
MAX_PER_PAGE = 200


def _problem(status: int, title: str, detail: str, **extra: Any) -> JsonResponse:
    body = {"type": "about:blank", "title": title, "status": status, "detail": detail, **extra}
    return JsonResponse(body, status=status, content_type="application/problem+json")


def open_api(view: Callable[..., JsonResponse]) -> Callable[..., JsonResponse]:
    """No sign-in, GET only, CORS open to all, bad filters and unknown ids as problem
    details (RFC 9457)."""

    @login_not_required
    @require_GET
    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> JsonResponse:
        try:
            response = view(request, *args, **kwargs)
        except queries.BadFilter as exc:
            response = _problem(
                400, "Bad Request", str(exc), errors=[{"field": exc.param, "detail": str(exc)}]
            )
        except Http404:
            response = _problem(404, "Not Found", "There is no such record in this directory.")
        response["Access-Control-Allow-Origin"] = "*"
        return response

    return wrapped


def _int(request: HttpRequest, name: str, default: int) -> int:
    value = request.GET.get(name, "").strip()
    if not value:
        return default
    try:
        number = int(value)
    except ValueError:
        raise queries.BadFilter(name, f"{name} must be a whole number") from None
    if number < 1:
        raise queries.BadFilter(name, f"{name} must be 1 or more")
    return number


def _page(
    request: HttpRequest, qs: QuerySet[Any], render: Callable[[Any], dict[str, Any]]
) -> JsonResponse:
    per_page = min(_int(request, "per_page", DEFAULT_PER_PAGE), MAX_PER_PAGE)
    number = _int(request, "page", 1)
    total = qs.count()
    pages = max(1, math.ceil(total / per_page))
    rows: Iterable[Any] = qs[(number - 1) * per_page : number * per_page]
    contents = [render(row) for row in rows]
    response = JsonResponse(
        {
            "total_items": total,
            "total_pages": pages,
            "page_number": number,
            "size": len(contents),
            "first_page": number == 1,
            "last_page": number >= pages,
            "empty": not contents,
            "contents": contents,
        }
    )
    links = []
    query = request.GET.copy()
    for rel, target in (("next", number + 1), ("prev", number - 1)):
        if 1 <= target <= pages:
            query["page"] = str(target)
            links.append(f'<{request.path}?{query.urlencode()}>; rel="{rel}"')
    if links:
        response["Link"] = ", ".join(links)
    response["X-Total-Count"] = str(total)
    return response


def _one(model: type[Model], uid: str, qs: QuerySet[Any] | None = None) -> Any:
    try:
        wanted = uuid.UUID(uid)
    except ValueError:
        raise Http404 from None
    try:
        return (qs if qs is not None else visible_to(ANONYMOUS, model)).get(uid=wanted)
    except model.DoesNotExist:  # type: ignore[attr-defined]
        raise Http404 from None


def _services() -> QuerySet[HubService]:
    return visible_to(ANONYMOUS, HubService).select_related("organisation").order_by("name", "pk")


@open_api
def api_root(request: HttpRequest) -> JsonResponse:
    return JsonResponse({"version": "3.0", "profile": oruk.PROFILE_URL})


@open_api
def services(request: HttpRequest) -> JsonResponse:
    qs = queries.filter_services(_services(), request.GET)
    return _page(request, qs, oruk.service_brief)


@open_api
def service(request: HttpRequest, uid: str) -> JsonResponse:
    qs = _services().prefetch_related(*oruk.FULL_PREFETCH)
    return JsonResponse(oruk.service_full(_one(HubService, uid, qs)))


def _sals() -> QuerySet[ServiceAtLocation]:
    return (
        visible_to(ANONYMOUS, ServiceAtLocation)
        .select_related("service__organisation", "location")
        .order_by("service__name", "location__name", "pk")
    )


@open_api
def service_at_locations(request: HttpRequest) -> JsonResponse:
    wanted = queries.filter_services(_services(), request.GET)
    qs = _sals().filter(service__in=wanted.values("pk"))
    return _page(request, qs, oruk.service_at_location)


@open_api
def service_at_location(request: HttpRequest, uid: str) -> JsonResponse:
    sal = _one(ServiceAtLocation, uid, _sals())
    return JsonResponse(oruk.service_at_location(sal, full=True))


@open_api
def organizations(request: HttpRequest) -> JsonResponse:
    qs = visible_to(ANONYMOUS, DirectoryOrganisation).order_by("name", "pk")
    return _page(request, qs, oruk.organization)


@open_api
def organization(request: HttpRequest, uid: str) -> JsonResponse:
    org = _one(DirectoryOrganisation, uid)
    data = oruk.organization(org, full=True)
    own = _services().filter(organisation=org).prefetch_related(*oruk.FULL_PREFETCH)
    data["services"] = [oruk.service_full(s) for s in own]
    return JsonResponse(oruk.prune(data))


@open_api
def taxonomies(request: HttpRequest) -> JsonResponse:
    return _page(request, queries.taxonomies(), oruk.taxonomy)


@open_api
def taxonomy(request: HttpRequest, uid: str) -> JsonResponse:
    tax = _one(Taxonomy, uid, queries.taxonomies().prefetch_related("terms__parent"))
    return JsonResponse(oruk.taxonomy(tax, with_terms=True))


@open_api
def taxonomy_terms(request: HttpRequest) -> JsonResponse:
    qs = queries.taxonomy_terms()
    wanted = queries.uuid_param(request.GET, "taxonomy_id")
    if wanted is not None:
        qs = qs.filter(taxonomy__uid=wanted)
    return _page(request, qs, oruk.taxonomy_term)


@open_api
def taxonomy_term(request: HttpRequest, uid: str) -> JsonResponse:
    return JsonResponse(oruk.taxonomy_term(_one(TaxonomyTerm, uid, queries.taxonomy_terms())))
