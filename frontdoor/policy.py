"""Who may see and do what at the front door: concerns, contacts, threshold decisions,
dissent, consultations, partner information requests, early warnings and the metrics.

Issue 4. The front door works across the whole borough: front-door practitioners and the
managers of a front-door team see every contact and, for a contact they are deciding, the
family details needed to decide it (through frontdoor.queries, never the family pages; never
a sealed family). A referrer sees their own concerns and what became of them, not the rest of
the record. An embedded social worker sees the consultations assigned to them (their manager
too). A partner agency sees the information requests sent to it. Managers see the early
warnings surfaced to their teams. The team a contact is routed to sees it once it is closed.
"""

from __future__ import annotations

from django.db.models import Q

from access import registry
from access.principals import Principal, PrincipalKind, Purpose, principal_for
from organisations.models import Role
from organisations.policy import CASE_ROLES, is_api_client
from people.policy import _granted_family_ids, can_contribute_to_family


def _as_principal(actor) -> Principal:
    return principal_for(actor)


def _not_sealed_q(p: Principal, path: str) -> Q:
    """Front-door records about no family, an open family, or a sealed family whose access list
    names the principal: a sealed record is invisible outside its access list, whoever raised or
    works it."""
    granted = sorted(_granted_family_ids(p))
    return (
        Q(**{f"{path}__isnull": True})
        | Q(**{f"{path}__is_restricted": False})
        | Q(**{f"{path}__in": granted})
    )


def _open_to(p: Principal, family) -> bool:
    if family is None or not family.is_restricted:
        return True
    return family.pk in _granted_family_ids(p)


def front_door_team_ids() -> frozenset[int]:
    """Teams that work the front door: those with a front-door practitioner in them."""
    from organisations.models import Practitioner

    return frozenset(
        Practitioner.objects.filter(role=Role.FRONT_DOOR, team__isnull=False)
        .order_by()  # DISTINCT team ids alone: the default order would join every user
        .values_list("team_id", flat=True)
        .distinct()
    )


def is_front_door_manager(actor) -> bool:
    p = _as_principal(actor)
    return (
        p.is_practitioner
        and p.role == Role.TEAM_MANAGER
        and bool(p.managed_team_ids & p.remember(("front_door_teams",), front_door_team_ids))
    )


def is_front_door(actor) -> bool:
    """Front-door practitioners and the managers of a front-door team."""
    p = _as_principal(actor)
    return p.is_practitioner and (p.role == Role.FRONT_DOOR or is_front_door_manager(p))


def can_raise_concern(actor) -> bool:
    """Practitioners who work with families, and partner systems (API clients) for their
    organisation: they see their own concerns and what became of them, nothing more."""
    p = _as_principal(actor)
    return (p.is_practitioner and p.role in CASE_ROLES) or is_api_client(p)


def concern_visibility_q(actor) -> Q:
    """Concerns (drafts included) are seen only by the person who raised them; the front door
    works from the contact a sent concern becomes."""
    p = _as_principal(actor)
    if not can_raise_concern(p):
        return Q(pk__in=[])
    return Q(raised_by_id=p.user_id) & _not_sealed_q(p, "family")


def can_view_concern(actor, concern) -> bool:
    p = _as_principal(actor)
    return (
        can_raise_concern(p) and concern.raised_by_id == p.user_id and _open_to(p, concern.family)
    )


def can_edit_concern(actor, concern) -> bool:
    return can_view_concern(actor, concern) and concern.status == "draft"


def _routed_contact_teams(p: Principal) -> list[int]:
    if not p.is_practitioner or p.role not in CASE_ROLES or p.role == Role.PARTNER:
        return []
    return sorted(p.team_ids | p.managed_team_ids)


def contact_visibility_q(actor) -> Q:
    p = _as_principal(actor)
    if not p.is_practitioner:
        return Q(pk__in=[])
    if is_front_door(p):
        return _not_sealed_q(p, "family")
    teams = _routed_contact_teams(p)
    if not teams:
        return Q(pk__in=[])
    return Q(routed_team_id__in=teams, status="closed") & _not_sealed_q(p, "family")


def can_view_contact(actor, contact) -> bool:
    p = _as_principal(actor)
    if not p.is_practitioner:
        return False
    if not _open_to(p, contact.family):
        return False
    if is_front_door(p):
        return True
    return contact.routed_team_id in _routed_contact_teams(p) and contact.status == "closed"


def can_work_contact(actor, contact) -> bool:
    """Screen, check the register, ask partners, link to a family and decide: the front door."""
    p = _as_principal(actor)
    return is_front_door(p) and _open_to(p, contact.family)


def referred_contact_q(actor) -> Q:
    """Contacts the principal referred (what happened to them, not the family's record)."""
    p = _as_principal(actor)
    if not p.is_practitioner or p.user_id is None:
        return Q(pk__in=[])
    return Q(referrer_id=p.user_id) & _not_sealed_q(p, "family")


