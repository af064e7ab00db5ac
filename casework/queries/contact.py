"""Who to contact now: the lead practitioner or their cover, in or out of hours."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.utils import timezone

import rules
from organisations.models import Practitioner
from people.leads import lead_arrangement
from people.models import Family
from rules import calendar

from ..models import (
    Absence,
    LeadArrangement,
    WorkingHours,
)


@dataclass
class Availability:
    practitioner: Practitioner
    absence: Absence | None
    in_hours: bool

    @property
    def available(self) -> bool:
        return self.absence is None and self.in_hours


@dataclass
class ContactPanel:
    arrangement: LeadArrangement | None
    lead: Availability | None
    cover: Availability | None
    contact_now: Practitioner | None
    message: str
    out_of_hours: bool
    ooh: rules.OutOfHours
    hub_name: str
    hub_evening_phone: str
    team_phone: str


def _absence_on(practitioner: Practitioner, day: dt.date) -> Absence | None:
    return (
        Absence.objects.filter(
            practitioner=practitioner,
            cancelled_at__isnull=True,
            starts_on__lte=day,
            ends_on__gte=day,
        )
        .order_by("ends_on")
        .first()
    )


def _in_hours(practitioner: Practitioner, now: dt.datetime) -> bool:
    cal = calendar()
    local = now.astimezone(cal.zone)
    hours = WorkingHours.objects.filter(practitioner=practitioner).first()
    if hours is not None:
        return (
            local.weekday() in hours.weekdays
            and not cal.is_bank_holiday(local.date())
            and hours.starts_at <= local.time() < hours.ends_at
        )
    return cal.is_working_day(local.date()) and cal.day_start <= local.time() < cal.day_end


def _availability(practitioner, now) -> Availability | None:
    if practitioner is None:
        return None
    local_day = now.astimezone(calendar().zone).date()
    return Availability(
        practitioner, _absence_on(practitioner, local_day), _in_hours(practitioner, now)
    )


def current_lead_arrangements(family_ids: list[int]) -> dict[int, LeadArrangement]:
    """The families' current lead arrangements (the one source of truth for the lead
    practitioner, docs/decisions/0006). Pages ask through `people.leads`, which casework
    registers this with when it starts."""
    rows = LeadArrangement.objects.filter(
        family_id__in=family_ids, ended_on__isnull=True
    ).select_related(
        "lead__user",
        "lead__organisation",
        "lead__team__hub",
        "cover__user",
        "cover__organisation",
    )
    return {row.family_id: row for row in rows}


def contact_panel(family: Family, now: dt.datetime | None = None) -> ContactPanel:
    """Who to contact about this family right now: the lead, or when they are away their cover,
    and always the out-of-hours arrangement. Worked out from absences and hours, not typed."""
    now = now or timezone.now()
    arrangement = lead_arrangement(family)
    lead = _availability(arrangement.lead, now) if arrangement else None
    cover = _availability(arrangement.cover, now) if arrangement else None
    ooh = rules.current("out_of_hours")
    hub = family.hub or (
        arrangement.lead.team.hub if arrangement and arrangement.lead.team else None
    )
    out_hours = not calendar().is_working_day(now.astimezone(calendar().zone).date()) or not (
        calendar().day_start <= now.astimezone(calendar().zone).time() < calendar().day_end
    )
    contact, message = None, ""
    if arrangement is None:
        message = "No lead practitioner is recorded for this family yet."
    elif lead.absence is not None:
        kind = lead.absence.get_kind_display().lower()
        away = f"{lead.practitioner.name} is away ({kind}) until {lead.absence.ends_on:%-d %B %Y}."
        if cover is not None and cover.absence is None:
            contact = cover.practitioner
            message = f"{away} Contact {cover.practitioner.name}, who is covering, instead."
        elif cover is not None:
            message = (
                f"{away} {cover.practitioner.name}, the cover, is also away: contact the team."
            )
        else:
            message = f"{away} No cover is named: contact the team."
    elif not lead.in_hours:
        contact = lead.practitioner
        message = (
            f"{lead.practitioner.name} is not working now. Out of hours, use the numbers below."
        )
    else:
        contact = lead.practitioner
        message = f"Contact {lead.practitioner.name}, the lead practitioner."
    team_phone = ""
    if arrangement is not None:
        team_phone = arrangement.lead.organisation.phone
    return ContactPanel(
        arrangement=arrangement,
        lead=lead,
        cover=cover,
        contact_now=contact,
        message=message,
        out_of_hours=out_hours,
        ooh=ooh,
        hub_name=hub.name if hub else "",
        hub_evening_phone=hub.evening_weekend_phone if hub else "",
        team_phone=team_phone,
    )
