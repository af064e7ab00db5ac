"""Anchors catch what the hash chain alone cannot: the newest events cut off, or the whole
chain rebuilt by someone with full database rights."""

import json

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

import audit
from audit.anchor import verify_anchors, write_anchor
from audit.models import AuditEvent, Verb
from audit.recorder import GENESIS, HASHED_FIELDS, event_hash
from audit.tests.test_audit import _disable_append_only_trigger
from audit.verify import verify_chain

pytestmark = pytest.mark.django_db

TABLE = AuditEvent._meta.db_table


@pytest.fixture
def anchors(settings, tmp_path):
    path = tmp_path / "anchors.jsonl"
    settings.FAMILYHUB = {**settings.FAMILYHUB, "AUDIT_ANCHOR_FILE": str(path)}
    return path


def _events(actor, n):
    return [audit.record(actor, Verb.VIEW, None, changes={"n": i}) for i in range(n)]


def test_anchor_records_the_signed_head_and_verifies(family_worker, anchors):
    assert write_anchor() is None  # nothing to anchor yet
    events = _events(family_worker.user, 3)
    anchor = write_anchor()
    line = json.loads(anchors.read_text().splitlines()[-1])
    assert line == anchor
    assert (anchor["event_id"], anchor["hash"], anchor["count"]) == (
        events[-1].pk,
        events[-1].hash,
        3,
    )
    _events(family_worker.user, 2)  # the trail grows after the anchor: still fine
    result = verify_anchors()
    assert result.ok
    assert result.checked == 1


def test_cutting_off_the_newest_events_is_caught(family_worker, anchors):
    events = _events(family_worker.user, 4)
    write_anchor()
    _disable_append_only_trigger()
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {TABLE} WHERE id >= %s", [events[2].pk])  # noqa: S608
    assert verify_chain().ok  # the chain alone cannot see a cut-off tail
    result = verify_anchors()
    assert not result.ok
    assert "missing" in result.problems[0]
    with pytest.raises(CommandError, match="anchors do not match"):
        call_command("audit", "verify")


def test_a_rebuilt_chain_is_caught(family_worker, anchors):
    """Someone with database rights edits an event and recomputes every hash after it."""
    events = _events(family_worker.user, 3)
    write_anchor()
    _disable_append_only_trigger()
    rows = list(AuditEvent.objects.order_by("pk").values("pk", *HASHED_FIELDS))
    rows[0]["reason"] = "nothing to see here"
    prev = GENESIS
    with connection.cursor() as cursor:
        for row in rows:
            digest = event_hash(prev, row)
            cursor.execute(
                f"UPDATE {TABLE} SET reason = %s, prev_hash = %s, hash = %s WHERE id = %s",  # noqa: S608
                [row["reason"], prev, digest, row["pk"]],
            )
            prev = digest
    assert verify_chain().ok  # a consistent, rebuilt chain
    result = verify_anchors()
    assert not result.ok
    assert f"event {events[-1].pk} no longer has the hash" in result.problems[0]


def test_a_forged_anchor_is_refused(family_worker, anchors):
    _events(family_worker.user, 2)
    anchor = write_anchor()
    anchor["count"] = 1
    anchors.write_text(json.dumps(anchor) + "\n")
    result = verify_anchors()
    assert result.problems == ["anchor line 1 is not signed with this key"]


def test_anchor_command(family_worker, anchors, capsys):
    _events(family_worker.user, 2)
    call_command("audit", "anchor")
    assert "Anchored event" in capsys.readouterr().out
    call_command("audit", "verify")
    assert "1 anchors match" in capsys.readouterr().out
