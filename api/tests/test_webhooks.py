"""Webhooks end to end: a client registers its endpoint through the API, the front door's
decision and a change of lead practitioner fire events from their own actions, the real task
worker (django-tasks database worker) posts signed deliveries to a real HTTP server on this
machine, retries with back-off, and an administrator replays one from the client's page. An
organisation that may not know is never told."""

from __future__ import annotations

import datetime as dt
import io
import json

import pytest
import time_machine
from django.core.management import call_command
from django_tasks_db.models import DBTaskResult

from api import signing
from api.models import DeliveryStatus, WebhookDelivery
from api.tests.conftest import Api, concern_body, make_client
from api.tests.webhook_receiver import start
from api.webhooks import actions as webhook_actions
from api.webhooks.tasks import SYSTEM
from audit.models import AuditEvent, Verb
from casework import actions as casework
from frontdoor import actions as frontdoor
from frontdoor.models import Contact
from frontdoor.tests.helpers import decide, screened
from organisations.factories import OrganisationFactory
from organisations.models import OrganisationType

pytestmark = pytest.mark.django_db(transaction=True)
T0 = dt.datetime(2026, 11, 30, 9, 0, tzinfo=dt.UTC)
LEAD = "family.lead_practitioner_changed"
OUTCOME = "concern.outcome_decided"


@pytest.fixture
def receiver():
    found, server = start()
    yield found
    server.shutdown()
    server.server_close()


def work() -> None:
    """The task worker, once through whatever is due now."""
    call_command("db_worker", "--batch", "--no-startup-delay", verbosity=0, stdout=io.StringIO())


def subscribe(api: Api, url: str, events: list[str], key: str = "s-1") -> dict:
    response = api.post("/api/v1/webhooks/", {"url": url, "events": events}, key=key)
    assert response.status_code == 201, response.content
    return response.json()


def new_lead(smith_family, family_worker, lead):
    return casework.lead_assign(
        by=family_worker.user, family=smith_family, lead=lead, cover=None, family_say="chosen"
    )


def test_a_change_of_lead_is_delivered_signed_to_the_involved_school_only(
    receiver, admin, school_api, school_client, smith_family, family_worker
):
    police = OrganisationFactory(name="Demo Police", org_type=OrganisationType.POLICE)
    _, police_key = make_client(admin, police, name="Police system")
    mine = subscribe(school_api, receiver.url + "/school", [LEAD])
    subscribe(Api(police_key), receiver.url + "/police", [LEAD, OUTCOME])
    assert mine["secret"].startswith("whsec_")

    with time_machine.travel(T0, tick=False):
        new_lead(smith_family, family_worker, family_worker)
        work()

    assert [r.path for r in receiver.received] == ["/hooks/familyhub/school"]
    got = receiver.received[0]
    assert signing.verify(
        mine["secret"], got.headers[signing.HEADER], got.body, now=T0.timestamp()
    ) == int(T0.timestamp())
    with pytest.raises(signing.BadSignature):  # a changed body does not verify
        signing.verify(
            mine["secret"], got.headers[signing.HEADER], got.body + b" ", now=T0.timestamp()
        )
    with pytest.raises(signing.BadSignature):  # nor does a capture replayed an hour later
        signing.verify(
            mine["secret"], got.headers[signing.HEADER], got.body, now=T0.timestamp() + 3600
        )
    event = json.loads(got.body)
    assert (event["type"], got.headers["FamilyHub-Event"]) == (LEAD, LEAD)
    assert got.headers["FamilyHub-Event-Id"] == event["id"]
    assert event["data"]["family"]["reference"] == smith_family.reference
    assert event["data"]["family"]["lead_practitioner"]["name"] == family_worker.name
    delivery = WebhookDelivery.objects.get()
    assert (delivery.status, delivery.attempts, delivery.last_status_code) == ("delivered", 1, 200)
    assert delivery.tries.get().response_excerpt == '{"received": true}'
    told = AuditEvent.objects.get(verb=Verb.EXPORT, actor_id=school_client[0].user_id)
    assert told.changes["webhook"] == LEAD
    assert told.family_id == smith_family.pk


def test_a_failed_delivery_is_retried_with_exponential_back_off_by_the_worker(
    receiver, school_api, smith_family, family_worker
):
    secret = subscribe(school_api, receiver.url, [LEAD])["secret"]
    receiver.answers = [500, 503]
    with time_machine.travel(T0, tick=False) as clock:
        new_lead(smith_family, family_worker, family_worker)
        work()
        delivery = WebhookDelivery.objects.get()
        assert (delivery.status, delivery.attempts) == (DeliveryStatus.RETRYING, 1)
        waiting = DBTaskResult.objects.filter(status="READY").get()
        assert waiting.run_after == T0 + dt.timedelta(minutes=1)
        work()  # not due yet: nothing sent
        assert len(receiver.received) == 1
        clock.shift(dt.timedelta(minutes=1))
        work()
        delivery.refresh_from_db()
        assert delivery.next_attempt_at == T0 + dt.timedelta(minutes=1 + 2)
        clock.shift(dt.timedelta(minutes=2))
        work()
    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts) == (DeliveryStatus.DELIVERED, 3)
    assert [(t.number, t.status_code) for t in delivery.tries.all()] == [
        (1, 500),
        (2, 503),
        (3, 200),
    ]
    assert delivery.tries.first().response_excerpt == "Synthetic outage, try later"
    bodies = {r.body for r in receiver.received}
    assert len(bodies) == 1  # the same event each time, signed afresh at each attempt
    stamps = [
        signing.verify(secret, r.headers[signing.HEADER], r.body, now=T0.timestamp() + 180)
        for r in receiver.received
    ]
    assert stamps == [int(T0.timestamp()) + s for s in (0, 60, 180)]


