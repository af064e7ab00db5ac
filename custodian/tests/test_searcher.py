"""Searching the other way: FamilyHub asking other custodians. Off by default; switched on, it
is run here against FamilyHub itself (live_server): one side asks over HTTP as a practitioner
who may see the child, the other answers as the custodian under its agreements, and both
sides audit."""

from __future__ import annotations

import pytest

from api.tests.conftest import make_client
from audit.models import AuditEvent
from custodian import queries, searcher
from custodian.models import Mode

from .conftest import CSC, CUSTODIAN_SCOPES, PERSONAL, agree

SELF = "FamilyHub itself (test)"


@pytest.mark.django_db
def test_off_by_default_nothing_is_asked(jaden, family_worker):
    assert not searcher.enabled()
    person, replies = queries.find_elsewhere(family_worker.user, jaden.pk, "safeguarding")
    assert person == jaden
    assert replies == []
    assert not AuditEvent.objects.filter(changes__custodian="find elsewhere").exists()


@pytest.mark.django_db(transaction=True)
def test_familyhub_asks_familyhub(live_server, settings, admin, jaden, school, family_worker):
    agree(admin, record_type=CSC, mode=Mode.CONTENT)
    agree(admin, record_type=PERSONAL, mode=Mode.EXISTENCE)
    _, key = make_client(admin, school, scopes=CUSTODIAN_SCOPES, name="Asking ourselves")
    settings.FAMILYHUB = {
        **settings.FAMILYHUB,
        "CUSTODIANS": [
            {"name": SELF, "url": f"{live_server.url}/api/v1/custodian/", "key": key},
            {"name": "Nobody there", "url": "http://127.0.0.1:9/api/v1/custodian/", "key": "x"},
        ],
    }
    assert queries.custodians_configured() == [SELF, "Nobody there"]

    _, replies = queries.find_elsewhere(family_worker.user, jaden.pk, "safeguarding")
    by_name = {r.custodian: r for r in replies}
    assert by_name[SELF].outcome == searcher.ANSWERED
    assert {r["record_type"]: r["mode"] for r in by_name[SELF].body["records"]} == {
        "childrens-services.details": "content",
        "personal.details": "existence",
    }
    assert by_name["Nobody there"].outcome == searcher.UNAVAILABLE

    _, reply = queries.fetch_elsewhere(family_worker.user, jaden.pk, SELF, CSC, "safeguarding")
    assert reply.outcome == searcher.ANSWERED
    assert reply.body["schema"] == "childrens-services.details/1"
    assert reply.body["content"]["keyWorker"] is None  # no lead practitioner recorded
    _, refused = queries.fetch_elsewhere(
        family_worker.user, jaden.pk, SELF, PERSONAL, "safeguarding"
    )
    assert refused.outcome == searcher.REFUSED
    assert "agreement" in refused.detail
    _, wrong = queries.fetch_elsewhere(family_worker.user, jaden.pk, SELF, CSC, "education")
    assert wrong.outcome == searcher.REFUSED

    # Both sides audited: the asking practitioner's questions, the custodian's decisions.
    asked = AuditEvent.objects.filter(changes__custodian__in=["find elsewhere", "fetch elsewhere"])
    assert asked.count() == 4
    assert set(asked.values_list("actor_id", flat=True)) == {family_worker.user.pk}
    decided = AuditEvent.objects.filter(changes__custodian__in=["find", "fetch"])
    assert sorted(decided.values_list("changes__decision", flat=True)) == [
        "allow",
        "allow",
        "allow",
        "deny",
        "deny",
    ]


@pytest.mark.django_db
def test_only_someone_who_may_see_the_child_asks(jaden, stranger, settings):
    from django.http import Http404

    settings.FAMILYHUB = {
        **settings.FAMILYHUB,
        "CUSTODIANS": [{"name": SELF, "url": "http://127.0.0.1:9/", "key": "x"}],
    }
    with pytest.raises(Http404):
        queries.find_elsewhere(stranger.user, jaden.pk, "safeguarding")
