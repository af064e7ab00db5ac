"""Directory records as Open Referral UK 3.0 JSON (the shapes of the profile's compiled
schemas in shared/standards/oruk-3.0). Empty optional fields are left out, never sent as null.

`service_full` is the fully nested service (`/services/{id}`), `service_brief` the one-to-one
fields a list carries (`/services`), and so on for organisations, taxonomies, terms and
service-at-locations. HSDS 3.0 fields the UK profile leaves out but allows (a language's name
and code, a contact's email and phones) are published too."""

from __future__ import annotations

import uuid
from decimal import Decimal
from typing import Any

from .models import (
    DirectoryOrganisation,
    HubService,
    Location,
    ServiceAtLocation,
    Taxonomy,
    TaxonomyTerm,
)

PROFILE_URL = "https://openreferraluk.org/developers/"
ATTRIBUTE_NAMESPACE = uuid.UUID("0c7f9b2e-8a41-4d6c-b1e3-5f2a7c9d0e14")


def prune(value: Any) -> Any:
    """Drop None, empty strings and empty lists/objects, at every depth."""
    if isinstance(value, dict):
        kept = {k: prune(v) for k, v in value.items()}
        return {k: v for k, v in kept.items() if v not in (None, "", [], {})}
    if isinstance(value, list):
        return [prune(v) for v in value if v not in (None, "", [], {})]
    return value


def _s(value: Any) -> str | None:
    return str(value) if value not in (None, "") else None


def _number(value: Decimal | float | int | None) -> float | int | None:
    if value is None:
        return None
    return int(value) if value == int(value) else float(value)


def taxonomy_term(term: TaxonomyTerm, *, nested: bool = False) -> dict[str, Any]:
    data = {
        "id": str(term.uid),
        "name": term.name,
        "description": term.description,
        "term": term.code,
        "taxonomy": term.taxonomy.name,
        "taxonomy_id": str(term.taxonomy.uid),
        "parent_id": _s(term.parent.uid) if term.parent_id else None,
        "term_uri": term.term_uri,
    }
    return prune(data)


def taxonomy(tax: Taxonomy, *, with_terms: bool = False) -> dict[str, Any]:
    data: dict[str, Any] = {
        "id": str(tax.uid),
        "name": tax.name,
        "description": tax.description,
        "uri": tax.uri,
        "version": tax.version,
    }
    if with_terms:
        data["taxonomy_terms"] = [taxonomy_term(t) for t in tax.terms.all()]
    return prune(data)


def _attribute(link_id: uuid.UUID, link_type: str, term: TaxonomyTerm) -> dict[str, Any]:
    return {
        "id": str(uuid.uuid5(ATTRIBUTE_NAMESPACE, f"{link_id}:{term.uid}")),
        "link_id": str(link_id),
        "link_type": link_type,
        "taxonomy_term_id": str(term.uid),
        "taxonomy_term": taxonomy_term(term),
    }


def organization(org: DirectoryOrganisation, *, full: bool = False) -> dict[str, Any]:
    data: dict[str, Any] = {
        "id": str(org.uid),
        "name": org.name,
        "description": org.description,
        "email": org.email,
        "website": org.website,
    }
    if full and org.identifier:
        data["organization_identifiers"] = [
            {
                "id": str(uuid.uuid5(ATTRIBUTE_NAMESPACE, f"{org.uid}:identifier")),
                "organization_id": str(org.uid),
                "identifier_type": org.identifier_type or "local",
                "identifier": org.identifier,
            }
        ]
    return prune(data)


def location(loc: Location) -> dict[str, Any]:
    address = None
    if loc.address_1 and loc.postal_code:
        address = {
            "id": str(uuid.uuid5(ATTRIBUTE_NAMESPACE, f"{loc.uid}:address")),
            "location_id": str(loc.uid),
            "address_1": loc.address_1,
            "city": loc.city or loc.state_province or "-",
            "state_province": loc.state_province or loc.city or "-",
            "postal_code": loc.postal_code,
            "country": loc.country,
            "address_type": "physical",
        }
    return prune(
        {
            "id": str(loc.uid),
            "location_type": loc.location_type,
            "name": loc.name,
            "description": loc.description,
            "latitude": loc.latitude,
            "longitude": loc.longitude,
            "addresses": [address] if address else [],
            "accessibility": [
                {
                    "id": str(a.uid),
                    "location_id": str(loc.uid),
                    "description": a.description,
                    "details": a.details,
                }
                for a in loc.accessibility.all()
            ],
        }
    )


