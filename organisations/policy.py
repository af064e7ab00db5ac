"""Rules that belong to organisations: the role sets every app's rules share, and absences
(whose leave and sickness one may record).

Roles live here (organisations.models.Role), so the sets of roles the other apps' rules
build on live here too. Each app's own rules are in its own policy.py.
"""

from __future__ import annotations

from django.db.models import Q

from access import registry
from access.principals import Principal, PrincipalKind, Purpose, principal_for

from .models import (
    ChildProtectionTeam,
    ChildProtectionTeamMember,
    Designation,
    InvolvementRole,
    OrganisationType,
    Practitioner,
    Role,
    StatutorySeat,
)

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


def team_members_under(p: Principal) -> list[Practitioner]:
    """The workers (not the managers) of the teams this principal manages, for the caseload
    page's rows (with their user and team): none unless they manage a team."""
    return [w for w in team_practitioners_under(p) if w.role != Role.TEAM_MANAGER]


def team_practitioners_under(p: Principal) -> list[Practitioner]:
    """Everyone in the teams this principal manages, managers too, with their user and team:
    asked once per request (the caseload's rows and its filter, casework.policy.caseload_q,
    both read it), none unless they manage a team."""
    if p.role != Role.TEAM_MANAGER or not p.managed_team_ids:
        return []
    teams = sorted(p.managed_team_ids)
    return p.remember(
        ("team practitioners", *teams),
        lambda: list(Practitioner.objects.filter(team_id__in=teams).select_related("user", "team")),
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


# --- Multi-agency child protection teams (CA 2004 s16EA) --------------------------------------
# The safeguarding partners keep the register of their MACPTs: an administrator or the
# partnership's lead (a designation) manages it and sees nothing of any family by doing so.
# Sitting in a seat of a MACPT is a relation to the section 47 enquiries allocated to that
# team (casework.policy: S47Allocation, S47_SECTIONS), not to the families as a whole.

# Who may nominate each seat's member (s16EA): the local authority for education and social
# work, the integrated care board for health, the chief officer of police for the police seat.
LOCAL_AUTHORITY = frozenset({OrganisationType.CHILDRENS_SOCIAL_CARE, OrganisationType.EARLY_HELP})
SEAT_NOMINATORS: dict[str, frozenset[str]] = {
    StatutorySeat.EDUCATION: LOCAL_AUTHORITY,
    StatutorySeat.SOCIAL_WORK: LOCAL_AUTHORITY,
    StatutorySeat.HEALTH: frozenset({OrganisationType.INTEGRATED_CARE_BOARD}),
    StatutorySeat.POLICE: frozenset({OrganisationType.POLICE}),
}
HEALTH_ORGANISATIONS = frozenset(
    {
        OrganisationType.HEALTH_VISITING,
        OrganisationType.GP_PRACTICE,
        OrganisationType.MIDWIFERY,
        OrganisationType.ADULT_MENTAL_HEALTH,
        OrganisationType.INTEGRATED_CARE_BOARD,
    }
)
SOCIAL_WORK_ROLES = frozenset({Role.SOCIAL_WORKER, Role.TEAM_MANAGER})


def can_manage_macpts(actor) -> bool:
    """Keep the MACPT register: administrators and the safeguarding partnership's lead."""
    p = _as_principal(actor)
    if not p.is_practitioner:
        return False
    return p.role == Role.ADMIN or Designation.PARTNERSHIP_LEAD in p.designations


def may_nominate(organisation, seat: str) -> bool:
    return organisation.org_type in SEAT_NOMINATORS.get(seat, frozenset())


def may_sit_in_seat(practitioner, seat: str) -> bool:
    """A police constable or police employee in the police seat, a health professional in the
    health seat, a social worker in the social work seat; education is anyone's expertise."""
    org_type = practitioner.organisation.org_type
    if seat == StatutorySeat.POLICE:
        return org_type == OrganisationType.POLICE
    if seat == StatutorySeat.HEALTH:
        return org_type in HEALTH_ORGANISATIONS
    if seat == StatutorySeat.SOCIAL_WORK:
        return practitioner.role in SOCIAL_WORK_ROLES
    return seat == StatutorySeat.EDUCATION


def may_lead_child_protection(practitioner) -> bool:
    """The lead child protection practitioner is a social worker (Families First)."""
    return practitioner.role in SOCIAL_WORK_ROLES


def current_macpt_member_q(prefix: str = "") -> Q:
    """Members today: started, and not left (from the day they leave, they are not)."""
    from django.utils import timezone

    today = timezone.localdate()
    return Q(**{f"{prefix}started_on__lte": today}) & (
        Q(**{f"{prefix}ended_on__isnull": True}) | Q(**{f"{prefix}ended_on__gt": today})
    )


def macpt_team_ids(actor) -> frozenset[int]:
    """The MACPTs this practitioner sits on today (any seat), read once per request."""
    p = _as_principal(actor)
    if not p.is_practitioner or p.practitioner_id is None:
        return frozenset()
    return p.remember(
        ("macpt_team_ids",),
        lambda: frozenset(
            ChildProtectionTeamMember.objects.filter(
                current_macpt_member_q(), practitioner_id=p.practitioner_id
            ).values_list("team_id", flat=True)
        ),
    )


def is_macpt_member(actor) -> bool:
    """Navigation only (a designation the register keeps, so no query on every page): the
    enquiries' list itself asks macpt_team_ids."""
    p = _as_principal(actor)
    return p.is_practitioner and Designation.MACPT_MEMBER in p.designations


def _macpt_register_q(p: Principal, purpose) -> Q:
    return Q() if can_manage_macpts(p) else Q(pk__in=[])


def register_rules() -> None:
    registry.register_capability("can_view_audit", can_view_audit)
    registry.register_capability("can_manage_macpts", can_manage_macpts)
    registry.register_capability("is_macpt_member", is_macpt_member)
    for model in (ChildProtectionTeam, ChildProtectionTeamMember):
        registry.register(
            model,
            kinds=[PrincipalKind.PRACTITIONER],
            purposes=[Purpose.VIEW, Purpose.EDIT],
            q=_macpt_register_q,
            predicate=lambda p, obj, purpose: can_manage_macpts(p),
            description="the MACPT register: administrators and the safeguarding partnership lead",
        )
