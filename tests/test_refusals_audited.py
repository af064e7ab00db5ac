"""Refused requests and lists are audited (issue 16: a 404 for a family the user may not see
wrote nothing, so the unusual-access report never saw attempts that were denied; opening
/caseload/ wrote no audit event although every list is meant to)."""

import pytest
from django.test import RequestFactory
from django.urls import path, reverse

from access.middleware import RefusalAuditMiddleware
from audit.models import AuditEvent
from casework.tests.conftest import build_episode
from conftest import client_for
from familyhub import errors
from familyhub import urls as site_urls

pytestmark = pytest.mark.django_db


def test_a_family_that_is_not_theirs_is_a_404_and_the_attempt_is_audited(
    client, stranger, smith_family
):
    c = client_for(client, stranger)
    url = reverse("people:family", args=[smith_family.pk])
    assert c.get(url).status_code == 404
    event = AuditEvent.objects.get(verb="denied")
    assert event.actor_id == stranger.user.pk
    assert event.family_id == smith_family.pk
    assert event.object_type == "people.family"
    assert event.object_id == str(smith_family.pk)
    assert event.object_label == ""  # the name of what they may not see is not written down
    assert event.changes == {"path": url, "method": "GET", "purpose": "view"}


def test_a_missing_record_is_a_404_without_a_refusal(client, stranger):
    c = client_for(client, stranger)
    assert c.get(reverse("people:family", args=[999_999])).status_code == 404
    assert not AuditEvent.objects.filter(verb="denied").exists()


def test_an_action_that_says_no_is_audited_before_it_becomes_a_404(family_worker):
    request = RequestFactory().post("/somewhere/5/")
    request.user = family_worker.user
    middleware = RefusalAuditMiddleware(lambda r: None)
    refusal = errors.NotPermitted("You cannot approve your own plan")
    assert middleware.process_exception(request, refusal) is None  # the 404 is failures'
    event = AuditEvent.objects.get(verb="denied")
    assert event.actor_id == family_worker.user.pk
    assert event.changes == {
        "path": "/somewhere/5/",
        "method": "POST",
        "refusal": "You cannot approve your own plan",
    }


def _refusing_view(request, pk):
    raise errors.NotPermitted("Only a team manager may allocate work")


urlpatterns = [path("refusing/<int:pk>/", _refusing_view), *site_urls.urlpatterns]


@pytest.mark.urls("tests.test_refusals_audited")
def test_a_not_permitted_action_through_the_whole_stack(client, family_worker):
    """The real middleware order: audited first, then FailureMiddleware's 404."""
    c = client_for(client, family_worker)
    assert c.post("/refusing/7/").status_code == 404
    event = AuditEvent.objects.get(verb="denied")
    assert event.actor_id == family_worker.user.pk
    assert event.changes["refusal"] == "Only a team manager may allocate work"
    assert event.changes["path"] == "/refusing/7/"


def test_opening_the_caseload_is_audited(client, smith_family, family_worker):
    build_episode(smith_family, smith_family.jaden, "EH", "requested", team=family_worker.team)
    c = client_for(client, family_worker)
    assert c.get(reverse("casework:caseload")).status_code == 200
    event = AuditEvent.objects.get(verb="list", changes__list="caseload")
    assert event.actor_id == family_worker.user.pk
    assert set(event.changes) >= {"count", "families", "unallocated", "overdue"}


def test_search_results_are_audited_with_how_many(client, family_worker, smith_family):
    c = client_for(client, family_worker)
    assert c.get(reverse("people:search") + "?q=Jaden+Smith").status_code == 200
    event = AuditEvent.objects.get(verb="search")
    assert event.changes["list"] == "search results"
    assert event.changes["count"] == len(event.changes["results"])


# Views that refuse after their own check (not a record the registry would not give) raise
# NotPermitted, so the refusal is audited like any other (issue 16): they raised Http404, which
# RefusalAuditMiddleware cannot tell from a page that does not exist.
CAPABILITY_PAGES = [
    ("returns:index", "can_run_returns"),
    ("hubs:services", "coordinates_hubs"),
    ("casework:s47-list", "sits_on_a_macpt"),
    ("frontdoor:metrics", "can_view_front_door_metrics"),
    ("linkage:upload", "can_link_data"),
    ("organisations:macpts", "can_manage_macpts"),
    ("api:clients", "can_manage_api_clients"),
    ("ig:lookup", "can_view_audit"),
    ("returns:disproportionality", "can_view_disproportionality"),
    ("portal:relationships", "sees_relationships"),
]


@pytest.mark.parametrize(("name", "check"), CAPABILITY_PAGES)
def test_a_page_refused_by_its_own_check_is_a_404_and_audited(client, school_dsl, name, check):
    c = client_for(client, school_dsl)
    url = reverse(name)
    assert c.get(url).status_code == 404
    event = AuditEvent.objects.get(verb="denied")
    assert event.actor_id == school_dsl.user.pk
    assert event.changes == {"path": url, "method": "GET", "refusal": f"Not permitted: {check}"}
