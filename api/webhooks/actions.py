"""Writes for webhooks: a client's subscriptions (made, changed with If-Match, ended), the
deliveries an event makes (only to clients whose organisation may know, by the same registry as
the API's reads), each attempt's outcome with its back-off, and an administrator's replay."""

from __future__ import annotations

import datetime as dt
import functools
import ipaddress
import json
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from django.conf import settings
from django.utils import timezone
from rest_framework.fields import DateTimeField

import audit
from access import registry
from access.doorway import action, after_commit, bump, permit
from access.principals import Purpose
from audit.models import Verb
from familyhub import errors
from frontdoor.queries import referrer_view

from .. import policy, signing
from ..models import (
    ApiClient,
    DeliveryStatus,
    WebhookAttempt,
    WebhookDelivery,
    WebhookEvent,
    WebhookSubscription,
)
from ..principals import principal_of
from ..scopes import Scope
from .queries import subscriptions_for_event

# Each event tells what one scope reads: a client is told only what it could ask for.
EVENT_SCOPES = {
    WebhookEvent.CONCERN_OUTCOME_DECIDED: Scope.OUTCOMES_READ,
    WebhookEvent.LEAD_PRACTITIONER_CHANGED: Scope.DIRECTORY_READ,
}
# Back-off: after attempt n fails, the next is BASE_DELAY * 2**(n-1) later (1, 2, 4 ... 64
# minutes); after MAX_ATTEMPTS the delivery gives up (an administrator may replay it).
BASE_DELAY = dt.timedelta(minutes=1)
MAX_ATTEMPTS = 8
MAX_SUBSCRIPTIONS = 10

URL_REQUIRED = "Enter the HTTPS address of your endpoint"
URL_NOT_HTTPS = "The endpoint must be an https:// address"
URL_NOT_PUBLIC = "The endpoint must be a public address (not this machine or a private network)"
URL_CREDENTIALS = "Do not put a user name or password in the address"
EVENTS_REQUIRED = "Choose at least one event: " + ", ".join(WebhookEvent.values)
EVENT_SCOPE = "Telling of {event} needs the scope {scope}, which this client does not have"
TOO_MANY = f"A client may have at most {MAX_SUBSCRIPTIONS} subscriptions"
STALE = "The subscription changed since the version you sent"
NOT_SENDABLE = "The client's key is revoked or expired, or the subscription has ended"


def retry_delay(attempt: int) -> dt.timedelta:
    """How long after failed attempt number `attempt` (1-based) the next one is made."""
    return BASE_DELAY * (2 ** (attempt - 1))


def _url_problem(url: str) -> str:
    if not url:
        return URL_REQUIRED
    parts = urlsplit(url)
    allow_http = getattr(settings, "FAMILYHUB_WEBHOOKS_ALLOW_HTTP", False)
    if parts.scheme not in (("https", "http") if allow_http else ("https",)) or not parts.hostname:
        return URL_NOT_HTTPS
    if parts.username or parts.password:
        return URL_CREDENTIALS
    if not allow_http:
        host = parts.hostname.lower()
        try:
            address = ipaddress.ip_address(host)
        except ValueError:
            if host == "localhost" or host.endswith((".localhost", ".local", ".internal")):
                return URL_NOT_PUBLIC
        else:
            if not address.is_global:
                return URL_NOT_PUBLIC
    return ""


def _check(client: ApiClient, data: dict[str, Any]) -> dict[str, list[str]]:
    field_errors: dict[str, list[str]] = {}
    if "url" in data:
        problem = _url_problem((data["url"] or "").strip())
        if problem:
            field_errors["url"] = [problem]
    if "events" in data:
        events = list(data["events"] or [])
        if not events or not set(events) <= set(WebhookEvent.values):
            field_errors["events"] = [EVENTS_REQUIRED]
        else:
            missing = [
                EVENT_SCOPE.format(event=e, scope=EVENT_SCOPES[WebhookEvent(e)].value)
                for e in events
                if EVENT_SCOPES[WebhookEvent(e)] not in client.scopes
            ]
            if missing:
                field_errors["events"] = missing
    return field_errors


def _refuse(field_errors: dict[str, list[str]]) -> None:
    if field_errors:
        first = next(iter(field_errors.values()))[0]
        raise errors.RuleViolation(first, field_errors=field_errors)


