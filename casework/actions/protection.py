"""Child protection under the Children's Wellbeing and Schools Act 2026: a section 47
enquiry allocated to a multi-agency child protection team (CA 2004 s16EA, the team register
in organisations), and the lead child protection practitioner every child protection case
has (required once a conference or plan is recorded: casework.machines.LCPP_EVENTS)."""

from __future__ import annotations

import datetime as dt

import audit
from access.doorway import action, bump, permit
from audit.models import Verb
from casework import policy
from familyhub import links
from notices.actions import notify
from organisations import actions as involvements
from organisations.models import (
    ChildProtectionTeam,
    InvolvementRole,
    Practitioner,
    StatutorySeat,
)
from organisations.policy import may_lead_child_protection
from people.actions import chronicle

from .. import machines
from .. import messages as msg
from ..models import Episode, S47Allocation
from ._common import _Errors, _today, _when

SEAT_WORDS = {
    StatutorySeat.EDUCATION: "education",
    StatutorySeat.SOCIAL_WORK: "a social worker",
    StatutorySeat.HEALTH: "health",
    StatutorySeat.POLICE: "police",
}


def check_lcpp(errs: _Errors, episode: Episode, t: machines.Transition, data: dict) -> None:
    """A step that records a conference or a plan needs the lead child protection practitioner:
    the episode's, or the one the step names (a social worker)."""
    named = data.get("lead_cp_practitioner")
    if t.event not in machines.LCPP_EVENTS and named is None:
        return
    lcpp = named or episode.lead_cp_practitioner
    if lcpp is None:
        errs.add("lead_cp_practitioner", msg.LCPP_REQUIRED)
    elif not may_lead_child_protection(lcpp):
        errs.add("lead_cp_practitioner", msg.LCPP_NOT_SOCIAL_WORKER)


def lcpp_after_step(by, episode: Episode, before_id: int | None) -> None:
    """A step that named a new lead child protection practitioner: their involvement (sight of
    the family) and a notice."""
    lcpp = episode.lead_cp_practitioner
    if lcpp is not None and lcpp.pk != before_id:
        _lcpp_involved(by, episode, lcpp)


def _lcpp_involved(by, episode: Episode, practitioner: Practitioner) -> None:
    involvements.involvement_ensure(
        by=by,
        family=episode.family,
        practitioner=practitioner,
        role=InvolvementRole.LEAD_CP_PRACTITIONER,
        person=episode.child,
    )
    notify(
        recipient=practitioner.user,
        subject=f"You are the lead child protection practitioner for {episode.child.full_name}",
        link=links.ref(episode),
        kind="allocation",
        family=episode.family,
    )


@action
def lcpp_assign(*, by, episode: Episode, practitioner: Practitioner, note: str = "") -> Episode:
    """Name (or change) the lead child protection practitioner of a child protection case."""
    permit(policy.can_assign_lcpp(by, episode))
    errs = _Errors()
    if not may_lead_child_protection(practitioner):
        errs.add("practitioner", msg.LCPP_NOT_SOCIAL_WORKER)
    if episode.lead_cp_practitioner_id == practitioner.pk:
        errs.add("practitioner", msg.LCPP_SAME.format(name=practitioner.name))
    errs.raise_if_any()
    before = episode.lead_cp_practitioner
    bump(episode, None, msg.STALE_EPISODE, {"lead_cp_practitioner": practitioner})
    _lcpp_involved(by, episode, practitioner)
    audit.record(
        by,
        Verb.UPDATE,
        episode,
        family=episode.family,
        person=episode.child,
        reason=note[:500],
        changes={"lead_cp_practitioner": [str(before) if before else None, str(practitioner)]},
    )
    chronicle(
        by=by,
        family=episode.family,
        person=episode.child,
        kind="allocation",
        summary=f"{practitioner.name} is the lead child protection practitioner for "
        f"{episode.child.full_name}",
        detail=note,
    )
    return episode


@action
def s47_allocate(
    *,
    by,
    episode: Episode,
    team: ChildProtectionTeam,
    allocated_on: dt.date | None = None,
    note: str = "",
) -> S47Allocation:
    """Allocate a child protection episode's section 47 enquiry to a complete MACPT (a
    reallocation ends the current one). The team's members are told, and from now see the
    enquiry and the sections it needs (casework.policy.S47_SECTIONS)."""
    permit(policy.can_allocate_s47(by, episode))
    day = allocated_on or _today()
    errs = _Errors()
    missing = team.missing_seats(day)
    if missing:
        words = " or ".join(SEAT_WORDS[StatutorySeat(seat)] for seat in missing)
        errs.add("team", msg.MACPT_INCOMPLETE.format(team=team.name, missing=words))
    current = (
        S47Allocation.objects.select_for_update()
        .filter(episode=episode, ended_on__isnull=True)
        .first()
    )
    if current is not None and current.team_id == team.pk:
        errs.add("team", msg.MACPT_ALREADY.format(team=team.name))
    if day > _today():
        errs.add("allocated_on", msg.DATE_IN_FUTURE.format(label="The date it was allocated"))
    errs.raise_if_any()
    if current is not None:
        S47Allocation.objects.filter(pk=current.pk).update(
            ended_on=day, end_reason=f"Reallocated to {team.name}"
        )
        audit.record(
            by,
            Verb.UPDATE,
            current,
            family=episode.family,
            person=episode.child,
            changes={"ended_on": [None, day.isoformat()]},
        )
    allocation = S47Allocation.objects.create(
        episode=episode,
        family=episode.family,
        team=team,
        allocated_on=day,
        note=note,
        recorded_by=by.user,
    )
    audit.record(
        by,
        Verb.CREATE,
        allocation,
        family=episode.family,
        person=episode.child,
        changes={"team": [current.team.name if current else None, team.name]},
    )
    chronicle(
        by=by,
        family=episode.family,
        person=episode.child,
        kind="episode_cp",
        summary=f"Section 47 enquiry for {episode.child.full_name} allocated to {team.name} "
        "(multi-agency child protection team)",
        detail=note,
        significant=True,
        occurred_at=_when(day),
    )
    for member in team.current_members(day):
        notify(
            recipient=member.practitioner.user,
            subject=f"Section 47 enquiry allocated to {team.name}",
            body="Open it from Section 47 enquiries: you see what the enquiry needs.",
            link=links.ref(allocation),
            kind="allocation",
        )
    return allocation
