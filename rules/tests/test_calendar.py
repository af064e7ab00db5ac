import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from rules import WorkingCalendar, calendar

LONDON = ZoneInfo("Europe/London")


def at(y, m, d, hh=0, mm=0):
    return dt.datetime(y, m, d, hh, mm, tzinfo=LONDON)


@pytest.fixture
def cal():
    return calendar()


@pytest.mark.parametrize(
    ("day", "working"),
    [
        (dt.date(2026, 11, 23), True),  # Monday
        (dt.date(2026, 11, 28), False),  # Saturday
        (dt.date(2026, 12, 25), False),  # Christmas Day (Friday)
        (dt.date(2026, 12, 28), False),  # Boxing Day (observed): Boxing Day is a Saturday
        (dt.date(2027, 1, 1), False),  # New Year's Day
        (dt.date(2026, 4, 3), False),  # Good Friday
        (dt.date(2026, 4, 6), False),  # Easter Monday
        (dt.date(2020, 5, 8), False),  # early May bank holiday moved to Friday for VE Day
        (dt.date(2020, 5, 4), True),  # ... so the usual Monday was a working day
        (dt.date(2022, 6, 2), False),  # spring bank holiday moved for the Platinum Jubilee
        (dt.date(2022, 5, 30), True),
        (dt.date(2022, 9, 19), False),  # one-off: state funeral
    ],
)
def test_working_days_follow_england_and_wales_bank_holidays(cal, day, working):
    assert cal.is_working_day(day) is working


def test_adding_working_days_skips_christmas_and_new_year(cal):
    # Wednesday 23 Dec 2026 + 3 working days: 24th, (25th, 26-27 weekend, 28th holidays),
    # 29th, 30th.
    assert cal.add_working_days(dt.date(2026, 12, 23), 3) == dt.date(2026, 12, 30)
    assert cal.add_working_days(dt.date(2026, 12, 31), 1) == dt.date(2027, 1, 4)
    assert cal.add_working_days(dt.date(2026, 11, 23), 0) == dt.date(2026, 11, 23)


def test_working_days_between(cal):
    assert cal.working_days_between(dt.date(2026, 11, 23), dt.date(2026, 11, 30)) == 5
    assert cal.working_days_between(dt.date(2026, 11, 30), dt.date(2026, 11, 23)) == 0
    # Easter: Thu 2 Apr 2026 to Tue 7 Apr: Good Friday and Easter Monday do not count.
    assert cal.working_days_between(dt.date(2026, 4, 2), dt.date(2026, 4, 7)) == 1


@pytest.mark.parametrize(
    ("received", "due"),
    [
        (at(2026, 11, 23, 15, 0), at(2026, 11, 24, 15, 0)),  # in hours: same time next day
        (at(2026, 11, 23, 7, 30), at(2026, 11, 23, 17, 0)),  # before hours: clock starts 09:00
        (at(2026, 11, 27, 18, 0), at(2026, 11, 30, 17, 0)),  # Friday evening -> Monday
        (at(2026, 11, 28, 11, 0), at(2026, 11, 30, 17, 0)),  # Saturday -> Monday
        (at(2026, 12, 24, 16, 0), at(2026, 12, 29, 16, 0)),  # Christmas Eve -> after Boxing Day
        (at(2026, 4, 2, 10, 0), at(2026, 4, 7, 10, 0)),  # before Easter -> Tuesday after
    ],
)
def test_one_working_day_clock(cal, received, due):
    assert cal.due_within_working_days(received, 1) == due


def test_clock_across_the_clocks_going_back(cal):
    # Saturday 24 Oct 2026 (BST) -> clocks go back Sunday 25th -> due Monday 17:00 GMT.
    due = cal.due_within_working_days(at(2026, 10, 24, 12, 0), 1)
    assert due == at(2026, 10, 26, 17, 0)
    assert due.utcoffset() == dt.timedelta(0)


def test_working_time_between_counts_only_working_hours(cal):
    assert cal.working_time_between(at(2026, 11, 27, 16, 0), at(2026, 11, 30, 10, 0)) == (
        dt.timedelta(hours=2)
    )
    assert cal.working_time_between(at(2026, 11, 30, 10, 0), at(2026, 11, 27, 16, 0)) == (
        -dt.timedelta(hours=2)
    )


def test_partnership_closure_days_and_hours_are_configurable():
    cal = WorkingCalendar(
        version="test",
        zone=LONDON,
        day_start=dt.time(8, 0),
        day_end=dt.time(18, 0),
        weekdays=frozenset(range(5)),
        closures=frozenset({dt.date(2026, 11, 24)}),
    )
    assert not cal.is_working_day(dt.date(2026, 11, 24))
    assert cal.due_within_working_days(at(2026, 11, 23, 12, 0)) == at(2026, 11, 25, 12, 0)
    assert cal.working_day_length == dt.timedelta(hours=10)
