"""`familyhub link` killed for real (SIGKILL, mid-file, in the middle of a batch) and run
again: no half batch, no duplicate, and the re-run carries on. The command runs as its own
process on a database file of this test's own, because a killed process must be a separate
one. Batches of 3 rows: the kill comes in the second batch (rows 4 to 6), after its rows were
written and before it commits."""

import os
import signal
import sqlite3
import subprocess
import sys
from pathlib import Path

from linkage import actions, batch, prefetch

from .conftest import SCHOOL_ROLL

ROOT = Path(__file__).resolve().parents[2]
READABLE_ROWS = 8  # the school roll has 10 rows, 2 of which cannot be read
BATCH = "3"
FIRST_BATCH = ["NGP-0001", "NGP-0002", "NGP-0003"]


def _manage(env, *args):
    return subprocess.run(  # noqa: S603 - fixed argv
        [sys.executable, str(ROOT / "manage.py"), *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )


def _counts(db: Path) -> dict:
    with sqlite3.connect(db) as conn:
        one = lambda sql: conn.execute(sql).fetchone()  # noqa: E731
        return {
            "records": one("SELECT COUNT(*) FROM linkage_sourcerecord")[0],
            "distinct_records": one(
                "SELECT COUNT(DISTINCT source || source_record_id) FROM linkage_sourcerecord"
            )[0],
            "unlinked_records": one(
                "SELECT COUNT(*) FROM linkage_sourcerecord WHERE person_id IS NULL"
            )[0],
            "people": one("SELECT COUNT(*) FROM people_person")[0],
            "record_ids": [
                r for (r,) in conn.execute("SELECT source_record_id FROM linkage_sourcerecord")
            ],
            "rows_done": [r for (r,) in conn.execute("SELECT rows_done FROM linkage_linkrun")],
            "audit": one("SELECT COUNT(*) FROM audit_auditevent")[0],
            "runs": [r for r in conn.execute("SELECT status FROM linkage_linkrun ORDER BY id")],
        }


def test_link_killed_with_sigkill_carries_on_when_run_again(tmp_path):
    db = tmp_path / "link.sqlite3"
    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{db}",
        "DJANGO_SETTINGS_MODULE": "familyhub.settings.test",
        batch.BATCH_ENV: BATCH,
    }
    env.pop(actions.KILL_AFTER_ENV, None)
    assert _manage(env, "migrate", "-v0").returncode == 0

    killed = _manage(
        {**env, actions.KILL_AFTER_ENV: "5"}, "link", str(SCHOOL_ROLL), "--source", "school-roll"
    )
    assert killed.returncode == -signal.SIGKILL  # really killed, mid-file
    after_kill = _counts(db)
    # The first batch whole, nothing of the second (written, never committed): its new
    # person (Priya Sharma, row 6), her record and their audit events are not there.
    assert sorted(after_kill["record_ids"]) == FIRST_BATCH
    assert after_kill["rows_done"] == [3]
    assert after_kill["people"] == 3  # one a row: nobody matched the empty register
    assert after_kill["unlinked_records"] == 0
    assert after_kill["runs"] == [("running",)]  # nobody got to close the run

    again = _manage(env, "link", str(SCHOOL_ROLL), "--source", "school-roll", "--quiet")
    assert again.returncode == 0, again.stderr
    done = _counts(db)
    assert done["records"] == done["distinct_records"] == READABLE_ROWS
    assert done["unlinked_records"] == 0
    assert done["runs"] == [("interrupted",), ("finished",)]
    assert done["people"] == READABLE_ROWS
    assert done["rows_done"] == [3, 10]  # the re-run read the whole file
    verify = _manage(env, "audit", "verify")
    assert verify.returncode == 0, verify.stdout + verify.stderr

    third = _manage(env, "link", str(SCHOOL_ROLL), "--source", "school-roll", "--quiet")
    assert third.returncode == 0
    per_run = ("runs", "rows_done")
    assert {k: v for k, v in _counts(db).items() if k not in per_run} == {
        k: v for k, v in done.items() if k not in per_run
    }  # idempotent: nobody new, no record twice, nothing audited (nothing changed)


def _processes_with(mark: str) -> list[int]:
    """The live processes whose environment holds this mark (read from /proc: Linux)."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            environ = (entry / "environ").read_bytes()
            state = (entry / "stat").read_text().split(") ")[-1][:1]
        except OSError:
            continue
        if mark.encode() in environ.split(b"\0") and state != "Z":
            found.append(int(entry.name))
    return found


def test_a_killed_run_takes_its_matcher_process_with_it(tmp_path):
    """On PostgreSQL the next batch is matched in a forked process (`prefetch.Prefetch`). When
    the run's process is killed, that process ends too, instead of waiting for a batch for
    ever with a database connection and the killed process's output pipes open (this very
    call would then never return)."""
    import uuid

    import psycopg
    import pytest
    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.skip("matching ahead runs on PostgreSQL only")
    params = connection.settings_dict
    name = f"familyhub_killed_{uuid.uuid4().hex[:8]}"
    server = f"postgres://{params['USER']}@{params['HOST']}:{params['PORT']}"
    with psycopg.connect(f"{server}/postgres", autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    mark = f"FAMILYHUB_TEST_MARK={name}"
    env = {
        **os.environ,
        "DATABASE_URL": f"{server}/{name}",
        "DJANGO_SETTINGS_MODULE": "familyhub.settings.test",
        batch.BATCH_ENV: BATCH,
        "FAMILYHUB_TEST_MARK": name,
    }
    env.pop(actions.KILL_AFTER_ENV, None)
    env.pop(prefetch.PREFETCH_ENV, None)
    try:
        assert _manage(env, "migrate", "-v0").returncode == 0
        killed = subprocess.run(  # noqa: S603 - fixed argv
            [sys.executable, str(ROOT / "manage.py"), "link", str(SCHOOL_ROLL)]
            + ["--source", "school-roll"],
            cwd=ROOT,
            env={**env, actions.KILL_AFTER_ENV: "5"},
            capture_output=True,
            timeout=120,
            check=False,
        )
        assert killed.returncode == -signal.SIGKILL
        assert _processes_with(mark) == []
        again = _manage(env, "link", str(SCHOOL_ROLL), "--source", "school-roll", "--quiet")
        assert again.returncode == 0, again.stderr
    finally:
        with psycopg.connect(f"{server}/postgres", autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
