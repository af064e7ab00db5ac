"""The front door's clocks, on the one working-day calendar (rules.calendar).

A contact is due one working day after it is received (an urgent one the same day, see
contact_due_at), measured in the partnership's working
hours (received Monday 15:00 -> due Tuesday 15:00; received Friday 18:00 or on a bank holiday ->
due at the end of the next working day). Partner information requests are due a few working
hours after they are sent.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import rules
from rules import calendar

ON_TIME, DUE_SOON, OVERDUE, DONE_ON_TIME, DONE_LATE = (
    "on_time",
    "due_soon",
    "overdue",
    "done_on_time",
    "done_late",
)


def contact_due_at(received_at: dt.datetime, *, urgent: bool = False) -> tuple[dt.datetime, str]:
    """(due time, calendar version) for a contact received at `received_at`. An urgent (red)
    contact runs on the same-day clock when the rules in force give one: elapsed hours, not
    working hours, because red runs to completion even out of hours."""
    cal = calendar()
    settings = rules.current("front_door")
    if urgent and settings.urgent_decision_hours is not None:
        return received_at + dt.timedelta(hours=settings.urgent_decision_hours), cal.version
    return cal.due_within_working_days(received_at, settings.decision_working_days), cal.version


def info_request_due_at(sent_at: dt.datetime, *, urgent: bool) -> dt.datetime:
    settings = rules.current("front_door")
    hours = (
        settings.partner_info_urgent_working_hours
        if urgent
        else settings.partner_info_working_hours
    )
    return calendar().add_working_time(sent_at, dt.timedelta(hours=hours))


@dataclass(frozen=True)
class Clock:
    due_at: dt.datetime
    state: str
    working_time_left: dt.timedelta  # negative when overdue

    @property
    def label(self) -> str:
        return {
            ON_TIME: "On time",
            DUE_SOON: "Due soon",
            OVERDUE: "Overdue",
            DONE_ON_TIME: "Decided in time",
            DONE_LATE: "Decided late",
        }[self.state]

    @property
    def tag_class(self) -> str:
        return {
            ON_TIME: "govuk-tag--green",
            DUE_SOON: "govuk-tag--yellow",
            OVERDUE: "govuk-tag--red",
            DONE_ON_TIME: "govuk-tag--grey",
            DONE_LATE: "govuk-tag--orange",
        }[self.state]

    @property
    def is_breached(self) -> bool:
        return self.state in (OVERDUE, DONE_LATE)

    @property
    def time_left_text(self) -> str:
        if self.state in (DONE_ON_TIME, DONE_LATE):
            return "–"
        if self.state == OVERDUE:
            if self.working_time_left >= dt.timedelta(0):
                return "Overdue"
            return f"{duration_text(-self.working_time_left)} overdue"
        return f"{duration_text(self.working_time_left)} left"


def duration_text(delta: dt.timedelta) -> str:
    """Working time in words: '3 h 20 min', '45 min', '2 working days 1 h'."""
    minutes = int(delta.total_seconds() // 60)
    day_minutes = int(calendar().working_day_length.total_seconds() // 60)
    days, rest = divmod(minutes, day_minutes)
    hours, mins = divmod(rest, 60)
    parts = []
    if days:
        parts.append(f"{days} working day{'s' if days != 1 else ''}")
    if hours:
        parts.append(f"{hours} h")
    if mins or not parts:
        parts.append(f"{mins} min")
    return " ".join(parts)


def runs_in_elapsed_time(contact) -> bool:
    """An urgent contact whose rules gave it the same-day clock counts hours, not working hours."""
    settings = rules.get("front_door", contact.rules_version)
    return bool(contact.urgent and settings.urgent_decision_hours is not None)


def clock_for(
    *,
    due_at: dt.datetime,
    now: dt.datetime,
    done_at: dt.datetime | None = None,
    elapsed: bool = False,
) -> Clock:
    """Where a clock stands: on time, due soon (within the near-breach window of working
    hours), overdue; or, once done, whether it was done in time. An `elapsed` clock (an urgent
    contact's same-day clock) counts every hour, in or out of working hours."""
    cal = calendar()

    def between(start: dt.datetime, end: dt.datetime) -> dt.timedelta:
        return end - start if elapsed else cal.working_time_between(start, end)

    if done_at is not None:
        state = DONE_ON_TIME if done_at <= due_at else DONE_LATE
        return Clock(due_at, state, between(done_at, due_at))
    left = between(now, due_at)
    if now > due_at:
        state = OVERDUE  # (out of hours no working time passes, so left may be zero)
    elif left <= dt.timedelta(hours=rules.current("front_door").near_breach_working_hours):
        state = DUE_SOON
    else:
        state = ON_TIME
    return Clock(due_at, state, left)
