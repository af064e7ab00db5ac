"""Reads for webhooks: a client's own subscriptions (the API), the deliveries an administrator
sees on the client's page, and what the task worker needs to send one delivery."""

from __future__ import annotations

from django.db.models import QuerySet

from access import registry
from access.principals import Purpose
from frontdoor.models import Concern
from people.models import Family

from ..models import ApiClient, WebhookAttempt, WebhookDelivery, WebhookSubscription

SUBJECTS = {"concern": Concern, "family": Family}


def subscriptions_of(principal) -> QuerySet[WebhookSubscription]:
    """A client's live subscriptions (its own only: the registry's rule)."""
    return registry.visible_to(principal, WebhookSubscription).filter(ended_at__isnull=True)


def get_subscription_for(principal, pk, *, purpose=Purpose.VIEW) -> WebhookSubscription:
    queryset = WebhookSubscription.objects.filter(ended_at__isnull=True).select_related("client")
    return registry.get_for(
        principal, WebhookSubscription, pk, purpose, queryset=queryset, record=False
    )


def subscriptions_for_event(event: str) -> list[WebhookSubscription]:
    """Every live subscription to this event of a client that may still call (scopes and who may
    know are checked per subscription by the caller)."""
    rows = WebhookSubscription.objects.filter(ended_at__isnull=True).select_related(
        "client__organisation", "client__user"
    )
    return [s for s in rows.order_by("pk") if event in s.events and s.client.is_usable]


def client_subscriptions(client: ApiClient) -> QuerySet[WebhookSubscription]:
    """For the administrators' page: every subscription of the client, ended ones too."""
    return WebhookSubscription.objects.filter(client=client).order_by("ended_at", "pk")


def client_deliveries(client: ApiClient) -> QuerySet[WebhookDelivery]:
    return (
        WebhookDelivery.objects.filter(subscription__client=client)
        .select_related("subscription")
        .prefetch_related("tries")
        .order_by("-pk")
    )


def get_delivery_for(user, pk, *, purpose=Purpose.VIEW) -> WebhookDelivery:
    queryset = WebhookDelivery.objects.select_related("subscription__client__organisation")
    return registry.get_for(user, WebhookDelivery, pk, purpose, queryset=queryset, record=False)


def delivery_to_send(pk: int) -> WebhookDelivery | None:
    return (
        WebhookDelivery.objects.select_related(
            "subscription__client__organisation", "subscription__client__user"
        )
        .filter(pk=pk)
        .first()
    )


def subject_of(delivery: WebhookDelivery):
    """The record a delivery tells of (a concern, a family), to ask again who may know."""
    model = SUBJECTS.get(delivery.subject_type)
    if model is None:
        return None
    return model.objects.filter(pk=delivery.subject_id).first()


def attempts_of(delivery: WebhookDelivery) -> QuerySet[WebhookAttempt]:
    return WebhookAttempt.objects.filter(delivery=delivery).order_by("number")
