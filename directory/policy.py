"""Record rules for the service directory (registered from DirectoryConfig.ready).

The directory is public information. Every practitioner sees the whole directory, our own offer
and what we read from other publishers' feeds. The open Open Referral UK API (anonymous, no key)
publishes our own offer only: services, organisations and locations we publish, not other
publishers' records we imported (theirs to publish). Nobody edits the directory through a
practitioner's record rule: the import and the hub coordinator's actions check their own."""

from __future__ import annotations

from django.db.models import Q

from access.principals import Principal, PrincipalKind, Purpose
from access.registry import register
from organisations.models import Role

from .models import DirectoryOrganisation, HubService, Location, ServiceAtLocation

register(
    HubService,
    kinds=[PrincipalKind.PRACTITIONER],
    purposes=[Purpose.VIEW],
    q=lambda p, purpose: Q(),
    predicate=lambda p, service, purpose: True,
    description="The directory is public: every practitioner sees every service.",
)
register(
    HubService,
    kinds=[PrincipalKind.API_CLIENT],
    purposes=[Purpose.VIEW],
    q=lambda p, purpose: Q(),
    predicate=lambda p, service, purpose: True,
    description="A partner system with directory:read sees the directory as practitioners do.",
)
for _public in (DirectoryOrganisation, Location, ServiceAtLocation):
    register(
        _public,
        kinds=[PrincipalKind.PRACTITIONER],
        purposes=[Purpose.VIEW],
        q=lambda p, purpose: Q(),
        description="The directory is public: every practitioner sees all of it.",
    )

for _model, _own in (
    (HubService, Q(feed__isnull=True)),
    (DirectoryOrganisation, Q(feed__isnull=True)),
    (Location, Q(feed__isnull=True)),
    (ServiceAtLocation, Q(service__feed__isnull=True)),
):
    register(
        _model,
        kinds=[PrincipalKind.ANONYMOUS],
        purposes=[Purpose.VIEW],
        q=lambda p, purpose, own=_own: own,
        description="The open ORUK feed publishes our own offer, not what we imported.",
    )


def can_manage_directory(principal: Principal) -> bool:
    """Import feeds and run the hub offer: a system process (the `directory import` command),
    a hub coordinator or an administrator."""
    return principal.is_system or principal.role in (Role.HUB_COORDINATOR, Role.ADMIN)