@action
def subscription_create(
    *, by, client: ApiClient, url: str, events: list[str], description: str = ""
) -> WebhookSubscription:
    """A client registers its endpoint; the secret that signs deliveries is on the returned
    subscription (the API shows it in this answer only)."""
    permit(policy.is_client_itself(by, client))
    _refuse(_check(client, {"url": url, "events": events}))
    live = WebhookSubscription.objects.filter(client=client, ended_at__isnull=True)
    if live.count() >= MAX_SUBSCRIPTIONS:
        raise errors.RuleViolation(TOO_MANY)
    subscription = WebhookSubscription.objects.create(
        client=client,
        url=url.strip(),
        events=sorted(set(events)),
        secret=signing.new_secret(),
        description=(description or "").strip()[:200],
    )
    audit.record(by, Verb.CREATE, subscription, changes={"url": subscription.url, "events": events})
    return subscription


@action
def subscription_update(
    *, by, subscription: WebhookSubscription, expected_version: int, data: dict[str, Any]
) -> WebhookSubscription:
    """Change the address, the events or the description, only from the version the client saw
    (If-Match): no lost updates."""
    permit(registry.can(by, subscription, Purpose.EDIT))
    _refuse(_check(subscription.client, data))
    fields: dict[str, Any] = {}
    if "url" in data:
        fields["url"] = data["url"].strip()
    if "events" in data:
        fields["events"] = sorted(set(data["events"]))
    if "description" in data:
        fields["description"] = (data["description"] or "").strip()[:200]
    changes = {k: [getattr(subscription, k), v] for k, v in fields.items()}
    bump(subscription, expected_version, STALE, fields)
    audit.record(by, Verb.UPDATE, subscription, changes=changes)
    return subscription


@action
def subscription_end(
    *, by, subscription: WebhookSubscription, expected_version: int
) -> WebhookSubscription:
    """Stop telling this endpoint anything (deliveries still waiting are not sent)."""
    permit(registry.can(by, subscription, Purpose.EDIT))
    bump(subscription, expected_version, STALE, {"ended_at": timezone.now()})
    audit.record(by, Verb.DELETE, subscription)
    return subscription


# --- Events --------------------------------------------------------------------------------


def _person(practitioner) -> dict[str, str] | None:
    if practitioner is None:
        return None
    return {
        "name": practitioner.name,
        "job_title": practitioner.job_title,
        "organisation": practitioner.organisation.name,
    }


def _when(value) -> str | None:
    """A time as the API writes it (the same text as GET /concerns/{reference}/)."""
    return DateTimeField().to_representation(value) if value else None


def _concern_data(principal, concern) -> dict[str, Any]:
    view = referrer_view(principal.user, concern)
    return {
        "concern": {
            "reference": concern.reference,
            "status": concern.status,
            "family_reference": concern.family.reference if concern.family_id else None,
            "outcome": {
                "status": view.status,
                "outcome": view.outcome,
                "outcome_detail": view.outcome_detail,
                "decided_at": _when(view.decided_at),
                "dealing": view.dealing,
            },
            "url": f"/api/v1/concerns/{concern.reference}/",
        }
    }


def _lead_data(arrangement) -> dict[str, Any]:
    family = arrangement.family
    return {
        "family": {
            "reference": family.reference,
            "lead_practitioner": _person(arrangement.lead),
            "cover": _person(arrangement.cover),
            "since": arrangement.started_on.isoformat(),
            "url": f"/api/v1/families/{family.reference}/contacts/",
        }
    }


def _body(event: str, event_id: uuid.UUID, data: dict[str, Any]) -> str:
    return json.dumps(
        {
            "id": str(event_id),
            "type": event,
            "occurred_at": _when(timezone.now()),
            "api_version": "v1",
            "data": data,
        },
        sort_keys=True,
        separators=(",", ":"),
    )


def _raise(
    *,
    event: WebhookEvent,
    subject,
    family,
    data_for: Callable[[Any], dict[str, Any]],
    then: Callable[[int], Any],
) -> list[WebhookDelivery]:
    """One delivery per subscription whose client has the event's scope and whose
    organisation may see the subject (the registry, as for the API's reads); each disclosure
    audited under the client. The worker is handed each once the change commits."""
    made = []
    event_id = uuid.uuid4()
    for subscription in subscriptions_for_event(event):
        client = subscription.client
        principal = principal_of(client)
        if EVENT_SCOPES[event] not in client.scopes or not registry.can(principal, subject):
            continue
        delivery = WebhookDelivery.objects.create(
            subscription=subscription,
            event=event,
            event_id=event_id,
            subject_type=type(subject)._meta.model_name,
            subject_id=subject.pk,
            body=_body(event, event_id, data_for(principal)),
            next_attempt_at=timezone.now(),
        )
        audit.record(
            principal,
            Verb.EXPORT,
            subject,
            family=family,
            reason=f"Webhook {event}",
            changes={"webhook": event, "delivery": delivery.pk, "to": subscription.url},
        )
        after_commit(functools.partial(then, delivery.pk))
        made.append(delivery)
    return made