def is_referrer_of(actor, contact) -> bool:
    p = _as_principal(actor)
    return (
        p.is_practitioner
        and p.user_id is not None
        and contact.referrer_id == p.user_id
        and _open_to(p, contact.family)
    )


def can_sign_off_decision(actor, decision) -> bool:
    """A front-door manager, never the person who made the decision (four eyes)."""
    p = _as_principal(actor)
    return is_front_door_manager(p) and decision.decided_by_id != p.user_id


def can_override_routing(actor) -> bool:
    return is_front_door_manager(actor)


def can_raise_dissent(actor, decision) -> bool:
    return is_referrer_of(actor, decision.contact)


def dissent_visibility_q(actor) -> Q:
    p = _as_principal(actor)
    if not p.is_practitioner:
        return Q(pk__in=[])
    sealed = _not_sealed_q(p, "decision__contact__family")
    if is_front_door(p):
        return sealed
    return Q(raised_by_id=p.user_id) & sealed


def can_view_dissent(actor, dissent) -> bool:
    p = _as_principal(actor)
    return (
        p.is_practitioner
        and (is_front_door(p) or dissent.raised_by_id == p.user_id)
        and _open_to(p, dissent.decision.contact.family)
    )


def can_resolve_dissent(actor, dissent) -> bool:
    return is_front_door_manager(actor)


def can_request_consultation(actor) -> bool:
    return can_raise_concern(actor)


def consultation_visibility_q(actor) -> Q:
    """The partner who asked, the social worker it is with and that worker's managers; the
    front door once the consultation has become a contact."""
    p = _as_principal(actor)
    if not p.is_practitioner or p.role not in CASE_ROLES:
        return Q(pk__in=[])
    q = Q(requested_by_id=p.user_id) | Q(social_worker_id=p.practitioner_id)
    if p.managed_team_ids:
        q |= Q(social_worker__team_id__in=sorted(p.managed_team_ids))
    if is_front_door(p):
        q |= Q(contact__isnull=False)
    return q & _not_sealed_q(p, "family")


def can_view_consultation(actor, consultation) -> bool:
    p = _as_principal(actor)
    if not p.is_practitioner or p.role not in CASE_ROLES:
        return False
    if not _open_to(p, consultation.family):
        return False
    if p.user_id == consultation.requested_by_id:
        return True
    if p.practitioner_id == consultation.social_worker_id:
        return True
    if consultation.social_worker.team_id in p.managed_team_ids:
        return True
    return is_front_door(p) and hasattr(consultation, "contact")


def can_record_consultation(actor, consultation) -> bool:
    p = _as_principal(actor)
    return p.is_practitioner and p.practitioner_id == consultation.social_worker_id


def can_offer_consultations(actor, social_worker) -> bool:
    """Publish duty slots: an embedded social worker for themselves, or their manager."""
    p = _as_principal(actor)
    if not p.is_practitioner or "embedded_sw" not in (social_worker.designations or []):
        return False
    return social_worker.pk == p.practitioner_id or (
        p.role == Role.TEAM_MANAGER and social_worker.team_id in p.managed_team_ids
    )


def info_request_visibility_q(actor) -> Q:
    """Partner information requests: the front door, and the agency each was sent to."""
    p = _as_principal(actor)
    if not p.is_practitioner or p.role not in CASE_ROLES:
        return Q(pk__in=[])
    sealed = _not_sealed_q(p, "contact__family")
    if is_front_door(p):
        return sealed
    if p.organisation_id is None:
        return Q(pk__in=[])
    return Q(organisation_id=p.organisation_id) & sealed


def can_view_info_request(actor, request) -> bool:
    p = _as_principal(actor)
    if not p.is_practitioner or p.role not in CASE_ROLES:
        return False
    if not _open_to(p, request.contact.family):
        return False
    return is_front_door(p) or request.organisation_id == p.organisation_id


def can_answer_info_request(actor, request) -> bool:
    p = _as_principal(actor)
    return (
        p.is_practitioner
        and p.role in CASE_ROLES
        and p.organisation_id is not None
        and request.organisation_id == p.organisation_id
        and _open_to(p, request.contact.family)
    )


def early_warning_visibility_q(actor) -> Q:
    """Front-door managers see every early warning; other team managers those surfaced to a
    team they manage (never about a sealed family)."""
    p = _as_principal(actor)
    if is_front_door_manager(p):
        return _not_sealed_q(p, "family")
    if not p.is_practitioner or p.role != Role.TEAM_MANAGER or not p.managed_team_ids:
        return Q(pk__in=[])
    return Q(team_id__in=sorted(p.managed_team_ids), family__is_restricted=False)


def can_view_early_warning(actor, warning) -> bool:
    p = _as_principal(actor)
    if is_front_door_manager(p):
        return _open_to(p, warning.family)
    return (
        p.is_practitioner
        and p.role == Role.TEAM_MANAGER
        and warning.team_id in p.managed_team_ids
        and not warning.family.is_restricted
    )


def can_decide_early_warning(actor, warning) -> bool:
    return can_view_early_warning(actor, warning)


