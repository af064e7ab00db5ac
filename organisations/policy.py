"""Rules that belong to organisations: the role sets every app's rules share, and absences
(whose leave and sickness one may record).

Roles live here (organisations.models.Role), so the sets of roles the other apps' rules
build on live here too. Each app's own rules are in its own policy.py.
"""

from __future__ import annotations

from django.db.models import Q

from access import registry
from access.principals import Principal, PrincipalKind, principal_for

from .models import InvolvementRole, Practitioner, Role

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


def is_api_client(actor) -> bool:
    """A partner system acting for its organisation (the api app's principal kind): it sees
    what its organisation's involvement gives sight of, read only."""
    p = _as_principal(actor)
    return p.kind == PrincipalKind.API_CLIENT and p.organisation_id is not None


def _involvement_match_q(p: Principal, prefix: str) -> Q:
    """Involvements that give this principal sight of a family (an API client: those of its
    organisation)."""
    if is_api_client(p):
        return Q(**{f"{prefix}organisation_id": p.organisation_id})
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


# The roles that must sign in with a second step (registered with access.two_factor).
PRIVILEGED_ROLES = frozenset(
    {Role.TEAM_MANAGER, Role.FRONT_DOOR, Role.IG_OFFICER, Role.ADMIN, Role.DATA_OFFICER}
)


def must_use_two_factor(principal: Principal) -> bool:
    return principal.is_practitioner and principal.role in PRIVILEGED_ROLES


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


# --- Duties: who is told, who reviews, what role a worker takes ------------------------------
# Actions that must tell someone (a manager, the front door, information governance) ask here
# for the holders of that duty; which roles hold it is decided in this module only.


def team_managers(teams=None):
    """Practitioners who manage: all of them, or those over (or managing within) `teams`."""
    managers = Practitioner.objects.filter(role=Role.TEAM_MANAGER).select_related("user")
    if teams is None:
        return managers
    ids = sorted({getattr(t, "pk", t) for t in teams if t is not None})
    return managers.filter(Q(manages__in=ids) | Q(team_id__in=ids)).distinct()


def front_door_workers():
    """Practitioners of the front door (the multi-agency safeguarding hub)."""
    return Practitioner.objects.filter(role=Role.FRONT_DOOR).select_related(
        "user", "team__organisation"
    )


def ig_officers():
    return Practitioner.objects.filter(role=Role.IG_OFFICER).select_related("user")


def organisation_contacts(organisation, *, most: int = 5) -> list:
    """Who at a partner organisation hears about a request addressed to it: its designated
    safeguarding leads, else up to `most` of its partner practitioners and managers."""
    people = Practitioner.objects.filter(organisation=organisation).select_related("user")
    dsls = [p.user for p in people if "dsl" in (p.designations or [])]
    return dsls or [p.user for p in people if p.role in (Role.PARTNER, Role.TEAM_MANAGER)][:most]


def team_members_under(p: Principal):
    """The workers (not the managers) of the teams this principal manages, for the caseload
    page's rows: none unless they manage a team."""
    if p.role != Role.TEAM_MANAGER or not p.managed_team_ids:
        return Practitioner.objects.none()
    return Practitioner.objects.filter(team_id__in=sorted(p.managed_team_ids)).exclude(
        role=Role.TEAM_MANAGER
    )


def manages_own_team(practitioner) -> bool:
    """A team manager manages the team they sit in as well as any they are named over."""
    return practitioner.role == Role.TEAM_MANAGER


def hands_work_on(practitioner) -> bool:
    """The front door hands work on: what it opens is held by no team until allocated."""
    return practitioner.role == Role.FRONT_DOOR


# The involvement a practitioner takes when they start a family record, and when early help
# work is allocated to them (a social worker stays a social worker on early help work).
_CREATOR_INVOLVEMENT = {
    Role.SOCIAL_WORKER: InvolvementRole.SOCIAL_WORKER,
    Role.FAMILY_WORKER: InvolvementRole.FAMILY_WORKER,
}


def creator_involvement_role(practitioner) -> str:
    return _CREATOR_INVOLVEMENT.get(practitioner.role, InvolvementRole.OTHER)


def allocation_involvement_role(practitioner, work_kind: str) -> str:
    if work_kind == "EH" and practitioner.role != Role.SOCIAL_WORKER:
        return InvolvementRole.FAMILY_WORKER
    return InvolvementRole.SOCIAL_WORKER


def register_rules() -> None:
    registry.register_capability("can_view_audit", can_view_audit)
