"""The lead practitioner, their cover, and practitioners' absences."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

import audit
from access.doorway import action, permit
from audit.models import Verb
from casework import policy
from familyhub import errors, events, links
from notices.actions import notify
from organisations import actions as involvements
from organisations.models import Involvement, InvolvementRole, Practitioner
from organisations.policy import can_record_absence
from people.actions import chronicle
from people.models import Family

from .. import messages as msg
from ..models import (
    Absence,
)
from ._common import (
    _Errors,
    _today,
)


@action
def lead_assign(
    *,
    by,
    family: Family,
    lead: Practitioner,
    cover: Practitioner | None,
    family_say: str,
    family_say_note: str = "",
    handover_reason: str = "",
    handover_note: str = "",
    family_told_on: dt.date | None = None,
    family_told_how: str = "",
    _system_ok: bool = False,
):
    """Name the lead practitioner (from any agency) and their cover, with the family's say. If
    someone else leads now, this is a handover: it needs a reason, a note, and the family told."""
    from ..models import FamilySay, LeadArrangement

    if not _system_ok:
        permit(policy.can_record_casework(by, family))
    current = (
        LeadArrangement.objects.select_for_update()
        .filter(family=family, ended_on__isnull=True)
        .first()
    )
    handover = current is not None and current.lead_id != lead.pk
    told = (handover_reason, handover_note, family_told_on, family_told_how)
    _check_lead(lead, cover, family_say, told if handover else None)
    today = _today()
    if current is not None:
        _end_arrangement(by, family, current, lead, cover, handover, told, today)
    arrangement = LeadArrangement.objects.create(
        family=family,
        lead=lead,
        cover=cover,
        family_say=family_say,
        family_say_note=family_say_note,
        started_on=today,
        family_told_on=family_told_on,
        family_told_how=family_told_how,
        recorded_by=by.user,
    )
    _ensure_involvements(by, family, lead, cover)
    audit.record(
        by,
        Verb.CREATE,
        arrangement,
        family=family,
        reason=handover_reason,
        changes={
            "lead": [str(current.lead) if current else None, str(lead)],
            "cover": [
                str(current.cover) if current and current.cover else None,
                str(cover) if cover else None,
            ],
            "family_say": [current.family_say if current else None, family_say],
        },
    )
    summary, detail = _lead_story(
        current, lead, cover, FamilySay(family_say).label, family_say_note, handover, told
    )
    chronicle(
        by=by,
        family=family,
        kind="lead_practitioner",
        summary=summary,
        detail=detail,
        significant=handover,
    )
    _tell_lead_and_cover(
        by, family, current, lead, cover, handover, handover_note or family_say_note
    )
    if current is None or current.lead_id != lead.pk or current.cover_id != arrangement.cover_id:
        events.lead_practitioner_changed.send(
            sender=LeadArrangement, family=family, arrangement=arrangement, previous=current, by=by
        )
    return arrangement


def _check_lead(lead, cover, family_say, told) -> None:
    """A cover who is not the lead, the family's say, and for a handover the reason, the note
    and when and how the family were told."""
    from ..models import FamilySay

    errs = _Errors()
    if cover is not None and cover.pk == lead.pk:
        errs.add("cover", msg.COVER_IS_LEAD)
    if family_say not in FamilySay.values:
        errs.add("family_say", msg.REQUIRED.format(label="the family's say"))
    if told is not None:  # a handover
        handover_reason, handover_note, family_told_on, family_told_how = told
        for name, value, label in (
            ("handover_reason", handover_reason, "the reason"),
            ("handover_note", handover_note, "a handover note"),
            ("family_told_how", family_told_how, "how the family were told"),
        ):
            if not (value or "").strip():
                errs.add(name, msg.HANDOVER_NEEDS.format(label=label))
        if family_told_on is None:
            errs.add("family_told_on", msg.HANDOVER_NEEDS.format(label="when the family were told"))
        elif family_told_on > _today():
            errs.add(
                "family_told_on", msg.DATE_IN_FUTURE.format(label="The date the family were told")
            )
    errs.raise_if_any()


def _end_arrangement(by, family, current, lead, cover, handover, told, today) -> None:
    """End the current arrangement; at a handover the old lead's involvement ends, and a cover
    who no longer covers stops being involved."""
    from ..models import LeadArrangement

    handover_reason, handover_note = told[:2]
    LeadArrangement.objects.filter(pk=current.pk).update(
        ended_on=today,
        handover_reason=handover_reason if handover else "Cover or family's say changed",
        handover_note=handover_note,
    )
    if handover:
        involvements.involvements_end(
            by=by,
            involvements=Involvement.objects.active().filter(
                family=family,
                practitioner_id=current.lead_id,
                role=InvolvementRole.LEAD_PRACTITIONER,
            ),
            reason=f"Handed over to {lead.name}",
        )
    if current.cover_id and (cover is None or current.cover_id != cover.pk):
        involvements.involvements_end(
            by=by,
            involvements=Involvement.objects.active().filter(
                family=family,
                practitioner_id=current.cover_id,
                role=InvolvementRole.COVER,
            ),
            reason="No longer covering",
        )


def _ensure_involvements(by, family, lead, cover) -> None:
    """The lead (and the cover) are involved with the family in those roles."""
    involvements.involvement_ensure(
        by=by, family=family, practitioner=lead, role=InvolvementRole.LEAD_PRACTITIONER
    )
    if cover is not None:
        involvements.involvement_ensure(
            by=by,
            family=family,
            practitioner=cover,
            role=InvolvementRole.COVER,
            notes="Covers for the lead practitioner",
        )


def _lead_story(current, lead, cover, say, family_say_note, handover, told) -> tuple[str, str]:
    """The chronology's summary and detail of a new lead, or of a handover."""
    if handover:
        handover_reason, handover_note, family_told_on, family_told_how = told
        summary = (
            f"Handover: {lead.name} ({lead.organisation.name}) takes over as lead practitioner "
            f"from {current.lead.name}"
        )
        detail = (
            f"Reason: {handover_reason}\nHandover note: {handover_note}\n"
            f"Family told on {family_told_on:%-d %B %Y}: {family_told_how}\nFamily's say: {say}"
        )
    else:
        summary = f"Lead practitioner: {lead.name} ({lead.organisation.name})" + (
            f", covered by {cover.name}" if cover else ""
        )
        detail = f"Family's say: {say}" + (f" – {family_say_note}" if family_say_note else "")
    return summary, detail


