import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django.core.management import call_command

from calendar_rules.models import ScheduledRun
from calendar_rules.schedule import run_due

LONDON = ZoneInfo("Europe/London")
pytestmark = pytest.mark.django_db(transaction=True)


def at(hour, minute=0, day=24):
    return dt.datetime(2026, 11, day, hour, minute, tzinfo=LONDON)


def test_daily_jobs_are_enqueued_once_when_due_and_the_worker_runs_them():
    assert run_due(now=at(1, 0)) == []  # nothing is due at 01:00
    first = run_due(now=at(7, 30))
    assert "casework.tasks.send_reminders" in first
    assert "audit.tasks.verify_audit_chain" in first
    assert run_due(now=at(7, 31)) == []  # once a day, however often it ticks
    assert run_due(now=at(7, 30, day=25)) == first  # and again the next day
    assert ScheduledRun.objects.filter(day=dt.date(2026, 11, 24)).count() == len(first)
    call_command("db_worker", "--batch", "--no-startup-delay", verbosity=0)
    from django_tasks_db.models import DBTaskResult

    assert set(DBTaskResult.objects.values_list("status", flat=True)) == {"SUCCESSFUL"}
