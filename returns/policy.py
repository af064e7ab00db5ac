"""Who may run and read the statutory returns: analysts (data officers) and team managers.

A census covers every child in need in the borough, so it is for those who answer for the
return; the links from a finding to a child's record still go through each record's own rule
(a 404 for a record the user may not see)."""

from __future__ import annotations

from django.db.models import Q

from access import registry
from access.principals import Principal, PrincipalKind, Purpose, principal_for
from organisations.models import Role

RETURNS_ROLES = frozenset({Role.DATA_OFFICER, Role.TEAM_MANAGER})
# The disproportionality report is for the safeguarding partnership's annual report: its
# analysts (data officers), information governance and administrators; counts only, small
# numbers suppressed, but still about children, so not every practitioner's.
DISPROPORTIONALITY_ROLES = frozenset({Role.DATA_OFFICER, Role.IG_OFFICER, Role.ADMIN})


# Supporting Families / Family Help claims: the programme's data officers and managers see the
# claim list; a manager (team manager or hub coordinator) approves each claim.
CLAIM_ROLES = frozenset({Role.DATA_OFFICER, Role.TEAM_MANAGER, Role.HUB_COORDINATOR})
CLAIM_APPROVERS = frozenset({Role.TEAM_MANAGER, Role.HUB_COORDINATOR})
# Ofsted's Annex A lists name every child in contact with children's services: for those who
# answer for the inspection's data (data officers) and team managers.
ANNEX_A_ROLES = frozenset({Role.DATA_OFFICER, Role.TEAM_MANAGER})


def can_view_claims(actor) -> bool:
    p: Principal = principal_for(actor)
    return p.is_practitioner and p.role in CLAIM_ROLES


def can_approve_claims(actor) -> bool:
    p: Principal = principal_for(actor)
    return p.is_practitioner and p.role in CLAIM_APPROVERS


def can_export_annex_a(actor) -> bool:
    p: Principal = principal_for(actor)
    return p.is_practitioner and p.role in ANNEX_A_ROLES


def can_run_returns(actor) -> bool:
    p: Principal = principal_for(actor)
    return p.is_practitioner and p.role in RETURNS_ROLES


def can_view_disproportionality(actor) -> bool:
    p: Principal = principal_for(actor)
    return p.is_practitioner and p.role in DISPROPORTIONALITY_ROLES


def register_rules() -> None:
    registry.register_capability("can_run_returns", can_run_returns)
    registry.register_capability("can_view_disproportionality", can_view_disproportionality)
    registry.register_capability("can_view_claims", can_view_claims)
    registry.register_capability("can_approve_claims", can_approve_claims)
    registry.register_capability("can_export_annex_a", can_export_annex_a)
    from .models import CensusFinding, CensusRun, FamilyClaim

    registry.register(
        FamilyClaim,
        kinds=[PrincipalKind.PRACTITIONER],
        purposes=[Purpose.VIEW],
        q=lambda p, purpose: Q() if can_view_claims(p) else Q(pk__in=[]),
        predicate=lambda p, claim, purpose: can_view_claims(p),
        description="data officers, team managers and hub coordinators",
    )

    practitioner = [PrincipalKind.PRACTITIONER]
    registry.register(
        CensusRun,
        kinds=practitioner,
        purposes=[Purpose.VIEW, Purpose.EDIT],
        q=lambda p, purpose: Q() if can_run_returns(p) else Q(pk__in=[]),
        predicate=lambda p, run, purpose: can_run_returns(p),
        description="data officers (analysts) and team managers",
    )
    registry.register(
        CensusFinding,
        kinds=practitioner,
        purposes=[Purpose.VIEW],
        q=lambda p, purpose: Q() if can_run_returns(p) else Q(pk__in=[]),
        predicate=lambda p, finding, purpose: can_run_returns(p),
        description="data officers (analysts) and team managers",
    )
