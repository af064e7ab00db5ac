"""Connection requests: New -> Accepted / Declined with a reason, in the chronology, seen by
the family's workers and by the provider (who never sees the family's record)."""

import pytest

from access import registry
from access.principals import Purpose
from familyhub import errors
from hubs import actions, queries
from hubs.models import ConnectionRequest
from people.models import ChronologyEntry
from people.policy import can_view_family

pytestmark = pytest.mark.django_db


def _send(by, family, service, **kw):
    data = {"message": "Mum would like help with bedtimes.", "family_agreed": True} | kw
    return actions.connection_request_send(by=by, family=family, service=service, **data)


def test_the_provider_decides_and_the_lead_sees_it(
    family_worker, smith_family, parenting, coordinator
):
    request = _send(family_worker.user, smith_family, parenting, person=smith_family.kelly)
    assert request.status == "new"
    assert list(queries.requests_to_decide(coordinator.user)) == [request]
    assert not can_view_family(coordinator.user, smith_family)  # the request, not the record

    with pytest.raises(errors.RuleViolation, match="Say why"):
        actions.connection_request_decide(
            by=coordinator.user, request=request, expected_version=1, accept=False
        )
    actions.connection_request_decide(
        by=coordinator.user,
        request=request,
        expected_version=1,
        accept=False,
        reason="The course is for parents of children under 12 in the North only.",
    )
    request.refresh_from_db()
    assert (request.status, request.decided_by) == ("declined", coordinator.user)
    summaries = list(
        ChronologyEntry.objects.filter(family=smith_family, kind="connection_request")
        .order_by("pk")
        .values_list("summary", "detail")
    )
    assert summaries == [
        (
            "Connection request sent to Triple P parenting programme",
            "Mum would like help with bedtimes.",
        ),
        (
            "Triple P parenting programme declined the connection request",
            "The course is for parents of children under 12 in the North only.",
        ),
    ]
    assert list(queries.family_requests(family_worker.user, smith_family)) == [request]
    with pytest.raises(errors.NotPermitted):  # decided once
        actions.connection_request_decide(
            by=coordinator.user, request=request, expected_version=2, accept=True
        )


def test_who_may_send_see_and_decide(family_worker, smith_family, parenting, coordinator, stranger):
    with pytest.raises(errors.NotPermitted):
        _send(stranger.user, smith_family, parenting)
    with pytest.raises(errors.RuleViolation, match="agreed"):
        _send(family_worker.user, smith_family, parenting, family_agreed=False)
    request = _send(family_worker.user, smith_family, parenting)
    assert registry.can(family_worker.user, request, Purpose.VIEW)
    assert not registry.can(family_worker.user, request, Purpose.EDIT)
    assert registry.can(coordinator.user, request, Purpose.EDIT)
    assert not registry.can(stranger.user, request, Purpose.VIEW)
    with pytest.raises(errors.NotPermitted):
        actions.connection_request_decide(
            by=family_worker.user, request=request, expected_version=1, accept=True
        )
    actions.connection_request_decide(
        by=coordinator.user, request=request, expected_version=1, accept=True
    )
    assert ConnectionRequest.objects.get().status == "accepted"


def test_a_service_that_is_not_running_takes_no_requests(family_worker, smith_family, parenting):
    parenting.status = "inactive"
    parenting.save()
    with pytest.raises(errors.RuleViolation, match="not running"):
        _send(family_worker.user, smith_family, parenting)