def can_view_early_warnings(actor) -> bool:
    p = _as_principal(actor)
    return is_front_door_manager(p) or (
        p.is_practitioner and p.role == Role.TEAM_MANAGER and bool(p.managed_team_ids)
    )


def can_record_signal(actor, family) -> bool:
    """A structured notification about a family: from a named system process (a feed), the
    front door, or a practitioner who works with the family."""
    p = principal_for(actor)
    if p.is_system and p.user_id is None:  # a named system process
        return True
    return is_front_door(actor) or can_contribute_to_family(actor, family)


def can_view_front_door_metrics(actor) -> bool:
    p = _as_principal(actor)
    return is_front_door(p) or (p.is_practitioner and p.role == Role.TEAM_MANAGER)


# --- The record rules -----------------------------------------------------------------------


def _signal_q(p: Principal, purpose: Purpose) -> Q:
    if not is_front_door(p):
        return Q(pk__in=[])
    return _not_sealed_q(p, "family")


def _rule(model, q, predicate, description, purposes=(Purpose.VIEW,), kinds=None):
    registry.register(
        model,
        kinds=kinds or [PrincipalKind.PRACTITIONER],
        purposes=purposes,
        q=q,
        predicate=predicate,
        description=description,
    )


def register_rules() -> None:
    registry.register_capability("can_raise_concern", can_raise_concern)
    registry.register_capability("is_front_door", is_front_door)
    registry.register_capability("can_view_early_warnings", can_view_early_warnings)
    _register_concern_and_contact_rules()
    _register_consultation_and_warning_rules()


def _register_concern_and_contact_rules() -> None:
    """Concerns and the people they name, contacts, their decisions and disagreements."""
    from .models import Concern, ConcernPerson, Contact, ContactPerson, Dissent, ThresholdDecision

    _rule(
        Concern,
        lambda p, purpose: (
            concern_visibility_q(p) & (Q(status="draft") if purpose == Purpose.EDIT else Q())
        ),
        lambda p, concern, purpose: (
            can_edit_concern(p, concern)
            if purpose == Purpose.EDIT
            else can_view_concern(p, concern)
        ),
        "the person (or partner system) who raised it (a draft: to change it)",
        purposes=(Purpose.VIEW, Purpose.EDIT),
        kinds=[PrincipalKind.PRACTITIONER, PrincipalKind.API_CLIENT],
    )
    _rule(
        ConcernPerson,
        lambda p, purpose: Q(concern__in=Concern.objects.filter(concern_visibility_q(p))),
        lambda p, row, purpose: can_view_concern(p, row.concern),
        "with its concern",
        kinds=[PrincipalKind.PRACTITIONER, PrincipalKind.API_CLIENT],
    )
    _rule(
        Contact,
        lambda p, purpose: (
            contact_visibility_q(p)
            if purpose == Purpose.VIEW
            else (_not_sealed_q(p, "family") if is_front_door(p) else Q(pk__in=[]))
        ),
        lambda p, contact, purpose: (
            can_work_contact(p, contact)
            if purpose == Purpose.EDIT
            else can_view_contact(p, contact)
        ),
        "the front door (works it); the team it was routed to once closed",
        purposes=(Purpose.VIEW, Purpose.EDIT),
    )
    _rule(
        ContactPerson,
        lambda p, purpose: Q(contact__in=Contact.objects.filter(contact_visibility_q(p))),
        lambda p, row, purpose: can_view_contact(p, row.contact),
        "with its contact",
    )
    _rule(
        ThresholdDecision,
        lambda p, purpose: Q(contact__in=Contact.objects.filter(contact_visibility_q(p))),
        lambda p, decision, purpose: can_view_contact(p, decision.contact),
        "with its contact",
    )
    _rule(
        Dissent,
        lambda p, purpose: dissent_visibility_q(p),
        lambda p, dissent, purpose: can_view_dissent(p, dissent),
        "the front door, and the referrer who raised it",
    )


def _register_consultation_and_warning_rules() -> None:
    """Consultations, information requests to partners, early warnings and their signals."""
    from .models import Consultation, EarlyWarning, PartnerInfoRequest, Signal

    _rule(
        Consultation,
        lambda p, purpose: consultation_visibility_q(p),
        lambda p, consultation, purpose: can_view_consultation(p, consultation),
        "the partner who asked, the social worker and their managers; the front door once a "
        "contact",
    )
    _rule(
        PartnerInfoRequest,
        lambda p, purpose: info_request_visibility_q(p),
        lambda p, request, purpose: can_view_info_request(p, request),
        "the front door, and the agency it was sent to",
    )
    _rule(
        EarlyWarning,
        lambda p, purpose: early_warning_visibility_q(p),
        lambda p, warning, purpose: can_view_early_warning(p, warning),
        "front-door managers; other managers those surfaced to their teams",
    )
    _rule(
        Signal,
        _signal_q,
        lambda p, signal, purpose: is_front_door(p) and _open_to(p, signal.family),
        "the front door (signals feed the early warnings)",
    )
