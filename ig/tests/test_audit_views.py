"""The information-governance look-up: who has looked at a family or a person."""

import html

import pytest
from django.urls import reverse

from audit.models import AuditEvent
from conftest import client_for

pytestmark = pytest.mark.django_db

URL = "/audit/"


def _text(response) -> str:
    return html.unescape(response.content.decode())


def test_audit_url():
    assert reverse("ig:lookup") == URL


def test_ig_officer_sees_who_looked_at_a_family(client, family_worker, ig_officer, smith_family):
    worker = client_for(client, family_worker)
    worker.get(reverse("people:family", args=[smith_family.pk]))
    client.logout()

    ig = client_for(client, ig_officer)
    response = ig.get(URL, {"reference": smith_family.reference})
    assert response.status_code == 200
    text = _text(response)
    assert f"Access to {smith_family}" in text
    assert "Fola Worker" in text
    assert "Viewed" in text
    assert "127.0.0.1" in text
    # The look-up is itself recorded, with its reason.
    review = AuditEvent.objects.filter(
        actor_id=ig_officer.user.pk, verb="view", family_id=smith_family.pk
    )
    assert review.get().reason == "Access review: who has looked at this record"


def test_reference_is_case_insensitive(client, ig_officer, smith_family):
    response = client_for(client, ig_officer).get(
        URL, {"reference": f"  {smith_family.reference.lower()} "}
    )
    assert response.status_code == 200
    assert f"Access to {smith_family}" in _text(response)


def test_ig_officer_looks_up_a_person_by_la_child_id(
    client, family_worker, ig_officer, smith_family
):
    client_for(client, family_worker).get(reverse("people:person", args=[smith_family.jaden.pk]))
    client.logout()
    response = client_for(client, ig_officer).get(
        URL, {"reference": smith_family.jaden.la_child_id}
    )
    assert response.status_code == 200
    text = _text(response)
    assert "Access to Jaden Smith" in text
    assert "Fola Worker" in text


def test_unknown_reference_shows_an_error(client, ig_officer, smith_family):
    response = client_for(client, ig_officer).get(URL, {"reference": "FH-NOPE99"})
    assert response.status_code == 200
    text = _text(response)
    assert "There is a problem" in text
    assert "No family or person has that reference" in text


def test_empty_page_for_ig_officer(client, ig_officer):
    response = client_for(client, ig_officer).get(URL)
    assert response.status_code == 200
    assert "Who has looked at a record" in _text(response)


@pytest.mark.parametrize("who", ["family_worker", "manager", "stranger", "school_dsl"])
def test_audit_is_404_for_everyone_else(client, smith_family, who, request):
    user = request.getfixturevalue(who)
    response = client_for(client, user).get(URL, {"reference": smith_family.reference})
    assert response.status_code == 404
    assert smith_family.reference not in _text(response)
    assert not AuditEvent.objects.filter(
        verb="view", family_id=smith_family.pk, reason__startswith="Access review"
    ).exists()


def test_failed_sign_ins_are_not_listed_against_a_family(
    client, ig_officer, family_worker, smith_family
):
    client.post("/sign-in/", {"username": "family.worker@example.test", "password": "wrong"})
    response = client_for(client, ig_officer).get(URL, {"reference": smith_family.reference})
    assert "Failed sign-in" not in _text(response)
