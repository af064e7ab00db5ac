"""The IG officer's audit and seal look-ups take a name (issue 17 item 7): misspelt or half a
name finds who may be meant, each opened by their reference; a sealed family's members are
listed by reference only; every look-up is audited; no one else may use them."""

import html

import pytest
from django.urls import reverse

from audit.models import AuditEvent
from conftest import client_for
from ig import queries
from people.models import Family

pytestmark = pytest.mark.django_db


def _text(response) -> str:
    return html.unescape(response.content.decode())


def test_the_audit_look_up_takes_a_misspelt_name(client, ig_officer, smith_family, other_family):
    ig = client_for(client, ig_officer)
    response = ig.get(reverse("ig:lookup"), {"reference": "Jayden Smyth"})
    assert response.status_code == 200
    text = _text(response)
    assert "Records that may be meant" in text
    assert "Jaden Smith" in text
    assert f'href="?reference={smith_family.jaden.la_child_id}"' in text
    assert f'href="?reference={smith_family.reference}"' in text
    search = AuditEvent.objects.filter(actor_id=ig_officer.user.pk, verb="search").get()
    assert search.changes["terms"] == "Jayden Smyth"
    assert smith_family.jaden.pk in search.changes["results"]
    # and the reference it offers opens the access review, as before
    opened = ig.get(reverse("ig:lookup"), {"reference": smith_family.jaden.la_child_id})
    assert f"Access to {smith_family.jaden}" in _text(opened)


def test_a_name_and_date_of_birth_put_the_person_first(ig_officer, smith_family, other_family):
    found = queries.records_named(ig_officer.user, "Jaden 07/03/2016", purpose="audit")
    assert found[0].person_id == smith_family.jaden.pk


def test_the_seal_page_finds_the_family_by_name(client, ig_officer, smith_family):
    response = client_for(client, ig_officer).get(
        reverse("ig:record-access"), {"identifier": "Kely Smith"}
    )
    text = _text(response)
    assert "Kelly Smith" in text
    assert f'href="?identifier={smith_family.reference}"' in text
    assert smith_family.kelly.la_child_id in text


def test_members_of_a_sealed_family_are_listed_by_reference_only(ig_officer, smith_family):
    Family.objects.filter(pk=smith_family.pk).update(is_restricted=True)
    found = queries.records_named(ig_officer.user, "Jaden Smith", purpose="seal")
    jaden = next(r for r in found if r.person_id == smith_family.jaden.pk)
    assert jaden.sealed
    assert (jaden.name, jaden.born, jaden.reasons) == ("", None, [])
    assert jaden.families == [(smith_family.reference, True)]


def test_no_match_says_so_and_keeps_what_was_typed(client, ig_officer, smith_family):
    response = client_for(client, ig_officer).get(reverse("ig:lookup"), {"reference": "Zzyzx"})
    text = _text(response)
    assert "No family or person has that reference or name" in text
    assert 'value="Zzyzx"' in text


def test_only_information_governance_looks_up_by_name(family_worker, manager, smith_family):
    from django.http import Http404

    for practitioner in (family_worker, manager):
        for purpose in ("audit", "seal"):
            with pytest.raises(Http404):
                queries.records_named(practitioner.user, "Jaden Smith", purpose=purpose)
