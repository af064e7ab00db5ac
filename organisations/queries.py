"""Reads about organisations and the people who work in them."""

from __future__ import annotations

from typing import Any

from access.principals import principal_for

from .models import Organisation, Practitioner


def practitioner_of(by: Any) -> Practitioner | None:
    """The practitioner row an actor works as (None for a system process or a user who is not
    a practitioner), with organisation, team and user: the one replacement for the copies of
    `_practitioner(user)` the apps' actions used to carry."""
    principal = principal_for(by)
    if principal.practitioner_id is None:
        return None
    return (
        Practitioner.objects.select_related("organisation", "team", "user")
        .filter(pk=principal.practitioner_id)
        .first()
    )


def organisation_of(by: Any) -> Organisation | None:
    """The organisation an actor acts for: a practitioner's, or a partner system's (an API
    client acts for its organisation); None for a system process."""
    principal = principal_for(by)
    if principal.organisation_id is None:
        return None
    return Organisation.objects.filter(pk=principal.organisation_id).first()
