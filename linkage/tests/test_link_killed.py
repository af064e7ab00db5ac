"""`familyhub link` killed for real (SIGKILL, mid-file) and run again: no half-imported row,
no duplicate, and the re-run carries on. The command runs as its own process on a database
file of this test's own, because a killed process must be a separate one."""

import os
import signal
import sqlite3
import subprocess
import sys
from pathlib import Path

from linkage import actions

from .conftest import SCHOOL_ROLL

ROOT = Path(__file__).resolve().parents[2]
READABLE_ROWS = 8  # the school roll has 10 rows, 2 of which cannot be read


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
            "runs": [r for r in conn.execute("SELECT status FROM linkage_linkrun ORDER BY id")],
        }


def test_link_killed_with_sigkill_carries_on_when_run_again(tmp_path):
    db = tmp_path / "link.sqlite3"
    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{db}",
        "DJANGO_SETTINGS_MODULE": "familyhub.settings.test",
    }
    env.pop(actions.KILL_AFTER_ENV, None)
    assert _manage(env, "migrate", "-v0").returncode == 0

    killed = _manage(
        {**env, actions.KILL_AFTER_ENV: "5"}, "link", str(SCHOOL_ROLL), "--source", "school-roll"
    )
    assert killed.returncode == -signal.SIGKILL  # really killed, mid-file
    after_kill = _counts(db)
    assert 0 < after_kill["records"] < READABLE_ROWS  # some rows in, not all
    assert after_kill["unlinked_records"] == 0  # no half-imported row: each is whole
    assert after_kill["runs"] == [("running",)]  # nobody got to close the run

    again = _manage(env, "link", str(SCHOOL_ROLL), "--source", "school-roll", "--quiet")
    assert again.returncode == 0, again.stderr
    done = _counts(db)
    assert done["records"] == done["distinct_records"] == READABLE_ROWS
    assert done["unlinked_records"] == 0
    assert done["runs"] == [("interrupted",), ("finished",)]

    third = _manage(env, "link", str(SCHOOL_ROLL), "--source", "school-roll", "--quiet")
    assert third.returncode == 0
    assert {k: v for k, v in _counts(db).items() if k != "runs"} == {
        k: v for k, v in done.items() if k != "runs"
    }  # idempotent: nobody new, no record twice
