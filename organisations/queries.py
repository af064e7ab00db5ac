"""Reads about organisations and the people who work in them."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Prefetch, QuerySet
from django.utils import timezone

from access import registry
from access.principals import Purpose, principal_for

from .models import (
    ChildProtectionTeam,
    ChildProtectionTeamMember,
    Organisation,
    Practitioner,
    StatutorySeat,
)
from .policy import SEAT_NOMINATORS


def practitioner_of(by: Any) -> Practitioner | None:
    """The practitioner row an actor works as (None for a system process or a user who is not
    a practitioner), with organisation, team and user: the one replacement for the copies of
    `_practitioner(user)` the apps' actions used to carry."""
    principal = principal_for(by)
    if principal.practitioner_id is None:
        return None
    return (
        Practitioner.objects.select_related("organisation", "team", "user")
        .filter(pk=principal.practitioner_id)
        .first()
    )


def organisation_of(by: Any) -> Organisation | None:
    """The organisation an actor acts for: a practitioner's, or a partner system's (an API
    client acts for its organisation); None for a system process."""
    principal = principal_for(by)
    if principal.organisation_id is None:
        return None
    return Organisation.objects.filter(pk=principal.organisation_id).first()


# --- The MACPT register (CA 2004 s16EA) ------------------------------------------------------


SEAT_SHORT = {
    StatutorySeat.EDUCATION: "Education",
    StatutorySeat.SOCIAL_WORK: "Social worker",
    StatutorySeat.HEALTH: "Health",
    StatutorySeat.POLICE: "Police",
}


@dataclass
class SeatRow:
    seat: str
    label: str
    members: list[ChildProtectionTeamMember]

    @property
    def short(self) -> str:
        return SEAT_SHORT[StatutorySeat(self.seat)]


@dataclass
class MacptRow:
    team: ChildProtectionTeam
    seats: list[SeatRow]
    missing: list[str]  # the labels of the seats nobody fills

    @property
    def is_complete(self) -> bool:
        return not self.missing


def macpt_row(team: ChildProtectionTeam) -> MacptRow:
    """One team's seats with their current members (the team comes with its members
    prefetched), and the seats left to fill."""
    current = team.current_members()
    seats = [
        SeatRow(seat, label, [m for m in current if m.seat == seat])
        for seat, label in StatutorySeat.choices
    ]
    return MacptRow(team, seats, [s.label for s in seats if not s.members])


def _with_members(queryset):
    members = ChildProtectionTeamMember.objects.select_related(
        "practitioner__user", "practitioner__organisation", "nominated_by"
    ).order_by("seat", "started_on", "pk")
    return queryset.prefetch_related(Prefetch("members", queryset=members))


def macpt_register(user) -> list[MacptRow]:
    """The register of MACPTs, each with its seats (administrators and the partnership lead)."""
    teams = registry.visible_to(user, ChildProtectionTeam).order_by("name")
    return [macpt_row(team) for team in _with_members(teams)]


def get_macpt_for(user, pk, *, purpose=Purpose.VIEW) -> ChildProtectionTeam:
    return registry.get_for(
        user,
        ChildProtectionTeam,
        pk,
        purpose,
        queryset=_with_members(ChildProtectionTeam.objects.all()),
        record=False,
    )


def get_macpt_member_for(user, pk, *, purpose=Purpose.VIEW) -> ChildProtectionTeamMember:
    queryset = ChildProtectionTeamMember.objects.select_related("team", "practitioner__user")
    return registry.get_for(
        user, ChildProtectionTeamMember, pk, purpose, queryset=queryset, record=False
    )


def past_macpt_members(team: ChildProtectionTeam) -> list[ChildProtectionTeamMember]:
    today = timezone.localdate()
    return [m for m in team.members.all() if m.ended_on is not None and m.ended_on < today]


def practitioners_for_seats() -> QuerySet[Practitioner]:
    return Practitioner.objects.select_related("user", "organisation").order_by("user__full_name")


def nominating_organisations() -> QuerySet[Organisation]:
    types = sorted(set().union(*SEAT_NOMINATORS.values()))
    return Organisation.objects.filter(org_type__in=types).order_by("name")


def macpt_with_members(pk: int) -> ChildProtectionTeam:
    """A team and its members, for a page that already has access to it (an enquiry's)."""
    return _with_members(ChildProtectionTeam.objects.filter(pk=pk)).get()


def complete_macpts() -> QuerySet[ChildProtectionTeam]:
    """The teams an enquiry can be allocated to: every statutory seat filled today."""
    teams = _with_members(ChildProtectionTeam.objects.order_by("name"))
    return teams.filter(pk__in=[team.pk for team in teams if team.is_complete])
