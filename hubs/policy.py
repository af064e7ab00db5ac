"""Who sees and decides connection requests (registered from HubsConfig.ready).

A connection request is part of the family's record for those who may see the family (the lead
sees it there and in the chronology). The provider sees the request itself, never the family's
record: a hub coordinator, team manager, partner practitioner or administrator of the
organisation that runs the service, who also decides it (Accepted, or Declined with a reason).
Whoever may add to the family plan may send one."""

from __future__ import annotations

from django.db.models import Q

from access.principals import Principal, PrincipalKind, Purpose, principal_for
from access.registry import NOTHING, register, register_capability
from casework.policy import can_record_casework, is_lead_practitioner
from directory.policy import can_manage_directory
from organisations.models import Hub, Role, Team
from people.policy import can_view_family
from people.record_rules import family_record_q

from .models import (
    ConnectionRequest,
    ConnectionStatus,
    Enrolment,
    SelfReferral,
    SelfReferralStatus,
    Session,
)

PROVIDER_ROLES = (Role.HUB_COORDINATOR, Role.TEAM_MANAGER, Role.PARTNER, Role.ADMIN)


def _provider_q(p: Principal) -> Q:
    if p.organisation_id is None or p.role not in PROVIDER_ROLES:
        return NOTHING
    # a sealed family's requests go dark to the provider too (only its access list sees it)
    return Q(service__organisation__organisation_id=p.organisation_id) & Q(
        family__is_restricted=False
    )


def _is_provider(p: Principal, request: ConnectionRequest) -> bool:
    org = request.service.organisation
    return (
        not request.family.is_restricted
        and p.organisation_id is not None
        and p.role in PROVIDER_ROLES
        and org is not None
        and org.organisation_id == p.organisation_id
    )


def _q(p: Principal, purpose: Purpose) -> Q:
    if purpose == Purpose.EDIT:
        return _provider_q(p)
    return family_record_q(p) | _provider_q(p)


def _allows(p: Principal, request: ConnectionRequest, purpose: Purpose) -> bool:
    if _is_provider(p, request):
        return True
    return purpose == Purpose.VIEW and can_view_family(p, request.family)


register(
    ConnectionRequest,
    kinds=[PrincipalKind.PRACTITIONER],
    purposes=[Purpose.VIEW, Purpose.EDIT],
    q=_q,
    predicate=_allows,
    description="With the family's record; the provider sees and decides the request itself.",
)


def can_send_connection_request(actor, family) -> bool:
    return can_record_casework(actor, family)


def can_decide_connection_request(actor, request: ConnectionRequest) -> bool:
    return request.status == ConnectionStatus.NEW and _is_provider(principal_for(actor), request)


def can_search_directory(actor) -> bool:
    return principal_for(actor).kind == PrincipalKind.PRACTITIONER


def sees_every_hub(actor) -> bool:
    """An administrator's services page covers every hub."""
    return principal_for(actor).role == Role.ADMIN


def coordinates_hubs(actor) -> bool:
    p = principal_for(actor)
    return p.kind == PrincipalKind.PRACTITIONER and can_manage_directory(p)


register_capability("can_search_directory", can_search_directory)
register_capability("coordinates_hubs", coordinates_hubs)


# --- Sessions ------------------------------------------------------------------------------------


def is_lead(actor, family) -> bool:
    return is_lead_practitioner(actor, family)


def can_enrol(actor, family) -> bool:
    """The family's workers who may add to its plan, and the hub coordinator."""
    return can_record_casework(actor, family) or coordinates_hubs(actor)


def can_manage_enrolment(actor, enrolment) -> bool:
    return can_enrol(actor, enrolment.family)


def can_take_register(actor, session) -> bool:
    """The session's facilitator and the hub coordinator; a partner system (API client) of the
    organisation that runs the service."""
    p = principal_for(actor)
    if p.kind == PrincipalKind.API_CLIENT:
        return runs_session(p, session)
    return (
        p.practitioner_id is not None and p.practitioner_id == session.facilitator_id
    ) or coordinates_hubs(p)


def runs_session(p: Principal, session) -> bool:
    org = session.service.organisation
    return (
        p.organisation_id is not None
        and org is not None
        and org.organisation_id == p.organisation_id
    )


def _runs_q(p: Principal, prefix: str = "") -> Q:
    """What an API client's organisation runs: its services' sessions."""
    if p.organisation_id is None:
        return NOTHING
    return Q(**{f"{prefix}service__organisation__organisation_id": p.organisation_id})


