"""`familyhub serve` keeps the web server up when the task worker dies, and restarts the worker.

Issue 16: `kill -9` of the task worker during a linkage run made `familyhub serve` shut
gunicorn down too, and nothing restarted the worker. These tests really kill processes.
"""

import os
import signal
import sys

import pytest

from familyhub.cli import Supervisor

SLEEPER = [sys.executable, "-c", "import time; time.sleep(300)"]


@pytest.fixture
def supervisor():
    messages: list[str] = []
    sup = Supervisor(
        SLEEPER,
        {"task worker": SLEEPER, "scheduler": SLEEPER},
        backoff=0,
        max_restarts=2,
        window=600,
        log=messages.append,
    )
    sup.messages = messages
    sup.start()
    yield sup
    sup.stop()
    for child in sup.children():
        child.wait(timeout=10)


def _kill(child) -> None:
    os.kill(child.pid, signal.SIGKILL)
    child.wait(timeout=10)


def test_a_killed_worker_is_restarted_and_the_web_server_keeps_running(supervisor):
    web, worker = supervisor.web, supervisor.helpers["task worker"]
    _kill(worker)
    assert supervisor.check() is True  # the web server is still up: carry on
    restarted = supervisor.helpers["task worker"]
    assert restarted.pid != worker.pid
    assert restarted.poll() is None
    assert supervisor.web is web
    assert web.poll() is None
    assert supervisor.messages == [
        f"The task worker stopped (exit {-signal.SIGKILL}); starting it again"
    ]


def test_a_worker_that_keeps_dying_is_left_down_without_taking_the_web_server(supervisor):
    for _ in range(3):
        _kill(supervisor.helpers["task worker"])
        supervisor.check()
    assert supervisor.helpers["task worker"] is None
    assert "keeps stopping" in supervisor.messages[-1]
    assert supervisor.web.poll() is None
    assert supervisor.helpers["scheduler"].poll() is None


def test_the_web_server_ending_ends_the_service(supervisor):
    _kill(supervisor.web)
    assert supervisor.check() is False
