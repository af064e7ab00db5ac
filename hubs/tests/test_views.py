"""Family hub pages: search by need, age and place; the service page's plan and request links;
the coordinator's services page; the public, sign-in-free hub offer page."""

import pytest

from conftest import client_for
from directory.factories import full_service
from hubs.models import ConnectionRequest

pytestmark = pytest.mark.django_db


def test_search_by_need_age_and_place(client, family_worker, smith_family, parenting):
    full_service(name="Baby and me", category="infant_feeding", minimum_age=0, maximum_age=1)
    c = client_for(client, family_worker)
    page = c.get("/directory/", {"need": "parenting", "age": "4", "place": "DB1"})
    assert page.status_code == 200
    assert [s.name for s in page.context["results"]] == ["Triple P parenting programme"]
    assert c.get("/directory/", {"age": "15"}).context["results"] == []
    far = c.get("/directory/", {"need": "parenting", "place": "ZZ9"}).context["results"]
    assert far == []
    bad = c.get("/directory/", {"age": "four"})
    assert "Enter the child&#x27;s age as a number" in bad.content.decode()


def test_the_service_page_offers_the_plan_and_a_request(
    client, family_worker, smith_family, parenting
):
    c = client_for(client, family_worker)
    url = f"/directory/services/{parenting.uid}/?family={smith_family.pk}"
    html = c.get(url).content.decode()
    assert f"/families/{smith_family.pk}/plan/actions/new/?service={parenting.pk}" in html
    response = c.post(
        f"/directory/services/{parenting.uid}/connect/",
        {"family": smith_family.pk, "message": "Bedtimes are hard.", "family_agreed": "on"},
    )
    assert response.status_code == 302
    assert ConnectionRequest.objects.get().message == "Bedtimes are hard."


def test_a_family_the_worker_cannot_see_is_404(client, stranger, smith_family, parenting):
    c = client_for(client, stranger)
    assert c.get(f"/directory/?family={smith_family.pk}").status_code == 404
    assert (
        c.get(f"/directory/services/{parenting.uid}/connect/?family={smith_family.pk}").status_code
        == 404
    )


def test_the_coordinator_has_services_others_do_not(client, family_worker, coordinator, parenting):
    assert client_for(client, family_worker).get("/services/").status_code == 404
    page = client_for(client, coordinator).get("/services/")
    assert page.status_code == 200
    assert "Triple P parenting programme" in page.content.decode()


def test_the_hub_offer_page_is_public(client, hub, parenting):
    page = client.get(f"/hubs/{hub.pk}/")
    assert page.status_code == 200
    html = page.content.decode()
    assert "Triple P parenting programme" in html
    assert "Tuesdays" in html
    assert "Aged 2 to 12" in html
    assert client.get("/hubs/").status_code == 200
    assert client.get("/hubs/999999/").status_code == 404


def test_the_session_page_counts_places_but_lists_only_who_you_may_see(
    client, course, coordinator, stranger, family_worker
):
    from hubs import actions

    from .conftest import make_family

    family = make_family("Amy", family_worker)
    actions.enrol(by=family_worker.user, session=course, family=family, person=family.parent)
    page = client_for(client, coordinator).get(f"/sessions/{course.pk}/").content.decode()
    assert "1 of 2 taken" in page
    assert "Amy Test" in page
    page = client_for(client, stranger).get(f"/sessions/{course.pk}/").content.decode()
    assert "1 of 2 taken" in page
    assert "Amy Test" not in page
