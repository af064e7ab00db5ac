"""Who may see information governance's own records: break-glass records (one's own; for review
the IG officers, all, and team managers, their teams' practitioners') and named access lists
(one's own place; IG officers keep the lists). Registered with the access registry by
`register_rules`, called from IgConfig.ready.

Whether one may open a break-glass, review one or keep access lists are questions about a
family, answered by people.policy (can_break_glass, can_review_break_glass,
can_manage_access_list), which this module builds on.
"""

from __future__ import annotations

from django.db.models import Q
from django.utils import timezone

from access import registry
from access.principals import Principal, PrincipalKind, Purpose, principal_for
from organisations.models import Role
from people import policy as people_policy
from people.policy import can_manage_access_list, can_review_break_glass

from .models import BreakGlass, RecordAccessGrant


def _as_principal(actor) -> Principal:
    return principal_for(actor)


def break_glass_review_q(p: Principal) -> Q:
    """Filter for BreakGlass: what this principal reviews (IG all, a manager their teams')."""
    if not can_review_break_glass(p):
        return Q(pk__in=[])
    if p.role == Role.IG_OFFICER:
        return Q()
    return Q(practitioner__team_id__in=sorted(p.managed_team_ids))


def break_glass_visibility_q(actor) -> Q:
    p = _as_principal(actor)
    if not p.is_practitioner:
        return Q(pk__in=[])
    review = break_glass_review_q(p)
    if review == Q():
        return review
    return Q(practitioner_id=p.practitioner_id) | review


def can_view_break_glass(actor, record) -> bool:
    p = _as_principal(actor)
    if not p.is_practitioner:
        return False
    if record.practitioner_id == p.practitioner_id:
        return True
    if not can_review_break_glass(p):
        return False
    return p.role == Role.IG_OFFICER or record.practitioner.team_id in p.managed_team_ids


def access_grant_visibility_q(actor) -> Q:
    p = _as_principal(actor)
    if not p.is_practitioner:
        return Q(pk__in=[])
    if can_manage_access_list(p):
        return Q()
    return Q(practitioner_id=p.practitioner_id)


def can_view_access_grant(actor, grant) -> bool:
    p = _as_principal(actor)
    return p.is_practitioner and (
        can_manage_access_list(p) or grant.practitioner_id == p.practitioner_id
    )


def current_access_grants(p: Principal):
    """The sealed families' access lists this principal is on (not revoked)."""
    return RecordAccessGrant.objects.filter(
        practitioner_id=p.practitioner_id, revoked_at__isnull=True
    )


def open_break_glass(p: Principal):
    """This principal's break-glasses that have not yet expired."""
    return BreakGlass.objects.filter(
        practitioner_id=p.practitioner_id, expires_at__gt=timezone.now()
    )


def sees_every_team(p: Principal) -> bool:
    return p.is_practitioner and p.role in (Role.IG_OFFICER, Role.ADMIN)


def can_view_identifier_gaps(actor) -> bool:
    """The consistent child identifier's data-quality page: information governance and
    administrators for every team, a team manager for the teams they manage."""
    p = _as_principal(actor)
    if sees_every_team(p):
        return True
    return p.is_practitioner and p.role == Role.TEAM_MANAGER and bool(p.managed_team_ids)


def register_rules() -> None:
    registry.register_capability("can_view_identifier_gaps", can_view_identifier_gaps)
    people_policy.register_grant_source("access_list", current_access_grants)
    people_policy.register_grant_source("break_glass", open_break_glass)
    practitioner = [PrincipalKind.PRACTITIONER]
    registry.register(
        BreakGlass,
        kinds=practitioner,
        purposes=[Purpose.VIEW],
        q=lambda p, purpose: break_glass_visibility_q(p),
        predicate=lambda p, record, purpose: can_view_break_glass(p, record),
        description="one's own; for review IG officers and the managers of one's team",
    )
    registry.register(
        RecordAccessGrant,
        kinds=practitioner,
        purposes=[Purpose.VIEW],
        q=lambda p, purpose: access_grant_visibility_q(p),
        predicate=lambda p, grant, purpose: can_view_access_grant(p, grant),
        description="one's own place on an access list; IG officers keep the lists",
    )
