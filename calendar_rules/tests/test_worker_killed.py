"""Fault test (issue 16): the real task worker (`familyhub worker`, as `familyhub serve` runs it)
is killed with SIGKILL in the middle of a task; the supervisor starts it again, the task is
retried once and finishes, and nothing it did is done twice. A worker that dies in the same
task again leaves it failed, not retried for ever."""

import json
import os
import signal
import sqlite3
import sys
import time
from pathlib import Path

import pytest
from django.db import connection

from calendar_rules.tests.fault_tasks import ten_steps
from familyhub import backup
from familyhub.cli import Supervisor

pytestmark = pytest.mark.django_db(transaction=True)
SLEEPER = [sys.executable, "-c", "import time; time.sleep(600)"]
WORKER = [sys.executable, "-m", "familyhub.cli", "worker", "--interval", "0.2"]
WORKER += ["--no-startup-delay", "--verbosity", "0"]


def _wait(condition, seconds: float = 240.0, what: str = "") -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, f"waited {seconds} s for {what}"
        time.sleep(0.1)


@pytest.fixture
def shared_db(tmp_path, monkeypatch):
    """A database the worker processes share with the test: PostgreSQL's test database, or on
    SQLite a file copy of the in-memory test database (through the online backup API)."""
    connection.ensure_connection()
    if connection.vendor == "sqlite":
        path = tmp_path / "shared.sqlite3"

        def share():
            backup.backup("sqlite://", path, connection=connection.connection)
            monkeypatch.setenv("DATABASE_URL", f"sqlite:///{path}")

        def status(pk):
            with sqlite3.connect(path) as db:
                return db.execute(
                    "SELECT status, worker_ids FROM django_tasks_database_dbtaskresult WHERE id=?",
                    [str(pk).replace("-", "")],
                ).fetchone()
    else:
        monkeypatch.setenv("DATABASE_URL", backup.database_url())

        def share():
            return None

        def status(pk):
            with connection.cursor() as cursor:
                cursor.execute(
                    "SELECT status, worker_ids FROM django_tasks_database_dbtaskresult WHERE id=%s",
                    [str(pk)],
                )
                return cursor.fetchone()

    return share, status


def _supervise():
    sup = Supervisor(SLEEPER, {"task worker": WORKER}, backoff=0, max_restarts=5, window=600)
    sup.log = lambda text: None
    sup.start()
    return sup


def _steps(folder: Path) -> int:
    return len(list(folder.glob("step-*")))


def test_a_worker_killed_mid_task_is_restarted_and_the_task_retried_once(tmp_path, shared_db):
    share, status = shared_db
    folder = tmp_path / "work"
    folder.mkdir()
    result = ten_steps.enqueue(str(folder))
    share()
    sup = _supervise()
    try:
        _wait(lambda: _steps(folder) >= 3, what="the task to be under way")
        killed = sup.helpers["task worker"]
        os.kill(killed.pid, signal.SIGKILL)
        killed.wait(timeout=30)
        assert sup.check() is True  # web server untouched; worker started again
        assert sup.helpers["task worker"].pid != killed.pid
        _wait(lambda: (status(result.id) or ("",))[0] == "SUCCESSFUL", what="the retry")
    finally:
        sup.stop()
        for child in sup.children():
            child.wait(timeout=30)
    attempts = (folder / "attempts.log").read_text().split()
    assert len(attempts) == 2  # the first run and one retry
    assert _steps(folder) == 10  # every step once: O_EXCL would have failed a second one
    assert {(folder / f"step-{i}").read_text() for i in range(3)} == {attempts[0]}
    _, claims = status(result.id)
    assert len(json.loads(claims) if isinstance(claims, str) else claims) == 2


def test_a_task_that_loses_its_worker_twice_is_failed_not_retried_again(tmp_path, shared_db):
    share, status = shared_db
    folder = tmp_path / "work"
    folder.mkdir()
    result = ten_steps.enqueue(str(folder), pause=5.0)
    share()
    sup = _supervise()
    try:
        for n in (1, 2):
            _wait(
                lambda n=n: (
                    len((folder / "attempts.log").read_text().split()) == n
                    if (folder / "attempts.log").exists()
                    else False
                ),
                what=f"attempt {n}",
            )
            os.kill(sup.helpers["task worker"].pid, signal.SIGKILL)
            sup.helpers["task worker"].wait(timeout=30)
            sup.check()
        _wait(lambda: (status(result.id) or ("",))[0] == "FAILED", what="the task to fail")
    finally:
        sup.stop()
        for child in sup.children():
            child.wait(timeout=30)
    assert len((folder / "attempts.log").read_text().split()) == 2