def can_sweep(actor) -> bool:
    return principal_for(actor).is_system


def _enrolment_q(p: Principal, purpose: Purpose) -> Q:
    mine = Q(session__facilitator_id=p.practitioner_id) if p.practitioner_id else NOTHING
    # (an empty Q() would vanish from an OR: "every row" is spelt out)
    coordinator = Q(pk__isnull=False) if coordinates_hubs(p) else NOTHING
    family = family_record_q(p, purpose=purpose) if purpose == Purpose.VIEW else NOTHING
    return family | mine | coordinator


register(
    Enrolment,
    kinds=[PrincipalKind.PRACTITIONER],
    purposes=[Purpose.VIEW],
    q=_enrolment_q,
    description="With the family's record; the facilitator and the hub coordinator see the "
    "session's list (names for the register, not the family's record).",
)
register(
    Session,
    kinds=[PrincipalKind.PRACTITIONER],
    purposes=[Purpose.VIEW],
    q=lambda p, purpose: Q(),
    description="What runs when: every practitioner may see sessions (not who is on them).",
)

# A partner system (API client) of the organisation that runs a session takes its register:
# the session and who has a place on it (never a sealed family's place: the facilitator marks
# those on the page).
register(
    Session,
    kinds=[PrincipalKind.API_CLIENT],
    purposes=[Purpose.VIEW],
    q=lambda p, purpose: _runs_q(p),
    predicate=lambda p, session, purpose: runs_session(p, session),
    description="the sessions its organisation runs (attendance:write)",
)
register(
    Enrolment,
    kinds=[PrincipalKind.API_CLIENT],
    purposes=[Purpose.VIEW],
    q=lambda p, purpose: (
        _runs_q(p, "session__")
        & Q(status__in=["enrolled", "completed"], family__is_restricted=False)
    ),
    predicate=lambda p, row, purpose: (
        runs_session(p, row.session)
        and row.status in ("enrolled", "completed")
        and not row.family.is_restricted
    ),
    description="places on the sessions its organisation runs (names for the register)",
)

# --- Running sessions, and self-referrals from the public page -------------------------------


def coordinated_hubs_q(p: Principal) -> Q:
    """The main hub sites a coordinator works from (a filter on Hub): their teams' hubs, or the
    main site of a spoke their team works from; every hub for an administrator."""
    if p.role == Role.ADMIN:
        return Q(main_site__isnull=True)
    team_hubs = Team.objects.filter(pk__in=p.team_ids, hub__isnull=False).values("hub")
    return Q(main_site__isnull=True) & (Q(pk__in=team_hubs) | Q(spokes__in=team_hubs))


def _hub_services_q(p: Principal, prefix: str) -> Q:
    mains = Hub.objects.filter(coordinated_hubs_q(p)).values("pk")
    return Q(**{f"{prefix}service__hub__in": mains}) | Q(
        **{f"{prefix}service__hub__main_site__in": mains}
    )


def _self_referral_q(p: Principal, purpose: Purpose) -> Q:
    if p.kind != PrincipalKind.PRACTITIONER or not can_manage_directory(p):
        return NOTHING
    return _hub_services_q(p, "session__")


register(
    SelfReferral,
    kinds=[PrincipalKind.PRACTITIONER],
    purposes=[Purpose.VIEW, Purpose.EDIT],
    q=_self_referral_q,
    description="A parent's request from the public page: the coordinators of the hub that "
    "runs the session (it joins the family's record only as the enrolment it becomes).",
)


def coordinates_session(actor, session: Session) -> bool:
    """A coordinator of the hub whose service the session is (or an administrator)."""
    p = principal_for(actor)
    if not coordinates_hubs(p):
        return False
    return Session.objects.filter(_hub_services_q(p, ""), pk=session.pk).exists()


def can_create_session(actor, service) -> bool:
    p = principal_for(actor)
    if not coordinates_hubs(p) or service.hub_id is None:
        return False
    mains = Hub.objects.filter(coordinated_hubs_q(p))
    return mains.filter(Q(pk=service.hub_id) | Q(spokes=service.hub_id)).exists()


def can_decide_self_referral(actor, referral: SelfReferral) -> bool:
    return referral.status == SelfReferralStatus.NEW and coordinates_session(
        actor, referral.session
    )