def _tell_lead_and_cover(by, family, current, lead, cover, handover, note) -> None:
    """Notices to a new lead (not to oneself), a new cover, and at a handover the old lead."""
    link = links.ref(family)
    if by.user is not None and lead.user_id != by.user_id:
        notify(
            recipient=lead.user,
            subject=f"You are now the lead practitioner for {family.name}",
            body=note,
            link=link,
            kind="lead",
            family=family,
        )
    if cover is not None and (current is None or current.cover_id != cover.pk):
        notify(
            recipient=cover.user,
            subject=f"You are covering for {lead.name} with {family.name}",
            link=link,
            kind="lead",
            family=family,
        )
    if handover and by.user is not None and current.lead.user_id != by.user_id:
        notify(
            recipient=current.lead.user,
            subject=f"Handover recorded: {family.name}",
            body=f"{lead.name} is now the lead practitioner.",
            link=link,
            kind="lead",
            family=family,
        )


@action
def absence_record(
    *,
    by,
    practitioner: Practitioner,
    kind: str,
    starts_on: dt.date,
    ends_on: dt.date,
    note: str = "",
) -> Absence:
    permit(can_record_absence(by, practitioner))
    if ends_on < starts_on:
        raise errors.RuleViolation(
            msg.ABSENCE_ENDS_BEFORE, field_errors={"ends_on": [msg.ABSENCE_ENDS_BEFORE]}
        )
    absence = Absence.objects.create(
        practitioner=practitioner,
        kind=kind,
        starts_on=starts_on,
        ends_on=ends_on,
        note=note,
        recorded_by=by.user,
    )
    audit.record(
        by,
        Verb.CREATE,
        absence,
        changes={
            "practitioner": [None, practitioner.name],
            "kind": [None, kind],
            "starts_on": [None, starts_on.isoformat()],
            "ends_on": [None, ends_on.isoformat()],
        },
    )
    return absence


@action
def absence_cancel(*, by, absence: Absence) -> Absence:
    permit(can_record_absence(by, absence.practitioner))
    Absence.objects.filter(pk=absence.pk).update(cancelled_at=timezone.now())
    absence.refresh_from_db()
    audit.record(by, Verb.DELETE, absence, changes={"cancelled": [False, True]})
    return absence
