"""Reads for the service directory: the services a plan action can be, and the ORUK API's
filters (text, age, taxonomy term, organisation, place, day)."""

from __future__ import annotations

import math
import re
import uuid
from collections.abc import Mapping

from django.db.models import Q, QuerySet
from django.utils.dateparse import parse_datetime

from access.registry import visible_to

from .models import HubService, HubServiceStatus, Location, Taxonomy, TaxonomyTerm

DAYS = {"MO": "MO", "TU": "TU", "WE": "WE", "TH": "TH", "FR": "FR", "SA": "SA", "SU": "SU"}
DAY_NAMES = {
    "monday": "MO",
    "tuesday": "TU",
    "wednesday": "WE",
    "thursday": "TH",
    "friday": "FR",
    "saturday": "SA",
    "sunday": "SU",
}


class BadFilter(ValueError):
    """A query parameter that cannot be read; `param` names it."""

    def __init__(self, param: str, message: str):
        super().__init__(message)
        self.param = param


def hub_services_for_choice() -> QuerySet[HubService]:
    """The services a plan action can be: those running now."""
    return HubService.objects.filter(status=HubServiceStatus.ACTIVE).select_related("hub")


def uuid_param(params: Mapping[str, str], name: str) -> uuid.UUID | None:
    value = (params.get(name) or "").strip()
    if not value:
        return None
    try:
        return uuid.UUID(value)
    except ValueError:
        raise BadFilter(name, f"{name} must be a UUID") from None


def _number(params: Mapping[str, str], name: str) -> float | None:
    value = (params.get(name) or "").strip()
    if not value:
        return None
    try:
        number = float(value)
    except ValueError:
        raise BadFilter(name, f"{name} must be a number") from None
    if number < 0 or math.isnan(number) or math.isinf(number):
        raise BadFilter(name, f"{name} must be a number from 0")
    return number


def outward_code(postcode: str) -> str:
    """'DB1 2AB' -> 'DB1' (the postcode district); a bare district stays as it is."""
    compact = postcode.replace(" ", "").upper()
    return compact[:-3] if len(compact) > 4 else compact


POSTCODE = re.compile(r"^(?P<rest>.*?)[ ,]*(?P<pc>[A-Z]{1,2}[0-9][A-Z0-9]? ?[0-9][A-Z]{2})$", re.I)


def split_address(text: str) -> tuple[str, str, str]:
    """'12 Library Way, Northgate, Demo Town DB1 2AB' -> (address_1, city, postcode)."""
    match = POSTCODE.match((text or "").strip())
    rest, postcode = (match["rest"], match["pc"].upper()) if match else (text or "", "")
    parts = [p.strip() for p in rest.split(",") if p.strip()]
    if len(parts) >= 2:
        return ", ".join(parts[:-1]), parts[-1], postcode
    return (parts[0] if parts else ""), "", postcode


def _distance_m(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in metres (haversine)."""
    r = 6_371_000.0
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * r * math.asin(math.sqrt(a))


def locations_near(postcode: str, proximity: float | None) -> QuerySet[Location]:
    """Locations in the postcode's district, or within `proximity` metres of the district's
    centre (the mean of the places we know there: no postcode look-up service is called)."""
    district = outward_code(postcode)
    in_district = [
        loc
        for loc in Location.objects.exclude(postal_code="")
        if outward_code(loc.postal_code) == district
    ]
    if proximity is None:
        return Location.objects.filter(pk__in=[loc.pk for loc in in_district])
    placed = [loc for loc in in_district if loc.latitude is not None and loc.longitude is not None]
    if not placed:
        return Location.objects.none()
    lat = sum(loc.latitude for loc in placed) / len(placed)  # type: ignore[misc]
    lon = sum(loc.longitude for loc in placed) / len(placed)  # type: ignore[misc]
    near = [
        loc.pk
        for loc in Location.objects.filter(latitude__isnull=False, longitude__isnull=False)
        if _distance_m(lat, lon, loc.latitude, loc.longitude) <= proximity  # type: ignore[arg-type]
    ]
    return Location.objects.filter(pk__in=near)


def filter_services(qs: QuerySet[HubService], params: Mapping[str, str]) -> QuerySet[HubService]:
    """The ORUK `/services` filters. `minimum_age`/`maximum_age` follow the profile's words
    (services whose minimum age is at least, whose maximum age is at most, the value); `age`
    (ours) finds services open to a child of that age. BadFilter for what cannot be read."""
    text = (params.get("search") or "").strip()
    if text:
        qs = qs.filter(
            Q(name__icontains=text)
            | Q(description__icontains=text)
            | Q(terms__name__icontains=text)
        )
    low, high, age = (_number(params, n) for n in ("minimum_age", "maximum_age", "age"))
    if low is not None:
        qs = qs.filter(minimum_age__gte=low)
    if high is not None:
        qs = qs.filter(maximum_age__lte=high)
    if age is not None:
        qs = qs.filter(
            Q(minimum_age__isnull=True) | Q(minimum_age__lte=age),
            Q(maximum_age__isnull=True) | Q(maximum_age__gte=age),
        )
    for name, lookup in (
        ("taxonomy_term_id", "terms__uid"),
        ("taxonomy_id", "terms__taxonomy__uid"),
        ("organization_id", "organisation__uid"),
    ):
        value = uuid_param(params, name)
        if value is not None:
            qs = qs.filter(**{lookup: value})
    postcode = (params.get("postcode") or "").strip()
    if postcode:
        near = locations_near(postcode, _number(params, "proximity"))
        qs = qs.filter(at_locations__location__in=near)
    day = (params.get("day") or "").strip()
    if day:
        code = DAYS.get(day.upper()) or DAY_NAMES.get(day.lower())
        if code is None:
            raise BadFilter("day", "day must be a day of the week, e.g. MO or Monday")
        qs = qs.filter(schedules__byday__contains=code)
    modified = (params.get("modified_after") or "").strip()
    if modified:
        when = parse_datetime(modified)
        if when is None:
            raise BadFilter("modified_after", "modified_after must be an ISO 8601 date-time")
        qs = qs.filter(last_modified__gte=when)
    return qs.distinct()


def taxonomies() -> QuerySet[Taxonomy]:
    """Taxonomies are public vocabularies: published whole."""
    return Taxonomy.objects.order_by("name", "pk")


def taxonomy_terms() -> QuerySet[TaxonomyTerm]:
    return TaxonomyTerm.objects.select_related("taxonomy", "parent").order_by("name", "pk")


def services_for(user, params: Mapping[str, str]) -> QuerySet[HubService]:
    """The directory as this principal may see it (a partner system through the API: as a
    practitioner does), running services only, filtered as the ORUK `/services` list."""
    qs = visible_to(user, HubService).filter(
        status=HubServiceStatus.ACTIVE, withdrawn_at__isnull=True
    )
    return (
        filter_services(qs, params)
        .select_related("organisation", "hub")
        .prefetch_related("at_locations__location")
    )


def service_locations(service: HubService) -> list[Location]:
    """Where a service happens (from the prefetch services_for makes)."""
    return [row.location for row in service.at_locations.all()]
