"""Working days and working hours: the one module that does this arithmetic.

A working day is Monday to Friday except England & Wales bank holidays (from the maintained
`holidays` package, which includes substitute days and one-off bank holidays such as a
coronation or a state funeral) and any partnership closure days. Working hours are the
partnership's (calendar_rules/data/working_calendar.json). Datetimes are aware; arithmetic is
done in Europe/London and returned in the same zone.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from functools import cache, cached_property
from pathlib import Path
from zoneinfo import ZoneInfo

import holidays

DATA = Path(__file__).parent / "data" / "working_calendar.json"


@dataclass(frozen=True)
class WorkingCalendar:
    version: str
    zone: ZoneInfo
    day_start: dt.time
    day_end: dt.time
    weekdays: frozenset[int]
    closures: frozenset[dt.date]

    @cached_property
    def _bank_holidays(self):
        return holidays.UnitedKingdom(subdiv="ENG", years=range(2000, 2061))

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


@cache
def calendar() -> WorkingCalendar:
    data = json.loads(DATA.read_text(encoding="utf-8"))
    return WorkingCalendar(
        version=data["version"],
        zone=ZoneInfo(data["timezone"]),
        day_start=dt.time.fromisoformat(data["working_hours"]["start"]),
        day_end=dt.time.fromisoformat(data["working_hours"]["end"]),
        weekdays=frozenset(data["working_weekdays"]),
        closures=frozenset(dt.date.fromisoformat(d) for d in data["extra_closure_days"]),
    )
