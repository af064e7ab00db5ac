"""Working days and working hours: the one place this arithmetic is done.

A working day is one of the partnership's working weekdays (Monday to Friday) except England &
Wales bank holidays (from the maintained `holidays` package, which includes substitute days and
one-off bank holidays such as a coronation or a state funeral) and any partnership closure
days. Working hours are the partnership's. Both come from the `working_calendar` rule set
(rules/data/working_calendar/). Datetimes are aware; arithmetic is done in the calendar's zone
(Europe/London) and returned in the same zone.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import cached_property
from zoneinfo import ZoneInfo

import holidays

from .base import RuleSet, Values, kind

# Where each named bank-holiday table comes from (a data file names one).
BANK_HOLIDAYS = {
    "england_and_wales": lambda: holidays.UnitedKingdom(subdiv="ENG", years=range(2000, 2061)),
}


def _hours(value: dict) -> tuple[dt.time, dt.time]:
    start, end = dt.time.fromisoformat(value["start"]), dt.time.fromisoformat(value["end"])
    if not start < end:
        raise ValueError("the working day must end after it starts")
    return start, end


def _weekdays(value: list) -> frozenset[int]:
    if not value or any(isinstance(d, bool) or d not in range(7) for d in value):
        raise ValueError("weekdays are numbered 0 (Monday) to 6 (Sunday)")
    return frozenset(value)


def _days(value: list) -> frozenset[dt.date]:
    return frozenset(dt.date.fromisoformat(d) for d in value)


@kind("working_calendar")
@dataclass(frozen=True)
class WorkingCalendar(RuleSet):
    version: str
    zone: ZoneInfo
    day_start: dt.time
    day_end: dt.time
    weekdays: frozenset[int]
    closures: frozenset[dt.date]

    bank_holidays: str = "england_and_wales"

    @classmethod
    def from_rules(cls, values: Values, **meta) -> WorkingCalendar:
        hours = values.convert("working_hours", _hours, "{'start': 'HH:MM', 'end': 'HH:MM'}")
        weekdays = values.convert("working_weekdays", _weekdays, "a list of weekdays 0-6")
        table = values.text("bank_holidays")
        if table not in BANK_HOLIDAYS:
            raise values.fail("bank_holidays", f"must be one of {sorted(BANK_HOLIDAYS)}")
        return cls(
            zone=values.convert("timezone", ZoneInfo, "an IANA time zone"),
            day_start=hours[0],
            day_end=hours[1],
            weekdays=weekdays,
            closures=values.convert("extra_closure_days", _days, "a list of dates"),
            bank_holidays=table,
            **meta,
        )

    @cached_property
    def _bank_holidays(self):
        return BANK_HOLIDAYS[self.bank_holidays]()

    # --- days ------------------------------------------------------------------------------
    def is_bank_holiday(self, day: dt.date) -> bool:
        return day in self._bank_holidays

    def is_working_day(self, day: dt.date) -> bool:
        return (
            day.weekday() in self.weekdays
            and day not in self._bank_holidays
            and day not in self.closures
        )

    def next_working_day(self, day: dt.date) -> dt.date:
        """The first working day strictly after `day`."""
        day += dt.timedelta(days=1)
        while not self.is_working_day(day):
            day += dt.timedelta(days=1)
        return day

    def add_working_days(self, day: dt.date, n: int) -> dt.date:
        """`n` working days after `day` (day 0 is `day` itself, whatever it is)."""
        if n < 0:
            raise ValueError("n must not be negative")
        for _ in range(n):
            day = self.next_working_day(day)
        return day

    def working_days_between(self, start: dt.date, end: dt.date) -> int:
        """Working days after `start` up to and including `end` (0 if end <= start)."""
        count, day = 0, start
        while day < end:
            day += dt.timedelta(days=1)
            if self.is_working_day(day):
                count += 1
        return count

    # --- hours -----------------------------------------------------------------------------
    @property
    def working_day_length(self) -> dt.timedelta:
        return dt.datetime.combine(dt.date.min, self.day_end) - dt.datetime.combine(
            dt.date.min, self.day_start
        )

    def _at(self, day: dt.date, time: dt.time) -> dt.datetime:
        return dt.datetime.combine(day, time, tzinfo=self.zone)

    def clock_start(self, received: dt.datetime) -> dt.datetime:
        """When the working clock starts for something received at `received`: at once in
        working hours, otherwise at the start of the next working period."""
        local = received.astimezone(self.zone)
        day = local.date()
        if self.is_working_day(day):
            if local.timetz().replace(tzinfo=None) < self.day_start:
                return self._at(day, self.day_start)
            if local.timetz().replace(tzinfo=None) < self.day_end:
                return local
        return self._at(self.next_working_day(day), self.day_start)

    def add_working_time(self, start: dt.datetime, amount: dt.timedelta) -> dt.datetime:
        """`start` plus `amount` of working time, skipping nights, weekends and holidays."""
        current = self.clock_start(start)
        remaining = amount
        while True:
            end_today = self._at(current.date(), self.day_end)
            available = end_today - current
            if remaining <= available:
                return current + remaining
            remaining -= available
            current = self._at(self.next_working_day(current.date()), self.day_start)

    def due_within_working_days(self, received: dt.datetime, days: int = 1) -> dt.datetime:
        """Due time for a decision 'within N working days' of receipt, in working hours
        (received Monday 15:00 -> due Tuesday 15:00; received Friday 18:00 -> Monday 17:00)."""
        return self.add_working_time(received, self.working_day_length * days)

    def working_time_between(self, start: dt.datetime, end: dt.datetime) -> dt.timedelta:
        """Working time from `start` to `end` (negative when end is before start)."""
        if end < start:
            return -self.working_time_between(end, start)
        current, total = self.clock_start(start), dt.timedelta(0)
        end = end.astimezone(self.zone)
        while current < end:
            end_today = self._at(current.date(), self.day_end)
            total += min(end, end_today) - current
            current = self._at(self.next_working_day(current.date()), self.day_start)
        return total
