"""How a signed-in user acts: as the practitioner recorded for them (registered with the
access kernel in OrganisationsConfig.ready)."""

from __future__ import annotations

from access.principals import Principal, PrincipalKind

from .models import Practitioner
from .policy import manages_own_team


def practitioner_principal(user) -> Principal | None:
    try:
        p = Practitioner.objects.select_related("organisation").get(user=user)
    except Practitioner.DoesNotExist:
        return None
    teams = frozenset([p.team_id]) if p.team_id else frozenset()
    managed = frozenset(p.manages.values_list("pk", flat=True))
    if manages_own_team(p):
        managed = managed | teams
    return Principal(
        kind=PrincipalKind.PRACTITIONER,
        user_id=user.pk,
        label=user.full_name or user.email,
        role=p.role,
        practitioner_id=p.pk,
        organisation_id=p.organisation_id,
        organisation_name=p.organisation.name,
        organisation_type=p.organisation.org_type,
        designations=frozenset(p.designations or []),
        team_ids=teams,
        managed_team_ids=managed,
        user=user,
    )
