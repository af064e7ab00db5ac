"""Who may manage partner systems' API clients: administrators.

What an API client itself may see and do is decided by the same rules as everyone's, in each
app's policy (an API client principal acts for its organisation: it sees the families its
organisation is involved with, read only, and its own concerns); the API's scopes narrow what
each client may ask for at all (api.permissions).
"""

from __future__ import annotations

from django.db.models import Q

from access import registry
from access.principals import PrincipalKind, Purpose, principal_for
from organisations.models import Role


def can_manage_api_clients(actor) -> bool:
    p = principal_for(actor)
    return p.is_practitioner and p.role == Role.ADMIN


def _client_q(p, purpose: Purpose) -> Q:
    return Q() if can_manage_api_clients(p) else Q(pk__in=[])


def register_rules() -> None:
    from .models import ApiClient

    registry.register_capability("can_manage_api_clients", can_manage_api_clients)
    registry.register(
        ApiClient,
        kinds=[PrincipalKind.PRACTITIONER],
        purposes=[Purpose.VIEW, Purpose.EDIT],
        q=_client_q,
        predicate=lambda p, client, purpose: can_manage_api_clients(p),
        description="administrators (create, see the calls of, revoke)",
    )
    register_webhook_rules()


def is_client_itself(actor, client) -> bool:
    """A partner system acting for itself (its webhooks are its own business)."""
    p = principal_for(actor)
    return p.kind == PrincipalKind.API_CLIENT and p.user_id == client.user_id


def _own_subscriptions_q(p, purpose: Purpose) -> Q:
    return Q(client__user_id=p.user_id)


def register_webhook_rules() -> None:
    """A client sees and changes its own subscriptions; administrators see every client's
    subscriptions and deliveries and replay a delivery. Nobody else sees any."""
    from .models import WebhookDelivery, WebhookSubscription

    registry.register(
        WebhookSubscription,
        kinds=[PrincipalKind.API_CLIENT],
        purposes=[Purpose.VIEW, Purpose.EDIT],
        q=_own_subscriptions_q,
        predicate=lambda p, subscription, purpose: subscription.client.user_id == p.user_id,
        description="the partner system's own subscriptions",
    )
    for model in (WebhookSubscription, WebhookDelivery):
        registry.register(
            model,
            kinds=[PrincipalKind.PRACTITIONER],
            purposes=[Purpose.VIEW, Purpose.EDIT],
            q=_client_q,
            predicate=lambda p, row, purpose: can_manage_api_clients(p),
            description="administrators (see deliveries, replay one)",
        )
