"""How a partner system acts: its API client's sign-in account resolves to an API client
principal acting for the client's organisation (registered with the access kernel in
ApiConfig.ready). A revoked or expired client resolves to nothing (so it may do nothing)."""

from __future__ import annotations

from access.principals import Principal, PrincipalKind

from .models import ApiClient

ROLE = "api_client"


def label_for(client: ApiClient) -> str:
    return f"{client.name} (API client)"


def principal_of(client: ApiClient) -> Principal:
    return Principal(
        kind=PrincipalKind.API_CLIENT,
        user_id=client.user_id,
        label=label_for(client),
        role=ROLE,
        organisation_id=client.organisation_id,
        organisation_name=client.organisation.name,
        organisation_type=client.organisation.org_type,
        user=client.user,
    )


def api_client_principal(user) -> Principal | None:
    client = ApiClient.objects.select_related("organisation").filter(user=user).first()
    if client is None or not client.is_usable:
        return None
    client.user = user
    return principal_of(client)
