"""IG's review of a family's information sharing is explicit and purposeful (issue 16 item 10):
a reason asked and audited when IG has no other access; never a sealed family's unless IG is on
its access list."""

import pytest
from django.urls import reverse

from audit.models import AuditEvent
from conftest import client_for
from people.factories import FamilyFactory

pytestmark = pytest.mark.django_db


def test_ig_gives_a_reason_before_the_sharing_page_opens_and_it_is_audited(
    client, ig_officer, smith_family
):
    c = client_for(client, ig_officer)
    url = reverse("sharing:family", args=[smith_family.pk])
    asked = c.get(url)
    assert asked.status_code == 200
    assert "Why are you reviewing this family" in asked.content.decode()
    assert "Consent" not in asked.content.decode()
    assert not AuditEvent.objects.filter(verb="view", family_id=smith_family.pk).exists()
    too_short = c.post(url, {"reason": "because"})
    assert "Say why in a few more words" in too_short.content.decode()
    opened = c.post(url, {"reason": "Complaint from the family received 3 March"})
    assert opened.status_code == 200
    assert "Information sharing" in opened.content.decode()
    event = AuditEvent.objects.get(verb="view", family_id=smith_family.pk)
    assert event.reason == (
        "IG review of information sharing: Complaint from the family received 3 March"
    )
    assert event.changes == {"purpose": "ig_review"}


def test_a_sealed_familys_sharing_is_not_opened_for_ig(client, ig_officer):
    sealed = FamilyFactory(is_restricted=True)
    c = client_for(client, ig_officer)
    url = reverse("sharing:family", args=[sealed.pk])
    assert c.get(url).status_code == 404
    assert c.post(url, {"reason": "Complaint from the family received"}).status_code == 404


def test_people_working_with_the_family_are_not_asked(client, family_worker, smith_family):
    page = client_for(client, family_worker).get(reverse("sharing:family", args=[smith_family.pk]))
    assert page.status_code == 200
    assert "Why are you reviewing" not in page.content.decode()
