"""The consistent child identifier's data-quality page (CA 2004 s16LC): per team, the children
of the families the team works with who have no verified NHS number, and why. A team manager
sees their own teams; information governance and administrators every team. Names of children
in sealed records are not shown (the reference is enough to find them through the access
list). Each look is audited."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Q
from django.http import Http404

import audit
from access.principals import principal_for
from audit.models import Verb
from organisations.models import Involvement, Team
from people.models import MemberRole, Membership

from .. import policy

PER_TEAM = 100  # children listed per team (the count is of all of them)


@dataclass
class Gap:
    person_id: int
    name: str
    la_child_id: str
    family_reference: str
    sealed: bool
    state: str  # "unverified", "reason" or "missing"
    why: str


@dataclass
class TeamGaps:
    team: Team
    count: int = 0
    by_state: dict[str, int] = field(default_factory=dict)
    gaps: list[Gap] = field(default_factory=list)


def _state(person) -> tuple[str, str]:
    if person.nhs_number:
        source = person.get_nhs_number_source_display() or "source not recorded"
        return "unverified", f"NHS number not verified (from {source.lower()})"
    if person.nhs_number_absent_reason:
        return "reason", person.get_nhs_number_absent_reason_display()
    return "missing", "No NHS number and no reason recorded"


def links_to_people(user) -> bool:
    """A team manager opens the children's pages to record what is missing; information
    governance and administrators see the list only (they have no sight of the records)."""
    return not policy.sees_every_team(principal_for(user))


def identifier_gaps(user) -> list[TeamGaps]:
    if not policy.can_view_identifier_gaps(user):
        raise Http404("Not found")
    p = principal_for(user)
    teams = Team.objects.select_related("organisation").order_by("organisation__name", "name")
    if not policy.sees_every_team(p):
        teams = teams.filter(pk__in=sorted(p.managed_team_ids))
    unverified = ~(Q(person__nhs_number_status="verified") & ~Q(person__nhs_number=""))
    teams = list(teams)
    # Three queries for any number of teams (one pair per team was an N+1, issue 16): the
    # families each team works with now, then the children of all of them without a verified
    # NHS number, shared out to the teams in the same order.
    active = Involvement.objects.filter(team__in=[t.pk for t in teams], ended_on__isnull=True)
    families_of: dict[int, set[int]] = {}
    for team_id, family_id in active.values_list("team_id", "family_id"):
        families_of.setdefault(team_id, set()).add(family_id)
    children = list(
        Membership.objects.filter(
            family_id__in=active.values("family_id"),
            role=MemberRole.CHILD,
            left_on__isnull=True,
            person__merged_into__isnull=True,
            person__date_of_death__isnull=True,
        )
        .filter(unverified)
        .select_related("person", "family")
        .order_by("person__family_name", "person__given_name", "pk")
    )
    out = []
    for team in teams:
        families = families_of.get(team.pk, set())
        mine = [m for m in children if m.family_id in families]
        row = TeamGaps(team=team, count=len(mine))
        seen = set()
        for m in mine[:PER_TEAM]:
            if m.person_id in seen:
                continue
            seen.add(m.person_id)
            state, why = _state(m.person)
            row.gaps.append(
                Gap(
                    person_id=m.person_id,
                    name="" if m.family.is_restricted else m.person.full_name,
                    la_child_id=m.person.la_child_id,
                    family_reference=m.family.reference,
                    sealed=m.family.is_restricted,
                    state=state,
                    why=why,
                )
            )
            row.by_state[state] = row.by_state.get(state, 0) + 1
        out.append(row)
    audit.record(
        user,
        Verb.LIST,
        None,
        changes={
            "list": "children without a verified NHS number",
            "teams": len(out),
            "children": sum(r.count for r in out),
        },
    )
    return out
