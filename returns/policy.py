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


def can_run_returns(actor) -> bool:
    p: Principal = principal_for(actor)
    return p.is_practitioner and p.role in RETURNS_ROLES


def can_view_disproportionality(actor) -> bool:
    p: Principal = principal_for(actor)
    return p.is_practitioner and p.role in DISPROPORTIONALITY_ROLES


def register_rules() -> None:
    registry.register_capability("can_run_returns", can_run_returns)
    registry.register_capability("can_view_disproportionality", can_view_disproportionality)
    from .models import CensusFinding, CensusRun

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
