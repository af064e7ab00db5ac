"""Who asks the custodian: a Find a Record / Fetch a Record requester.

A partner system's API client with the `custodian:find` or `custodian:fetch` scope asks as a
principal of its own kind, `custodian`, acting for its organisation (the agreement's
destination) and for the one purpose it names in the request. It is a different principal from
the same client's `api_client` one: the agreements decide what it learns, never the
organisation's involvement with a family (and the api_client rules give it nothing here).
"""

from __future__ import annotations

from dataclasses import dataclass

from access.principals import Principal

KIND = "custodian"
ROLE = "custodian_requester"


@dataclass(frozen=True, eq=False)
class Requester(Principal):
    """A principal of the `custodian` kind, with the purpose of its request."""

    request_purpose: str = ""
    client_id: int | None = None


def requester(client, purpose: str) -> Requester:
    """The requester for one call of an API client (already signed in and in scope)."""
    organisation = client.organisation
    return Requester(
        kind=KIND,
        user_id=client.user_id,
        # The purpose is part of the label, so two requests for different purposes are two
        # principals (the kernel remembers answers per principal) and the audit names it.
        label=f"{client.name} (Find and Fetch a Record, for {purpose})"[:200],
        role=ROLE,
        organisation_id=organisation.pk,
        organisation_name=organisation.name,
        organisation_type=organisation.org_type,
        user=client.user,
        request_purpose=purpose,
        client_id=client.pk,
    )