def service_at_location(sal: ServiceAtLocation, *, full: bool = False) -> dict[str, Any]:
    """A service at a location; `full` nests the whole service (a list item has its one-to-one
    fields) and the location's address and accessibility."""
    if full:
        loc = location(sal.location)
        service = service_full(sal.service, with_locations=False)
    else:
        loc = prune(
            {
                "id": str(sal.location.uid),
                "location_type": sal.location.location_type,
                "name": sal.location.name,
                "latitude": sal.location.latitude,
                "longitude": sal.location.longitude,
            }
        )
        service = service_brief(sal.service)
    return prune(
        {
            "id": str(sal.uid),
            "service_id": str(sal.service.uid),
            "location_id": str(sal.location.uid),
            "location": loc,
            "service": service,
        }
    )


def _nested_at_location(sal: ServiceAtLocation) -> dict[str, Any]:
    return prune(
        {
            "id": str(sal.uid),
            "service_id": str(sal.service_id and sal.service.uid),
            "location_id": str(sal.location.uid),
            "location": location(sal.location),
        }
    )


def _time(value: Any) -> str | None:
    return value.strftime("%H:%M") if value else None


def _schedules(service: HubService) -> list[dict[str, Any]]:
    return [
        {
            "id": str(s.uid),
            "service_id": str(service.uid),
            "service_at_location_id": _s(s.service_at_location.uid)
            if s.service_at_location_id
            else None,
            "freq": s.freq,
            "interval": s.interval,
            "byday": s.byday,
            "opens_at": _time(s.opens_at),
            "closes_at": _time(s.closes_at),
            "valid_from": _s(s.valid_from),
            "valid_to": _s(s.valid_to),
            "description": s.description,
            "attending_type": s.attending_type,
        }
        for s in service.schedules.all()
    ]


def _contacts(service: HubService) -> list[dict[str, Any]]:
    return [
        {
            "id": str(c.uid),
            "service_id": str(service.uid),
            "name": c.name,
            "title": c.title,
            "email": c.email,
            "phones": [{"id": str(c.phone_uid), "number": c.phone}] if c.phone else [],
        }
        for c in service.contacts.all()
    ]


def service_brief(service: HubService) -> dict[str, Any]:
    """The one-to-one fields (a list's item)."""
    org = service.organisation
    data: dict[str, Any] = {
        "id": str(service.uid),
        "organization_id": str(org.uid) if org else None,
        "name": service.name,
        "description": service.description,
        "url": service.url,
        "email": service.email,
        "status": service.status,
        "minimum_age": service.minimum_age,
        "maximum_age": service.maximum_age,
        "alert": service.alert,
        "last_modified": service.last_modified.isoformat(),
    }
    return prune(data)


def service_full(service: HubService, *, with_locations: bool = True) -> dict[str, Any]:
    """The fully nested service (`/services/{id}`)."""
    data = service_brief(service)
    org = service.organisation
    data.update(
        {
            "organization": organization(org, full=True) if org else None,
            "service_at_locations": [_nested_at_location(sal) for sal in service.at_locations.all()]
            if with_locations
            else [],
            "schedules": _schedules(service),
            "contacts": _contacts(service),
            "cost_options": [
                {
                    "id": str(c.uid),
                    "service_id": str(service.uid),
                    "option": c.option,
                    "amount": _number(c.amount),
                    "amount_description": c.amount_description,
                }
                for c in service.cost_options.all()
            ],
            "languages": [
                {
                    "id": str(lang.uid),
                    "service_id": str(service.uid),
                    "name": lang.name,
                    "code": lang.code,
                }
                for lang in service.languages.all()
            ],
            "attributes": [_attribute(service.uid, "service", t) for t in service.terms.all()],
        }
    )
    return prune(data)


FULL_PREFETCH = (
    "organisation",
    "at_locations__location__accessibility",
    "schedules__service_at_location",
    "contacts",
    "cost_options",
    "languages",
    "terms__taxonomy",
    "terms__parent",
)
