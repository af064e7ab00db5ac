"""Who is involved with a family: the one writer of `Involvement`, the row that grants access.

Every involvement starts and ends here, always with an audit event. These actions check no
policy of their own: they are called by the actions that grant involvement as a consequence of
something the actor was permitted to do (starting a family record, adding an involvement,
allocating a lead, routing from the front door, stepping up), inside that action's transaction.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone

import audit
from access.doorway import action, permit
from audit.models import Verb
from familyhub import errors

from . import policy
from .models import (
    ChildProtectionTeam,
    ChildProtectionTeamMember,
    Designation,
    Involvement,
    InvolvementRole,
    Practitioner,
    Role,
    StatutorySeat,
)

END_BEFORE_START = "The end date must be on or after the date the involvement started"


@action
def involvement_start(
    *,
    by,
    family,
    organisation,
    role: str,
    practitioner=None,
    team=None,
    person=None,
    started_on: dt.date | None = None,
    notes: str = "",
    changes: dict[str, Any] | None = None,
) -> Involvement:
    """Start an involvement of a practitioner (in their team) or of a team or organisation.
    `changes` replaces the audit event's default description."""
    if team is None and practitioner is not None:
        team = practitioner.team
    involvement = Involvement.objects.create(
        family=family,
        person=person,
        organisation=organisation,
        practitioner=practitioner,
        team=team,
        role=InvolvementRole(role),
        started_on=started_on or timezone.localdate(),
        notes=notes,
    )
    audit.record(
        by,
        Verb.CREATE,
        involvement,
        family=family,
        person=person,
        changes=changes
        if changes is not None
        else {"role": [None, str(role)], "organisation": [None, organisation.name]},
    )
    return involvement


@action
def involvement_ensure(
    *, by, family, role: str, practitioner=None, team=None, notes: str = "", **extra
) -> Involvement:
    """The active involvement of this practitioner in this role (or of this team, when no
    practitioner is named), started if there is none."""
    active = Involvement.objects.active().filter(family=family)
    if practitioner is not None:
        existing = active.filter(practitioner=practitioner, role=role).first()
    else:
        existing = active.filter(team=team).first()
    if existing is not None:
        return existing
    organisation = practitioner.organisation if practitioner is not None else team.organisation
    return involvement_start(
        by=by,
        family=family,
        organisation=organisation,
        role=role,
        practitioner=practitioner,
        team=team,
        notes=notes,
        **extra,
    )


@action
def involvement_end(
    *, by, involvement: Involvement, reason: str, ended_on: dt.date | None = None
) -> Involvement:
    """End an involvement on `ended_on` (refused before it started); without a date, today
    (or the day it started, for one that starts in the future)."""
    if ended_on is None:
        ended_on = max(timezone.localdate(), involvement.started_on)
    elif ended_on < involvement.started_on:
        raise errors.RuleViolation(END_BEFORE_START, field_errors={"ended_on": [END_BEFORE_START]})
    Involvement.objects.filter(pk=involvement.pk).update(ended_on=ended_on, end_reason=reason)
    involvement.refresh_from_db()
    audit.record(
        by,
        Verb.UPDATE,
        involvement,
        family=involvement.family,
        reason=reason,
        changes={"ended_on": [None, ended_on.isoformat()]},
    )
    return involvement


@action
def involvements_end(*, by, involvements, reason: str) -> int:
    """End each of these involvements today (a handover, a step-down, a closure)."""
    ended = 0
    for involvement in involvements:
        involvement_end(by=by, involvement=involvement, reason=reason)
        ended += 1
    return ended


# --- The MACPT register (CA 2004 s16EA) ------------------------------------------------------

MACPT_NAME_TAKEN = "A multi-agency child protection team with this name already exists"
MACPT_NAME_REQUIRED = "Enter the team's name"
SEAT_UNKNOWN = "Choose the statutory seat"
NOT_NOMINATOR = "{organisation} cannot nominate the {seat} member: {who} nominates this seat"
NOT_FOR_SEAT = "{name} cannot sit in the {seat} seat: {why}"
ALREADY_IN_SEAT = "{name} already sits in this seat of {team}"
SEAT_WHO_NOMINATES = {
    StatutorySeat.EDUCATION: "the local authority",
    StatutorySeat.SOCIAL_WORK: "the local authority",
    StatutorySeat.HEALTH: "the integrated care board",
    StatutorySeat.POLICE: "the chief officer of police",
}
SEAT_WHO_SITS = {
    StatutorySeat.EDUCATION: "",
    StatutorySeat.SOCIAL_WORK: "the seat is for a social worker",
    StatutorySeat.HEALTH: "the seat is for a registered health professional",
    StatutorySeat.POLICE: "the seat is for a police constable or police employee",
}
SEAT_WORDS = {
    StatutorySeat.EDUCATION: "education",
    StatutorySeat.SOCIAL_WORK: "social work",
    StatutorySeat.HEALTH: "health",
    StatutorySeat.POLICE: "police",
}


def _refuse(field: str, message: str):
    raise errors.RuleViolation(message, field_errors={field: [message]})


