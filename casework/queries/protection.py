"""Section 47 enquiries allocated to a multi-agency child protection team: the enquiry's page
(what its team needs, casework.policy.S47_SECTIONS), the team members' list, the choices for
allocating an enquiry and naming the lead child protection practitioner."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import QuerySet
from django.utils import timezone

import audit
from access import registry
from access.principals import Purpose
from audit.models import Verb
from casework import policy
from organisations.models import ChildProtectionTeam, Practitioner
from organisations.policy import SOCIAL_WORK_ROLES
from organisations.queries import MacptRow, complete_macpts, macpt_row, macpt_with_members
from people.models import Address, Membership
from people.policy import can_see_confidential_address

from .. import machines
from ..models import Episode, S47Allocation
from .contact import current_lead_arrangements
from .family import ClockRow, clock_rows

RELATED = (
    "episode__child",
    "episode__lead_cp_practitioner__user",
    "episode__lead_cp_practitioner__organisation",
    "episode__allocated_to__user",
    "episode__allocated_to__organisation",
    "family",
    "team",
)


def get_s47_for(user, pk) -> S47Allocation:
    """One enquiry: 404 for missing and not theirs alike; the read audited with the relation
    it was seen through (a MACPT member's team)."""
    queryset = S47Allocation.objects.select_related(*RELATED)
    return registry.get_for(user, S47Allocation, pk, Purpose.VIEW, queryset=queryset)


def record_s47_read(principal, allocation, purpose) -> None:
    actor = principal.user if principal.user is not None else principal
    audit.record(
        actor,
        Verb.VIEW,
        allocation,
        family=allocation.family,
        person=allocation.episode.child,
        reason=policy.s47_access_reason(principal, allocation),
    )


@dataclass
class StepLine:
    label: str
    by: str
    occurred_on: dt.date
    note: str


@dataclass
class MemberLine:
    name: str
    role: str
    date_of_birth: dt.date | None
    address: str  # "" when the addresses section is not shown


@dataclass
class S47Page:
    allocation: S47Allocation
    episode: Episode
    team: MacptRow
    sections: frozenset[str]
    sees_notes: bool
    sees_family: bool
    clocks: list[ClockRow]
    transitions: list[StepLine]
    members: list[MemberLine] = field(default_factory=list)
    involvements: list = field(default_factory=list)
    lead: object = None


def _address_of(user, person, addresses: dict[int, list[Address]]) -> str:
    current = [a for a in addresses.get(person.pk, []) if a.is_current]
    if not current:
        return "Not recorded"
    address = current[0]
    if address.is_confidential and not can_see_confidential_address(user, person):
        return "Address withheld"
    return address.one_line()


def _members(user, allocation, with_addresses: bool) -> list[MemberLine]:
    memberships = list(
        Membership.objects.filter(family=allocation.family, left_on__isnull=True)
        .select_related("person")
        .order_by("person__date_of_birth", "pk")
    )
    addresses: dict[int, list[Address]] = {}
    if with_addresses:
        for address in Address.objects.filter(
            person_id__in=[m.person_id for m in memberships]
        ).order_by("-moved_in_on", "-pk"):
            addresses.setdefault(address.person_id, []).append(address)
    return [
        MemberLine(
            m.person.full_name,
            m.get_role_display(),
            m.person.date_of_birth,
            _address_of(user, m.person, addresses) if with_addresses else "",
        )
        for m in memberships
    ]


def s47_page(user, allocation: S47Allocation, today: dt.date | None = None) -> S47Page:
    from organisations.models import Involvement

    today = today or timezone.localdate()
    episode = allocation.episode
    sections = policy.s47_sections(user, allocation)
    page = S47Page(
        allocation=allocation,
        episode=episode,
        team=macpt_row(macpt_with_members(allocation.team_id)),
        sections=sections,
        sees_notes=policy.s47_sees_notes(user, allocation),
        sees_family=policy.can_view_casework(user, allocation.family),
        clocks=clock_rows(episode.clocks.all(), today),
        transitions=[
            StepLine(
                machines.state_label(episode.kind, t.to_state),
                t.by.full_name,
                t.occurred_on,
                t.note,
            )
            for t in episode.transitions.select_related("by")
        ],
    )
    if "members" in sections:
        page.members = _members(user, allocation, "addresses" in sections)
    if "involvements" in sections:
        page.involvements = list(
            Involvement.objects.active()
            .filter(family=allocation.family)
            .select_related("practitioner__user", "organisation")
            .order_by("organisation__name", "pk")
        )
        page.lead = current_lead_arrangements([allocation.family_id]).get(allocation.family_id)
    return page


def s47_list(user) -> list[S47Allocation]:
    """The current enquiries allocated to the MACPTs the user sits on (the list is audited: how
    many, not the families)."""
    rows = list(
        S47Allocation.objects.filter(policy.macpt_allocation_q(user))
        .select_related(*RELATED)
        .order_by("-allocated_on", "-pk")
    )
    audit.record(
        user, Verb.LIST, None, changes={"list": "section 47 enquiries", "count": len(rows)}
    )
    return rows


def current_s47_allocation(episode: Episode) -> S47Allocation | None:
    if episode.kind != "CP":
        return None
    return (
        S47Allocation.objects.filter(episode=episode, ended_on__isnull=True)
        .select_related("team")
        .first()
    )


def lcpp_candidates() -> QuerySet[Practitioner]:
    """Who can be a lead child protection practitioner: social workers."""
    return (
        Practitioner.objects.filter(role__in=sorted(SOCIAL_WORK_ROLES))
        .select_related("user", "organisation")
        .order_by("user__full_name")
    )


def macpts_for_allocation() -> QuerySet[ChildProtectionTeam]:
    return complete_macpts()
