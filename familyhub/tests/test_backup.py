"""The restore drill (issue 16): a backup restored into a fresh database whose audit trail is
verified by `familyhub audit verify` in a separate process — on SQLite through the online
backup API, on PostgreSQL through pg_dump and pg_restore (whichever this run uses)."""

import sqlite3

import pytest
from django.db import connection

import audit
from audit.models import Verb
from familyhub import backup

pytestmark = pytest.mark.django_db(transaction=True)


def _write_events(n: int) -> None:
    for i in range(n):
        audit.record("restore drill test", Verb.VIEW, None, reason=f"synthetic event {i}")


def _drill(tmp_path, **kwargs):
    url = backup.database_url()
    raw = connection.connection if connection.vendor == "sqlite" else None
    if raw is None:
        connection.ensure_connection()
    return backup.drill(url, backup_dir=tmp_path, connection=raw, **kwargs)


def test_a_restored_backup_verifies_and_holds_what_was_written(tmp_path):
    connection.ensure_connection()
    _write_events(5)
    result = _drill(tmp_path, from_file=None)
    assert result.verified, result.verify_output
    assert "Audit chain intact: 5 events verified" in result.verify_output
    assert result.counts["audit_auditevent"] == 5
    assert result.backup.exists()
    assert "Drill PASSED" in backup.report(result)


def test_a_tampered_backup_fails_the_drill(tmp_path):
    connection.ensure_connection()
    _write_events(4)
    if connection.vendor != "sqlite":
        pytest.skip("tampering is done in the SQLite copy; PostgreSQL's file is pg_dump's format")
    made = backup.backup(
        backup.database_url(), tmp_path / "copy.sqlite3", connection=connection.connection
    )
    with sqlite3.connect(made) as db:  # someone with the file edits an event
        triggers = db.execute("SELECT name FROM sqlite_master WHERE type='trigger'").fetchall()
        for (name,) in triggers:
            db.execute(f'DROP TRIGGER "{name}"')
        second = db.execute("SELECT min(id) + 1 FROM audit_auditevent").fetchone()[0]
        db.execute("UPDATE audit_auditevent SET reason='nothing to see' WHERE id=?", [second])
    result = _drill(tmp_path, from_file=made)
    assert not result.verified
    assert "its content was changed after it was written" in result.verify_output
    assert "Drill FAILED" in backup.report(result)


def test_a_drill_with_no_database_says_so_plainly(tmp_path, monkeypatch, capsys):
    missing = tmp_path / "nothing-here.sqlite3"
    monkeypatch.setattr(backup, "database_url", lambda: f"sqlite:///{missing}")
    assert backup.main([f"--dir={tmp_path}"], command="drill-restore") == 2
    said = capsys.readouterr().err
    assert f"there is no database at {missing} to back up" in said
    assert not missing.exists()
    assert not list(tmp_path.glob("familyhub-*"))  # no backup of nothing was made
