"""The open ORUK 3.0 API: every response validates against the shared schemas (with $refs
resolved from disk), no sign-in, CORS open, empty fields left out, pages and filters."""

from __future__ import annotations

import uuid

import pytest

from directory.factories import (
    HubServiceFactory,
    LocationFactory,
    TaxonomyTermFactory,
    full_service,
)
from directory.models import Feed, ServiceAtLocation, Taxonomy

from .oruk_schema import errors, page_errors

pytestmark = pytest.mark.django_db


def _empties(value, path="") -> list[str]:
    """Every null, empty string or empty list/object in a JSON document."""
    if value in (None, "", [], {}):
        return [path or "/"]
    if isinstance(value, dict):
        return [p for k, v in value.items() for p in _empties(v, f"{path}/{k}")]
    if isinstance(value, list):
        return [p for i, v in enumerate(value) for p in _empties(v, f"{path}/{i}")]
    return []


def _get(client, url, status=200):
    response = client.get(url)
    assert response.status_code == status, response.content[:300]
    assert response["Access-Control-Allow-Origin"] == "*"
    data = response.json()
    # a page's `contents` may be an empty list (the envelope requires it); nothing else may be
    assert _empties({k: v for k, v in data.items() if k != "contents"}) == []
    assert _empties(data.get("contents") or ["-"]) == []
    return response, data


@pytest.fixture
def offer():
    parenting = full_service(name="Triple P parenting programme")
    feeding = full_service(name="Baby and me", category="infant_feeding")
    feeding.minimum_age, feeding.maximum_age = 0, 1
    feeding.save()
    feed = Feed.objects.create(source="x.json")
    imported = HubServiceFactory(
        name="Their parenting course", hub=None, feed=feed, organisation__feed=feed
    )
    return {"parenting": parenting, "feeding": feeding, "imported": imported}


def test_the_service_list_is_open_and_validates(client, offer):
    response, page = _get(client, "/oruk/services")
    assert page_errors(page, "compiled/service_list.json") == []
    names = [s["name"] for s in page["contents"]]
    assert names == ["Baby and me", "Triple P parenting programme"]  # not the imported one
    assert (page["total_items"], page["total_pages"], page["page_number"]) == (2, 1, 1)
    assert page["first_page"]
    assert page["last_page"]
    assert not page["empty"]


def test_a_full_service_validates_with_everything_nested(client, offer):
    service = offer["parenting"]
    _, data = _get(client, f"/oruk/services/{service.uid}")
    assert errors(data, "compiled/service.json") == []
    assert data["id"] == str(service.uid)
    assert data["organization"]["id"] == str(service.organisation.uid)
    (at,) = data["service_at_locations"]
    assert at["location"]["addresses"][0]["postal_code"] == "DB1 2AB"
    assert at["location"]["accessibility"][0]["description"] == "Step-free entrance"
    assert data["schedules"][0]["byday"] == "TU"
    assert data["schedules"][0]["opens_at"] == "10:00"
    assert data["cost_options"][0]["amount"] == 0
    assert data["languages"][0]["name"] == "Polish"
    (phone,) = data["contacts"][0]["phones"]
    assert errors(phone, "phone.json") == []
    assert data["attributes"][0]["taxonomy_term"]["id"] == str(service.terms.get().uid)
    assert "alert" not in data  # empty: left out, not null


def test_imported_and_unknown_services_are_404_problems(client, offer):
    for uid in (offer["imported"].uid, uuid.uuid4(), "not-a-uuid"):
        response, data = _get(client, f"/oruk/services/{uid}", status=404)
        assert response["Content-Type"] == "application/problem+json"
        assert data["status"] == 404