@action
def concern_outcome_told(*, by, concern, then: Callable[[int], Any]) -> list[WebhookDelivery]:
    """The front door's decision on a client's concern took effect: tell the client."""
    return _raise(
        event=WebhookEvent.CONCERN_OUTCOME_DECIDED,
        subject=concern,
        family=concern.family if concern.family_id else None,
        data_for=lambda principal: _concern_data(principal, concern),
        then=then,
    )


@action
def lead_change_told(*, by, arrangement, then: Callable[[int], Any]) -> list[WebhookDelivery]:
    """A family's lead practitioner or cover changed: tell the clients of organisations that
    work with the family."""
    return _raise(
        event=WebhookEvent.LEAD_PRACTITIONER_CHANGED,
        subject=arrangement.family,
        family=arrangement.family,
        data_for=lambda principal: _lead_data(arrangement),
        then=then,
    )


# --- Sending -------------------------------------------------------------------------------


@dataclass
class Outcome:
    delivery: WebhookDelivery
    retry_at: dt.datetime | None


def may_send(delivery: WebhookDelivery, subject) -> bool:
    """Still sendable: the subscription live, the client's key usable, its scope kept, and its
    organisation still allowed to know (an involvement may have ended, a family been sealed)."""
    subscription = delivery.subscription
    client = subscription.client
    return (
        subscription.ended_at is None
        and client.is_usable
        and EVENT_SCOPES[WebhookEvent(delivery.event)] in client.scopes
        and subject is not None
        and registry.can(principal_of(client), subject)
    )


@action
def attempt_record(
    *, by, delivery: WebhookDelivery, status_code: int | None, excerpt: str = "", error: str = ""
) -> Outcome:
    """How one attempt went: delivered on a 2xx; otherwise tried again after the back-off, until
    MAX_ATTEMPTS (then it gives up)."""
    permit(by.is_system)
    delivery = WebhookDelivery.objects.select_for_update().get(pk=delivery.pk)
    number = delivery.attempts + 1
    WebhookAttempt.objects.create(
        delivery=delivery,
        number=number,
        status_code=status_code,
        response_excerpt=excerpt[:500],
        error=error[:300],
    )
    now = timezone.now()
    ok = status_code is not None and 200 <= status_code < 300
    retry_at = None if ok or number >= MAX_ATTEMPTS else now + retry_delay(number)
    status = (
        DeliveryStatus.DELIVERED
        if ok
        else DeliveryStatus.RETRYING
        if retry_at
        else DeliveryStatus.GAVE_UP
    )
    WebhookDelivery.objects.filter(pk=delivery.pk).update(
        attempts=number,
        status=status,
        last_status_code=status_code,
        last_error=error[:300],
        next_attempt_at=retry_at,
        delivered_at=now if ok else None,
    )
    delivery.refresh_from_db()
    return Outcome(delivery, retry_at)


@action
def delivery_withheld(*, by, delivery: WebhookDelivery, why: str) -> WebhookDelivery:
    """Not sent after all (see may_send): given up without an attempt, with the reason."""
    permit(by.is_system)
    WebhookDelivery.objects.filter(pk=delivery.pk).update(
        status=DeliveryStatus.GAVE_UP, last_error=why[:300], next_attempt_at=None
    )
    delivery.refresh_from_db()
    return delivery


@action
def delivery_replay(
    *, by, delivery: WebhookDelivery, then: Callable[[int], Any]
) -> WebhookDelivery:
    """An administrator sends a delivery again: a new delivery of the same event (same event
    id and body, so a receiver that kept the first can tell), signed afresh when sent."""
    permit(policy.can_manage_api_clients(by))
    subscription = delivery.subscription
    if subscription.ended_at is not None or not subscription.client.is_usable:
        raise errors.RuleViolation(NOT_SENDABLE)
    again = WebhookDelivery.objects.create(
        subscription=subscription,
        event=delivery.event,
        event_id=delivery.event_id,
        subject_type=delivery.subject_type,
        subject_id=delivery.subject_id,
        body=delivery.body,
        next_attempt_at=timezone.now(),
        replay_of=delivery,
        replayed_by_label=by.label,
    )
    audit.record(
        by,
        Verb.CREATE,
        subscription.client,
        changes={"webhook_replay": delivery.pk, "delivery": again.pk, "event": delivery.event},
        reason=f"Webhook delivery {delivery.pk} sent again as {again.pk}",
    )
    after_commit(lambda: then(again.pk))
    return again
