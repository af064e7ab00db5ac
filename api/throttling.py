"""A rate limit per client (DRF's cache-based throttle, keyed by the client rather than the
address): FAMILYHUB_API_RATE, e.g. "120/minute". Over it, 429 problem details with Retry-After.
Several app servers need a shared cache (CACHES) for one limit across them."""

from __future__ import annotations

from django.conf import settings
from rest_framework.throttling import SimpleRateThrottle

from .models import ApiClient


class ClientRateThrottle(SimpleRateThrottle):
    scope = "api_client"

    def get_rate(self) -> str:
        """Read when asked (not when the class is defined), so a deployment's setting applies."""
        return settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"][self.scope]

    def get_cache_key(self, request, view):
        client = request.auth
        if not isinstance(client, ApiClient):
            return None  # not signed in: refused before any work, nothing to count
        return self.cache_format % {"scope": self.scope, "ident": client.pk}
