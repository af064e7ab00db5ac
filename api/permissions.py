"""Scopes: what each client may ask for at all. Which records it may then see or change is
decided by the policy registry, as for everyone."""

from __future__ import annotations

from rest_framework import permissions

from .models import ApiClient

NOT_SIGNED_IN = "Send the client's API key: Authorization: Bearer <key>"


class HasScope(permissions.BasePermission):
    """The view names the scope each method needs: `scopes = {"GET": "outcomes:read"}`."""

    def has_permission(self, request, view) -> bool:
        client = request.auth
        if not isinstance(client, ApiClient):
            return False
        needed = getattr(view, "scopes", {}).get(request.method)
        if needed is None:  # a method the endpoint does not offer: 405 (signed in)
            return True
        if needed not in client.scopes:
            self.message = f"This client does not have the scope {needed}"
            return False
        return True