@action
def macpt_create(
    *,
    by,
    name: str,
    locality: str = "",
    email: str = "",
    phone: str = "",
    established_on: dt.date | None = None,
) -> ChildProtectionTeam:
    """Add a multi-agency child protection team to the register (its members come next)."""
    permit(policy.can_manage_macpts(by))
    name = (name or "").strip()
    if not name:
        _refuse("name", MACPT_NAME_REQUIRED)
    if ChildProtectionTeam.objects.filter(name__iexact=name).exists():
        _refuse("name", MACPT_NAME_TAKEN)
    team = ChildProtectionTeam.objects.create(
        name=name,
        locality=locality,
        email=email,
        phone=phone,
        established_on=established_on or timezone.localdate(),
    )
    audit.record(by, Verb.CREATE, team, changes={"name": [None, name]})
    return team


@action
def macpt_member_add(
    *,
    by,
    team: ChildProtectionTeam,
    seat: str,
    practitioner,
    nominated_by,
    started_on: dt.date | None = None,
) -> ChildProtectionTeamMember:
    """Seat a practitioner in one statutory seat of a MACPT, nominated by the partner the Act
    names for that seat."""
    permit(policy.can_manage_macpts(by))
    if seat not in StatutorySeat.values:
        _refuse("seat", SEAT_UNKNOWN)
    statutory = StatutorySeat(seat)
    words = SEAT_WORDS[statutory]
    if not policy.may_nominate(nominated_by, seat):
        _refuse(
            "nominated_by",
            NOT_NOMINATOR.format(
                organisation=nominated_by.name, seat=words, who=SEAT_WHO_NOMINATES[statutory]
            ),
        )
    if not policy.may_sit_in_seat(practitioner, seat):
        _refuse(
            "practitioner",
            NOT_FOR_SEAT.format(name=practitioner.name, seat=words, why=SEAT_WHO_SITS[statutory]),
        )
    if ChildProtectionTeamMember.objects.filter(
        team=team, seat=seat, practitioner=practitioner, ended_on__isnull=True
    ).exists():
        _refuse("practitioner", ALREADY_IN_SEAT.format(name=practitioner.name, team=team.name))
    member = ChildProtectionTeamMember.objects.create(
        team=team,
        seat=seat,
        practitioner=practitioner,
        nominated_by=nominated_by,
        started_on=started_on or timezone.localdate(),
        recorded_by=by.user,
    )
    _designate(practitioner, member=True)
    audit.record(
        by,
        Verb.CREATE,
        member,
        changes={
            "team": [None, team.name],
            "seat": [None, seat],
            "practitioner": [None, practitioner.name],
            "nominated_by": [None, nominated_by.name],
        },
    )
    return member


@action
def macpt_member_end(
    *, by, member: ChildProtectionTeamMember, reason: str, ended_on: dt.date | None = None
) -> ChildProtectionTeamMember:
    """A member leaves the team on `ended_on` (today by default): from that day they no longer
    see its enquiries, and their seat may leave the team incomplete."""
    permit(policy.can_manage_macpts(by))
    ended_on = ended_on or max(timezone.localdate(), member.started_on)
    if ended_on < member.started_on:
        _refuse("ended_on", END_BEFORE_START)
    ChildProtectionTeamMember.objects.filter(pk=member.pk).update(
        ended_on=ended_on, end_reason=reason
    )
    member.refresh_from_db()
    still_seated = ChildProtectionTeamMember.objects.filter(
        practitioner_id=member.practitioner_id, ended_on__isnull=True
    ).exists()
    _designate(member.practitioner, member=still_seated)
    audit.record(
        by,
        Verb.UPDATE,
        member,
        reason=reason,
        changes={"ended_on": [None, ended_on.isoformat()]},
    )
    return member


def _designate(practitioner: Practitioner, *, member: bool) -> None:
    """Keep the MACPT member designation (the navigation's hint) in step with the seats."""
    held = list(practitioner.designations or [])
    has = Designation.MACPT_MEMBER in held
    if member == has:
        return
    held = (
        [*held, Designation.MACPT_MEMBER.value]
        if member
        else [d for d in held if d != Designation.MACPT_MEMBER]
    )
    Practitioner.objects.filter(pk=practitioner.pk).update(designations=held)
    practitioner.designations = held


@action
def practitioner_from_sso(*, by, user, role: str, organisation, job_title: str = ""):
    """Single sign-on: the account works in `organisation` with the `role` its provider's
    groups give (organisations.sso). A new practitioner is created; an existing one takes the
    role the groups give now (a move between groups is a change of role), keeping team and
    organisation. Audited when anything changed."""
    practitioner = Practitioner.objects.filter(user=user).first()
    if practitioner is None:
        practitioner = Practitioner.objects.create(
            user=user,
            organisation=organisation,
            role=role,
            job_title=job_title or Role(role).label,
        )
        audit.record(
            by,
            Verb.CREATE,
            practitioner,
            reason="single sign-on: a new account from the provider's groups",
            changes={"role": [None, role], "organisation": [None, organisation.name]},
        )
        return practitioner
    old = practitioner.role
    if old != role:
        practitioner.role = role
        practitioner.save(update_fields=["role"])
        audit.record(
            by,
            Verb.UPDATE,
            practitioner,
            reason="single sign-on: the provider's groups changed the role",
            changes={"role": [old, role]},
        )
    return practitioner
