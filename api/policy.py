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
