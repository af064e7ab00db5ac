"""Matching keys (matching.PersonKey) are the register's index, read only by the matching
engine on behalf of a query that is itself filtered by people.policy: no principal reads them
as records, so the rule for practitioners is an explicit "nobody"."""

from __future__ import annotations

from django.db.models import Q

from access import registry
from access.principals import PrincipalKind, Purpose


def register_rules() -> None:
    from .models import PersonKey

    registry.register(
        PersonKey,
        kinds=[PrincipalKind.PRACTITIONER],
        purposes=[Purpose.VIEW],
        q=lambda p, purpose: Q(pk__in=[]),
        predicate=lambda p, key, purpose: False,
        description="nobody: the engine's index, never shown as a record",
    )
