"""Sealed records, named access lists, break-glass and the involvement grace period."""

import datetime as dt

import pytest
import time_machine
from django.test import override_settings
from django.utils import timezone

from audit.models import AuditEvent
from familyhub import errors, links
from ig import actions
from ig.models import BreakGlass
from notices.models import Notice
from people import queries as people_queries
from people.factories import AddressFactory
from people.models import Family, Person
from people.policy import (
    can_edit_family,
    can_view_family,
    can_view_person,
    family_visibility_q,
    is_break_glass_access,
)

pytestmark = pytest.mark.django_db

REASON = "Child presented at A&E with an injury; need to know who is involved now"


def visible(user, family) -> bool:
    """Predicate and queryset filter must agree; return their common answer."""
    by_q = Family.objects.filter(family_visibility_q(user)).filter(pk=family.pk).exists()
    assert by_q == can_view_family(user, family)
    return by_q


def test_sealed_family_is_seen_only_by_its_access_list(
    ig_officer, family_worker, colleague, manager, smith_family
):
    assert visible(family_worker.user, smith_family)
    actions.family_seal(
        by=ig_officer.user,
        family=smith_family,
        reason="Family in a refuge",
        access_list=[family_worker],
    )
    smith_family.refresh_from_db()
    assert visible(family_worker.user, smith_family)
    assert not visible(colleague.user, smith_family)  # same team, not on the list
    assert not visible(manager.user, smith_family)
    # ...not in search either
    from people.search import SearchTerms

    assert people_queries.search_people(colleague.user, SearchTerms(name="Jaden Smith")) == []
    assert people_queries.search_people(family_worker.user, SearchTerms(name="Jaden Smith"))
    assert AuditEvent.objects.filter(verb="access_change", family_id=smith_family.pk).exists()


def test_only_ig_seals_records(family_worker, smith_family):
    with pytest.raises(errors.NotPermitted):
        actions.family_seal(
            by=family_worker.user, family=smith_family, reason="x", access_list=[family_worker]
        )


def test_confidential_address_masked_outside_the_access_list(
    ig_officer, family_worker, colleague, smith_family, client
):
    AddressFactory(person=smith_family.kelly, line_1="Refuge Road", is_confidential=True)
    client.force_login(colleague.user)
    page = client.get(f"/people/{smith_family.kelly.pk}/").content.decode()
    assert "Address withheld" in page
    assert "Refuge Road" not in page
    actions.family_seal(
        by=ig_officer.user, family=smith_family, reason="Refuge", access_list=[family_worker]
    )
    client.force_login(family_worker.user)
    page = client.get(f"/people/{smith_family.kelly.pk}/").content.decode()
    assert "Refuge Road" in page


def test_restricted_person_needs_the_access_list(ig_officer, family_worker, smith_family):
    Person.objects.filter(pk=smith_family.kelly.pk).update(is_restricted=True)
    kelly = Person.objects.get(pk=smith_family.kelly.pk)
    assert not can_view_person(family_worker.user, kelly)
    assert not people_queries.people_visible_to(family_worker.user).filter(pk=kelly.pk).exists()
    actions.access_grant(
        by=ig_officer.user, family=smith_family, practitioner=family_worker, reason="Lead worker"
    )
    family_worker.user._familyhub_principal = None
    assert can_view_person(family_worker.user, kelly)
    assert people_queries.people_visible_to(family_worker.user).filter(pk=kelly.pk).exists()


def test_break_glass_gives_time_limited_view_only_access(stranger, smith_family, ig_officer):
    assert not visible(stranger.user, smith_family)
    with pytest.raises(errors.RuleViolation) as exc:
        actions.break_glass_open(by=stranger.user, family=smith_family, reason="urgent")
    assert exc.value.field_errors["reason"] == [actions.REASON_TOO_SHORT]
    glass = actions.break_glass_open(by=stranger.user, family=smith_family, reason=REASON)
    assert visible(stranger.user, smith_family)
    assert not can_edit_family(stranger.user, smith_family)
    assert is_break_glass_access(stranger.user, smith_family)
    event = AuditEvent.objects.get(verb="break_glass")
    assert event.reason == REASON
    assert event.family_id == smith_family.pk
    notice = Notice.objects.get(recipient=ig_officer.user, kind="break_glass")
    # The notice opens the review of this break-glass (a record reference, resolved by ig).
    assert links.resolve(notice.link) == f"/ig/break-glass/{glass.pk}/"
    assert smith_family.chronology.filter(kind="break_glass", significance="significant").exists()
    with time_machine.travel(glass.expires_at + dt.timedelta(seconds=1)):
        assert not visible(stranger.user, smith_family)


def test_break_glass_never_opens_a_sealed_record(stranger, family_worker, ig_officer, smith_family):
    actions.family_seal(
        by=ig_officer.user, family=smith_family, reason="Refuge", access_list=[family_worker]
    )
    with pytest.raises(errors.RuleViolation, match="sealed"):
        actions.break_glass_open(by=stranger.user, family=smith_family, reason=REASON)


def test_break_glass_review_by_ig_with_outcome(stranger, smith_family, ig_officer):
    glass = actions.break_glass_open(by=stranger.user, family=smith_family, reason=REASON)
    with pytest.raises(errors.NotPermitted):
        actions.break_glass_review(by=stranger.user, glass=glass, outcome="justified", note="x")
    with pytest.raises(errors.RuleViolation):
        actions.break_glass_review(by=ig_officer.user, glass=glass, outcome="justified", note="")
    actions.break_glass_review(
        by=ig_officer.user,
        glass=glass,
        outcome="not_justified",
        note="No safeguarding need found in the audit trail",
    )
    glass.refresh_from_db()
    assert glass.review == "not_justified"
    assert glass.reviewed_by == ig_officer.user
    assert not visible(stranger.user, smith_family)  # ended at once
    with pytest.raises(errors.RuleViolation):
        actions.break_glass_review(
            by=ig_officer.user, glass=glass, outcome="justified", note="again"
        )


def test_break_glass_page_needs_password_and_finds_by_reference(stranger, smith_family, client):
    client.force_login(stranger.user)
    url = "/break-glass/"
    data = {"identifier": smith_family.reference, "reason": REASON, "password": "wrong"}
    response = client.post(url, data)
    assert "Your password is not right" in response.content.decode()
    assert not BreakGlass.objects.exists()
    data["password"] = "correct-horse-battery"
    response = client.post(url, data)
    assert response.status_code == 302
    page = client.get(f"/families/{smith_family.pk}/").content.decode()
    assert "You are viewing this record under emergency access" in page
    assert client.get(f"/families/{smith_family.pk}/edit/").status_code == 404


@override_settings(
    FAMILYHUB={"ACCESS_GRACE_DAYS": 7, "DEMO": True, "PAGE_SIZE": 25, "PARTNERSHIP_NAME": "Test"}
)
def test_access_ends_after_the_grace_period(family_worker, smith_family):
    involvement = smith_family.involvements.get(practitioner=family_worker)
    today = timezone.localdate()
    involvement.ended_on = today - dt.timedelta(days=3)
    involvement.save()
    assert visible(family_worker.user, smith_family)  # inside the 7-day grace period
    involvement.ended_on = today - dt.timedelta(days=8)
    involvement.save()
    assert not visible(family_worker.user, smith_family)