def test_pages_with_link_headers(client):
    for n in range(5):
        HubServiceFactory(name=f"Service {n}")
    response, page = _get(client, "/oruk/services?per_page=2&page=2")
    assert page_errors(page, "compiled/service_list.json") == []
    assert [s["name"] for s in page["contents"]] == ["Service 2", "Service 3"]
    assert (page["total_items"], page["total_pages"], page["size"]) == (5, 3, 2)
    assert not page["first_page"]
    assert not page["last_page"]
    assert 'page=3>; rel="next"' in response["Link"]
    assert 'page=1>; rel="prev"' in response["Link"]
    _, last = _get(client, "/oruk/services?per_page=2&page=4")
    assert last["empty"] is True
    assert last["last_page"] is True
    _, data = _get(client, "/oruk/services?per_page=0", status=400)
    assert data["errors"][0]["field"] == "per_page"


def _names(client, query):
    _, page = _get(client, f"/oruk/services?{query}")
    return [s["name"] for s in page["contents"]]


def test_filters_by_text_age_term_place_and_day(client, offer):
    assert _names(client, "search=triple") == ["Triple P parenting programme"]
    assert _names(client, "age=4") == ["Triple P parenting programme"]
    assert _names(client, "age=0") == ["Baby and me"]
    assert _names(client, "minimum_age=1") == ["Triple P parenting programme"]
    assert _names(client, "maximum_age=1") == ["Baby and me"]
    term = offer["feeding"].terms.get()
    assert _names(client, f"taxonomy_term_id={term.uid}") == ["Baby and me"]
    assert _names(client, f"taxonomy_id={term.taxonomy.uid}") == ["Baby and me"]
    assert _names(client, "day=TU") == ["Baby and me", "Triple P parenting programme"]
    assert _names(client, "day=wednesday") == []
    far = LocationFactory(postal_code="ZZ9 9ZZ", latitude=55.0, longitude=-3.0)
    ServiceAtLocation.objects.create(service=offer["feeding"], location=far)
    assert _names(client, "postcode=ZZ9 1AA") == ["Baby and me"]
    assert _names(client, "postcode=DB1&proximity=1000") == [
        "Baby and me",
        "Triple P parenting programme",
    ]
    assert _names(client, "postcode=ZZ9&proximity=1000") == ["Baby and me"]
    for bad in ("taxonomy_term_id=nope", "age=old", "day=someday", "modified_after=soon"):
        _get(client, f"/oruk/services?{bad}", status=400)


def test_service_at_locations_list_and_detail_validate(client, offer):
    _, page = _get(client, "/oruk/service_at_locations")
    assert page_errors(page, "compiled/service_at_location_list.json") == []
    assert page["total_items"] == 2
    first = page["contents"][0]
    _, data = _get(client, f"/oruk/service_at_locations/{first['id']}")
    assert errors(data, "compiled/service_at_location.json") == []
    assert data["service"]["schedules"]


def test_organisations_taxonomies_and_terms_validate(client, offer):
    _, page = _get(client, "/oruk/organizations")
    assert page_errors(page, "compiled/organization_list.json") == []
    assert page["total_items"] == 2  # the imported service's provider is not ours to publish
    org = offer["parenting"].organisation
    _, data = _get(client, f"/oruk/organizations/{org.uid}")
    assert errors(data, "compiled/organization.json") == []
    assert [s["name"] for s in data["services"]] == ["Triple P parenting programme"]

    TaxonomyTermFactory()
    _, page = _get(client, "/oruk/taxonomies")
    assert page_errors(page, "taxonomy.json") == []
    tax = Taxonomy.objects.first()
    _, data = _get(client, f"/oruk/taxonomies/{tax.uid}")
    assert errors(data, "taxonomy.json") == []
    assert len(data["taxonomy_terms"]) == tax.terms.count()
    _, page = _get(client, "/oruk/taxonomy_terms")
    assert page_errors(page, "taxonomy_term.json") == []
    assert page["total_items"] == 3
    _, data = _get(client, f"/oruk/taxonomy_terms/{page['contents'][0]['id']}")
    assert errors(data, "taxonomy_term.json") == []


def test_the_root_says_which_profile(client):
    _, data = _get(client, "/oruk/")
    assert data["version"] == "3.0"


def test_a_broken_document_fails_the_schema_check():
    """The check itself can fail: a service without its status, with a bad id."""
    assert errors({"id": "x", "name": "No status"}, "compiled/service.json")
