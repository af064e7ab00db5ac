"""Rules that belong to organisations: the role sets every app's rules share, and absences
(whose leave and sickness one may record).

Roles live here (organisations.models.Role), so the sets of roles the other apps' rules
build on live here too. Each app's own rules are in its own policy.py.
"""

from __future__ import annotations

from django.db.models import Q

from access import registry
from access.principals import Principal, principal_for

from .models import Role

# Roles that work directly with families (see, create and edit records they are involved in).
CASE_ROLES = frozenset(
    {
        Role.PARTNER,
        Role.FAMILY_WORKER,
        Role.SOCIAL_WORKER,
        Role.FRONT_DOOR,
        Role.TEAM_MANAGER,
        Role.HUB_COORDINATOR,
    }
)
# Roles that may start a new family record (and become involved with it by doing so).
CREATE_FAMILY_ROLES = frozenset(
    {Role.FAMILY_WORKER, Role.SOCIAL_WORKER, Role.FRONT_DOOR, Role.TEAM_MANAGER}
)
# Partners may add what they know to families they are involved with, but not restructure them.
EDIT_ROLES = frozenset({Role.FAMILY_WORKER, Role.SOCIAL_WORKER, Role.FRONT_DOOR, Role.TEAM_MANAGER})
AUDIT_ROLES = frozenset({Role.IG_OFFICER})


def _as_principal(actor):
    return principal_for(actor)


# --- Involvements: who is working with a family (the rows that grant sight of it) ----------


def _grace_days() -> int:
    from django.conf import settings

    return int(settings.FAMILYHUB.get("ACCESS_GRACE_DAYS", 0))


def _active_involvement_q(prefix: str) -> Q:
    import datetime as dt

    from django.utils import timezone

    today = timezone.localdate()
    since = today - dt.timedelta(days=_grace_days())
    return Q(**{f"{prefix}started_on__lte": today}) & (
        Q(**{f"{prefix}ended_on__isnull": True}) | Q(**{f"{prefix}ended_on__gte": since})
    )


def _involvement_match_q(p: Principal, prefix: str) -> Q:
    """Involvements that give this principal sight of a family."""
    q = Q(**{f"{prefix}practitioner_id": p.practitioner_id})
    teams = p.team_ids | p.managed_team_ids
    if teams:
        q |= Q(**{f"{prefix}team_id__in": sorted(teams)})
    return q


def _involved(p: Principal):
    from organisations.models import Involvement

    return Involvement.objects.filter(_active_involvement_q("") & _involvement_match_q(p, ""))


def is_partner(actor) -> bool:
    """A practitioner of a partner agency (school, GP, police, ...)."""
    p = _as_principal(actor)
    return p.is_practitioner and p.role == Role.PARTNER


def is_team_manager(actor) -> bool:
    p = _as_principal(actor)
    return p.is_practitioner and p.role == Role.TEAM_MANAGER


# --- Audit ----------------------------------------------------------------------------------


def can_view_audit(actor) -> bool:
    """Who has looked at a record: information governance, not case content."""
    p = _as_principal(actor)
    return p.is_practitioner and p.role in AUDIT_ROLES


# --- Absences -------------------------------------------------------------------------------


def can_record_absence(actor, practitioner) -> bool:
    """One's own leave and sickness, or that of someone in a team one manages."""
    p = _as_principal(actor)
    if not p.is_practitioner or p.role not in CASE_ROLES:
        return False
    if practitioner.pk == p.practitioner_id:
        return True
    return p.role == Role.TEAM_MANAGER and practitioner.team_id in p.managed_team_ids


def absence_manageable_q(actor) -> Q:
    """Filter for Practitioner: whose absences one may record."""
    p = _as_principal(actor)
    if not p.is_practitioner or p.role not in CASE_ROLES:
        return Q(pk__in=[])
    q = Q(pk=p.practitioner_id)
    if p.role == Role.TEAM_MANAGER and p.managed_team_ids:
        q |= Q(team_id__in=sorted(p.managed_team_ids))
    return q


def register_rules() -> None:
    registry.register_capability("can_view_audit", can_view_audit)
