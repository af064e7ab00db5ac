"""Who sees the dashboards, and who may list the children behind a figure.

- The dashboards (counts only): team managers, data officers (analysts), administrators and
  the safeguarding partnership's lead (leaders). Small numbers are suppressed for everyone,
  except a team manager looking at one of the teams they manage.
- The children behind a figure (drill-down): team managers, for the teams they manage only
  (work they can already see in their caseloads), never a sealed family. Everyone else gets
  404 for a drill-down.
"""

from __future__ import annotations

from django.db.models import Q

from access import registry
from access.principals import Principal, PrincipalKind, Purpose, principal_for
from organisations.models import Designation, Role

DASHBOARD_ROLES = frozenset({Role.TEAM_MANAGER, Role.DATA_OFFICER, Role.ADMIN})
DRILL_ROLES = frozenset({Role.TEAM_MANAGER})


def can_view_dashboards(actor) -> bool:
    p: Principal = principal_for(actor)
    return p.is_practitioner and (
        p.role in DASHBOARD_ROLES or Designation.PARTNERSHIP_LEAD in p.designations
    )


def can_drill_down(actor) -> bool:
    p: Principal = principal_for(actor)
    return can_view_dashboards(p) and p.role in DRILL_ROLES and bool(p.managed_team_ids)


def drill_team_ids(actor) -> frozenset[int]:
    """The teams whose children this principal may list from a dashboard."""
    p: Principal = principal_for(actor)
    return p.managed_team_ids if can_drill_down(p) else frozenset()


def sees_exact_counts(actor, team_id: int | None) -> bool:
    """Exact counts (no suppression) only for a team the principal may drill into."""
    return team_id is not None and team_id in drill_team_ids(actor)


def register_rules() -> None:
    registry.register_capability("can_view_dashboards", can_view_dashboards)
    registry.register_capability("can_drill_down_dashboards", can_drill_down)
    from .models import Fact, SummaryBuild

    for model in (Fact, SummaryBuild):
        registry.register(
            model,
            kinds=[PrincipalKind.PRACTITIONER],
            purposes=[Purpose.VIEW],
            q=lambda p, purpose: Q() if can_view_dashboards(p) else Q(pk__in=[]),
            predicate=lambda p, obj, purpose: can_view_dashboards(p),
            description="team managers, data officers, administrators, the partnership lead",
        )
