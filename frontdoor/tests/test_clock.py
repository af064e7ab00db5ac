"""The contact clock on the working-day calendar: weekends, bank holidays (Christmas and New
Year, Easter, moved and one-off bank holidays), out-of-hours receipt and the clock's states."""

import datetime as dt

import pytest
import time_machine

from frontdoor import clock
from frontdoor.models import Contact

from .conftest import at
from .helpers import send_concern

DUE = [
    # (received, due, why)
    (at(2026, 11, 23, 15, 0), at(2026, 11, 24, 15, 0), "Monday afternoon: Tuesday, same time"),
    (at(2026, 11, 27, 15, 0), at(2026, 11, 30, 15, 0), "Friday afternoon: over the weekend"),
    (at(2026, 11, 27, 18, 30), at(2026, 11, 30, 17, 0), "Friday evening: all of Monday"),
    (at(2026, 11, 28, 11, 0), at(2026, 11, 30, 17, 0), "Saturday: all of Monday"),
    (at(2026, 11, 23, 7, 30), at(2026, 11, 23, 17, 0), "before hours: that working day"),
    (at(2026, 11, 23, 17, 0), at(2026, 11, 24, 17, 0), "at closing time: the next day"),
    (
        at(2026, 12, 24, 15, 0),
        at(2026, 12, 29, 15, 0),
        "Christmas Eve: Christmas, Boxing Day "
        "(Saturday, observed on Monday 28th) and the weekend skipped",
    ),
    (at(2026, 12, 31, 16, 0), at(2027, 1, 4, 16, 0), "New Year's Eve: New Year's Day skipped"),
    (at(2026, 4, 2, 10, 0), at(2026, 4, 7, 10, 0), "before Easter: Good Friday to Easter Monday"),
    (
        at(2020, 5, 7, 12, 0),
        at(2020, 5, 11, 12, 0),
        "2020: May bank holiday moved to Friday 8 May (VE Day)",
    ),
    (at(2020, 5, 4, 10, 0), at(2020, 5, 5, 10, 0), "2020: Monday 4 May was a working day"),
    (at(2023, 5, 5, 14, 0), at(2023, 5, 9, 14, 0), "2023: coronation bank holiday on Monday"),
    (at(2026, 3, 27, 15, 0), at(2026, 3, 30, 15, 0), "clocks go forward over the weekend"),
]


@pytest.mark.parametrize(("received", "due", "why"), DUE, ids=[d[2] for d in DUE])
def test_contact_due_one_working_day_after_receipt(received, due, why):
    got, version = clock.contact_due_at(received)
    assert got == due, why
    assert version  # the calendar version is recorded with the contact


def test_due_time_is_stored_in_utc_and_shown_in_london():
    due, _ = clock.contact_due_at(at(2026, 6, 1, 10, 0))  # British Summer Time
    assert due.utcoffset() == dt.timedelta(hours=1)
    assert due.astimezone(dt.UTC).hour == 9


@pytest.mark.parametrize(
    ("now", "state", "text"),
    [
        (at(2026, 11, 23, 16, 0), clock.ON_TIME, "1 working day left"),  # due Tue 16:00
        (at(2026, 11, 24, 14, 30), clock.DUE_SOON, "1 h 30 min left"),
        (at(2026, 11, 24, 16, 30), clock.OVERDUE, "30 min overdue"),
        (at(2026, 11, 24, 19, 0), clock.OVERDUE, "1 h overdue"),  # no working time after 17:00
        (at(2026, 11, 25, 10, 0), clock.OVERDUE, "2 h overdue"),
    ],
)
def test_clock_states(now, state, text):
    c = clock.clock_for(due_at=at(2026, 11, 24, 16, 0), now=now)
    assert c.state == state
    assert c.time_left_text == text
    assert c.is_breached is (state == clock.OVERDUE)


def test_overdue_out_of_hours_with_no_working_time_passed():
    c = clock.clock_for(due_at=at(2026, 11, 24, 17, 0), now=at(2026, 11, 24, 20, 0))
    assert c.state == clock.OVERDUE
    assert c.time_left_text == "Overdue"


def test_done_clock_says_whether_it_was_in_time():
    due = at(2026, 11, 24, 16, 0)
    assert clock.clock_for(due_at=due, now=due, done_at=at(2026, 11, 24, 15, 0)).state == (
        clock.DONE_ON_TIME
    )
    late = clock.clock_for(due_at=due, now=due, done_at=at(2026, 11, 25, 9, 30))
    assert late.state == clock.DONE_LATE
    assert late.is_breached


def test_partner_information_due_in_working_hours():
    sent = at(2026, 11, 27, 15, 0)  # Friday 15:00: 4 working hours -> Monday 11:00
    assert clock.info_request_due_at(sent, urgent=False) == at(2026, 11, 30, 11, 0)
    assert clock.info_request_due_at(sent, urgent=True) == at(2026, 11, 27, 16, 0)


@pytest.mark.django_db
def test_a_contact_received_out_of_hours_before_a_bank_holiday(dsl_involved, smith_family):
    """Integration: a concern sent on the evening of Thursday 24 December 2026."""
    with time_machine.travel(at(2026, 12, 24, 19, 45), tick=False):
        concern = send_concern(dsl_involved.user, family=smith_family, people=[smith_family.jaden])
    contact = Contact.objects.get(concern=concern)
    assert contact.received_at == at(2026, 12, 24, 19, 45)
    assert contact.due_at == at(2026, 12, 29, 17, 0)  # all of Tuesday 29th
    assert contact.calendar_version == "demo-2026-1"


def test_an_urgent_clock_counts_every_hour_out_of_hours():
    """Red runs to completion out of hours: a contact due at 1am is 3 h away at 10pm, not
    'due soon' for want of working time; the ordinary clock would count none."""
    due, now = at(2026, 12, 9, 1, 0), at(2026, 12, 8, 22, 0)
    urgent = clock.clock_for(due_at=due, now=now, elapsed=True)
    assert (urgent.state, urgent.time_left_text) == (clock.ON_TIME, "3 h left")
    assert clock.clock_for(due_at=due, now=now).state == clock.DUE_SOON
    late = clock.clock_for(due_at=due, now=at(2026, 12, 9, 2, 30), elapsed=True)
    assert (late.state, late.time_left_text) == (clock.OVERDUE, "1 h 30 min overdue")
