"""Record rules for the service directory (registered from DirectoryConfig.ready).

Hub services are public information (Open Referral UK feeds publish them): every practitioner
sees the whole directory. Nobody changes it through the app yet (the hubs issue adds that)."""

from __future__ import annotations

from django.db.models import Q

from access.principals import PrincipalKind, Purpose
from access.registry import register

from .models import HubService

register(
    HubService,
    kinds=[PrincipalKind.PRACTITIONER],
    purposes=[Purpose.VIEW],
    q=lambda p, purpose: Q(),
    predicate=lambda p, service, purpose: True,
    description="The directory is public: every practitioner sees every service.",
)
