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
from access.doorway import action
from audit.models import Verb
from familyhub import errors

from .models import Involvement, InvolvementRole

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
