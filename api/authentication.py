"""Signing a partner system in: `Authorization: Bearer <API key>`.

A key that is no one's, revoked or expired is refused with 401 problem details; a revoked or
expired client's attempt is recorded against it in the audit trail.
"""

from __future__ import annotations

from drf_spectacular.extensions import OpenApiAuthenticationExtension
from rest_framework import authentication, exceptions

from access.principals import system

from . import actions, queries

UNKNOWN_KEY = "The API key is not valid"
REVOKED = "The API key has been revoked"
EXPIRED = "The API key has expired"
MISSING = "Send the client's API key: Authorization: Bearer <key>"


class ApiKeyAuthentication(authentication.BaseAuthentication):
    keyword = "Bearer"

    def authenticate(self, request):
        header = authentication.get_authorization_header(request).decode("latin-1").split()
        if not header or header[0].lower() != self.keyword.lower():
            return None
        if len(header) != 2:
            raise exceptions.AuthenticationFailed(UNKNOWN_KEY)
        client = queries.client_for_key(header[1])
        if client is None:
            raise exceptions.AuthenticationFailed(UNKNOWN_KEY)
        if not client.is_usable:
            why = REVOKED if client.is_revoked else EXPIRED
            actions.api_call_refused(
                by=system("partner API"),
                client=client,
                method=request.method,
                path=request.path,
                why=why,
            )
            raise exceptions.AuthenticationFailed(why)
        return client.user, client

    def authenticate_header(self, request):
        return f'{self.keyword} realm="api"'


class ApiKeyScheme(OpenApiAuthenticationExtension):
    target_class = "api.authentication.ApiKeyAuthentication"
    name = "apiKey"

    def get_security_definition(self, auto_schema):
        return {
            "type": "http",
            "scheme": "bearer",
            "description": "The client's API key, shown once when an administrator creates it.",
        }