def test_the_back_off_doubles_and_gives_up_after_eight_attempts(
    school_api, smith_family, family_worker
):
    subscribe(school_api, "http://127.0.0.1:9/closed", [LEAD])
    new_lead(smith_family, family_worker, family_worker)
    delivery = WebhookDelivery.objects.get()
    delays = [webhook_actions.retry_delay(n) for n in range(1, 8)]
    assert delays == [dt.timedelta(minutes=m) for m in (1, 2, 4, 8, 16, 32, 64)]
    outcomes = [
        webhook_actions.attempt_record(
            by=SYSTEM, delivery=delivery, status_code=None, error="refused"
        )
        for _ in range(webhook_actions.MAX_ATTEMPTS)
    ]
    assert [o.retry_at is not None for o in outcomes] == [True] * 7 + [False]
    assert outcomes[-1].delivery.status == DeliveryStatus.GAVE_UP


def test_the_outcome_of_a_concern_goes_to_the_client_that_sent_it_and_no_other(
    receiver,
    admin,
    school_api,
    school_involved,
    smith_family,
    fd_worker,
    fd_manager,
    locality_teams,
):
    _, other_key = make_client(admin, school_involved, name="Second MIS of the same school")
    mine = subscribe(school_api, receiver.url + "/mine", [OUTCOME])
    subscribe(Api(other_key), receiver.url + "/other", [OUTCOME])
    sent = school_api.post("/api/v1/concerns/", concern_body(smith_family), key="c-1").json()
    contact = screened(Contact.objects.get(concern__reference=sent["reference"]), fd_worker)
    decision = decide(contact, fd_worker.user)
    if decision.sign_off == "pending":
        frontdoor.decision_sign_off(
            by=fd_manager.user, decision=decision, expected_version=decision.version, agree=True
        )
    work()
    assert [r.path for r in receiver.received] == ["/hooks/familyhub/mine"]
    got = receiver.received[0]
    signing.verify(
        mine["secret"],
        got.headers[signing.HEADER],
        got.body,
        now=int(got.headers[signing.HEADER].split(",")[0][2:]),
    )
    concern = json.loads(got.body)["data"]["concern"]
    assert concern["reference"] == sent["reference"]
    assert concern["outcome"]["outcome"]  # what the referrer is told, as GET /concerns/ says
    assert concern["outcome"] == {
        **school_api.get(f"/api/v1/concerns/{sent['reference']}/").json()["outcome"],
    }


def test_an_administrator_replays_a_delivery_from_the_clients_page(
    receiver, client, admin, school_api, school_client, smith_family, family_worker
):
    subscribe(school_api, receiver.url, [LEAD])
    new_lead(smith_family, family_worker, family_worker)
    work()
    first = WebhookDelivery.objects.get()

    client.force_login(family_worker.user)  # not an administrator: as if it did not exist
    assert client.post(f"/partner-systems/deliveries/{first.pk}/replay/").status_code == 404
    client.force_login(admin.user)
    page = client.get(f"/partner-systems/{school_client[0].pk}/")
    assert receiver.url in page.content.decode()
    assert "Delivered" in page.content.decode()
    response = client.post(f"/partner-systems/deliveries/{first.pk}/replay/")
    assert response.status_code == 302
    work()
    again = WebhookDelivery.objects.exclude(pk=first.pk).get()
    assert (again.replay_of, again.status, again.event_id) == (first, "delivered", first.event_id)
    assert [r.body for r in receiver.received] == [first.body.encode()] * 2
    assert AuditEvent.objects.filter(
        actor_id=admin.user_id, changes__webhook_replay=first.pk
    ).exists()


def test_nothing_is_sent_once_the_organisation_may_no_longer_know(
    receiver, admin, school_api, school_client, smith_family, family_worker
):
    subscribe(school_api, receiver.url, [LEAD])
    new_lead(smith_family, family_worker, family_worker)
    smith_family.is_restricted = True  # sealed before the worker got to it
    smith_family.save()
    work()
    delivery = WebhookDelivery.objects.get()
    assert receiver.received == []
    assert (delivery.status, delivery.attempts) == (DeliveryStatus.GAVE_UP, 0)
