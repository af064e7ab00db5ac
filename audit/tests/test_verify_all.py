"""The chain verifies whatever clock or zone wrote it, and verification reports every problem.

Issue 16: the demo loader wrote events under a Europe/London clock, the hash covered the
"+01:00" form while the database keeps UTC, so `audit verify` reported a break that was not
one -- and stopped there, so a real edit later on went unseen.
"""

import datetime as dt
import json
from unittest import mock
from zoneinfo import ZoneInfo

import pytest
from django.core.management import CommandError, call_command

import audit
from audit.models import AuditEvent, Verb
from audit.recorder import GENESIS, HASHED_FIELDS, event_hash
from audit.tests.test_audit import _disable_append_only_trigger, _raw
from audit.verify import verify_chain

pytestmark = pytest.mark.django_db

ZONES = [
    ZoneInfo("Europe/London"),  # BST in July: +01:00
    ZoneInfo("America/New_York"),
    ZoneInfo("Asia/Kolkata"),  # +05:30
    ZoneInfo("Pacific/Chatham"),  # +12:45
    dt.timezone(dt.timedelta(hours=-3, minutes=-30)),
    dt.UTC,
]


def _at(moment):
    return mock.patch("django.utils.timezone.now", return_value=moment)


def _clocks():
    """The same kinds of moment a clock might give: whole seconds and microseconds, summer
    and winter, in each zone."""
    for zone in ZONES:
        for base in (dt.datetime(2025, 7, 1, 10, 30), dt.datetime(2025, 1, 15, 23, 59, 59, 7)):
            yield base.replace(tzinfo=zone)


def test_events_written_under_any_zone_or_clock_verify(family_worker, smith_family):
    written = []
    for moment in _clocks():
        with _at(moment):
            written.append(audit.record(family_worker.user, Verb.VIEW, smith_family))
    result = verify_chain()
    assert result.ok, result.problems
    assert result.checked == AuditEvent.objects.count()
    stored = AuditEvent.objects.get(pk=written[0].pk).at
    assert stored == dt.datetime(2025, 7, 1, 9, 30, tzinfo=dt.UTC)  # the same instant


def test_changes_that_json_reshapes_still_verify(family_worker):
    audit.record(family_worker.user, Verb.UPDATE, None, changes={1: ("a", "b"), "n": [1.5, None]})
    assert verify_chain().ok


def test_tampering_an_early_and_a_late_event_reports_both(family_worker):
    events = [audit.record(family_worker.user, Verb.VIEW, None, changes={"n": i}) for i in range(6)]
    early, late = events[1], events[4]
    _disable_append_only_trigger()
    _raw("UPDATE {table} SET actor_label = %s WHERE id = %s", ["Somebody Else", early.pk])
    _raw("UPDATE {table} SET reason = %s WHERE id = %s", ["covered up", late.pk])
    result = verify_chain()
    assert [p.event_id for p in result.problems] == [early.pk, late.pk]
    assert all("changed" in p.problem for p in result.problems)
    assert result.checked == AuditEvent.objects.count()


def test_a_removed_event_and_a_later_edit_are_both_reported(family_worker):
    events = [audit.record(family_worker.user, Verb.VIEW, None, changes={"n": i}) for i in range(6)]
    _disable_append_only_trigger()
    _raw("DELETE FROM {table} WHERE id = %s", [events[1].pk])
    _raw("UPDATE {table} SET verb = %s WHERE id = %s", ["delete", events[4].pk])
    problems = [(p.event_id, p.problem) for p in verify_chain().problems]
    assert [pk for pk, _ in problems] == [events[2].pk, events[4].pk]
    assert "removed or inserted" in problems[0][1]
    assert "changed" in problems[1][1]


def test_the_command_lists_every_problem(family_worker, capsys):
    events = [audit.record(family_worker.user, Verb.VIEW, None, changes={"n": i}) for i in range(5)]
    _disable_append_only_trigger()
    for event in (events[0], events[3]):
        _raw("UPDATE {table} SET object_label = %s WHERE id = %s", ["edited", event.pk])
    with pytest.raises(CommandError) as caught:
        call_command("audit", "verify")
    message = str(caught.value)
    assert f"BROKEN at event {events[0].pk}" in message
    assert f"event {events[0].pk}: its content was changed" in message
    assert f"event {events[3].pk}: its content was changed" in message


def _legacy_event(prev, moment, **fields):
    """An event as the code before hash forms wrote it: form 1, hashed with the clock's offset."""
    values = {name: "" for name in HASHED_FIELDS}
    values.update(
        at=moment,
        actor_id=None,
        actor_label="demo loader",
        actor_role="system",
        verb="view",
        family_id=None,
        person_id=None,
        changes={},
        ip_address=None,
        **fields,
    )
    event = AuditEvent(prev_hash=prev, hash=event_hash(prev, values, form=1), **values)
    event.save()
    return event


def test_old_events_written_under_the_london_clock_still_verify(family_worker):
    london = ZoneInfo("Europe/London")
    head = AuditEvent.objects.order_by("-pk").values_list("hash", flat=True).first()
    first = _legacy_event(head or GENESIS, dt.datetime(2025, 7, 1, 10, 30, tzinfo=london))
    second = _legacy_event(first.hash, dt.datetime(2025, 7, 2, 9, 0, 5, 120, tzinfo=dt.UTC))
    third = _legacy_event(second.hash, dt.datetime(2025, 12, 1, 10, 0, tzinfo=london))
    assert third.hash_form is None
    new = audit.record(family_worker.user, Verb.VIEW, None)
    assert new.prev_hash == third.hash
    assert new.hash_form == 2
    result = verify_chain()
    assert result.ok, result.problems
    # ...and an old event that is edited is still caught.
    _disable_append_only_trigger()
    _raw("UPDATE {table} SET actor_label = %s WHERE id = %s", ["someone", second.pk])
    assert [p.event_id for p in verify_chain().problems] == [second.pk]


def test_a_new_event_cannot_be_passed_off_as_the_old_form(family_worker):
    event = audit.record(family_worker.user, Verb.VIEW, None)
    _disable_append_only_trigger()
    _raw("UPDATE {table} SET hash_form = NULL WHERE id = %s", [event.pk])
    assert [p.event_id for p in verify_chain().problems] == [event.pk]


def test_the_task_returns_every_problem(family_worker):
    from audit.tasks import verify_audit_chain

    events = [audit.record(family_worker.user, Verb.VIEW, None) for _ in range(3)]
    _disable_append_only_trigger()
    for event in (events[0], events[2]):
        _raw("UPDATE {table} SET user_agent = %s WHERE id = %s", ["x", event.pk])
    outcome = verify_audit_chain.call()
    assert [p["event_id"] for p in outcome["problems"]] == [events[0].pk, events[2].pk]
    assert json.dumps(outcome)  # serialisable for the task backend
