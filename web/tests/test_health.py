"""/healthz (alive, no database) and /readyz (database and task queue) with the database
refusing connections inside the suite, and recovering by itself when it answers again.

Issue 16: with PostgreSQL unreachable, /healthz and the sign-in POST answered 500; a load
balancer cannot tell "unavailable" from "broken".
"""

import contextlib
from unittest import mock

import pytest
from django.db import connection, connections
from django.test import Client

from conftest import PASSWORD

pytestmark = pytest.mark.django_db(transaction=True)


@contextlib.contextmanager
def database_refusing_connections():
    """The database goes away: the open connection is dropped (kept aside, as the server
    would drop it) and every new connection really goes to the driver, at an address where
    nothing answers (PostgreSQL: a closed port; SQLite: a file that cannot be opened). On
    leaving, connections are allowed again but nothing is reset: the app must recover by
    itself. `restore()` puts the suite's own connection back at the end of the test."""
    db = connections["default"]  # the wrapper itself (django.db.connection is a proxy)
    saved = dict(db.__dict__)
    params = db.get_connection_params()
    if db.vendor == "postgresql":
        refused = {**params, "host": "127.0.0.1", "port": 1}
    else:
        refused = {**params, "database": "file:/nonexistent/familyhub/refused.sqlite3?mode=rw"}
    db.connection = None
    with mock.patch.object(db, "get_connection_params", return_value=refused):
        yield saved


def _restore(saved) -> None:
    db = connections["default"]
    if db.connection is not None and db.connection is not saved["connection"]:
        db.connection.close()
    db.__dict__.clear()
    db.__dict__.update(saved)


@pytest.fixture
def browser():
    return Client(raise_request_exception=False)  # as a real server: a response, not a raise


def test_ready_when_the_database_and_queue_answer(browser):
    response = browser.get("/readyz")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ready"
    assert body["database"] == connection.vendor
    assert body["task_queue"] == "ok"
    assert body["tasks_waiting"] == 0


def test_database_down_is_503_then_recovers_by_itself(browser, family_worker):
    saved = None
    try:
        with database_refusing_connections() as saved:
            alive = browser.get("/healthz")
            ready = browser.get("/readyz")
            sign_in = browser.post(
                "/sign-in/", {"username": family_worker.user.email, "password": PASSWORD}
            )
            page = browser.get("/")
        assert alive.status_code == 200  # the process is alive: no restart wanted
        assert alive.json() == {"status": "ok"}
        assert ready.status_code == 503
        assert ready["Retry-After"]
        assert ready.json()["database"] == "unreachable"
        assert "The database cannot be reached" in ready.json()["message"]
        assert sign_in.status_code == 503
        assert "FamilyHub is unavailable" in sign_in.content.decode()
        assert sign_in["Retry-After"]
        assert page.status_code in (302, 503)  # anonymous: sent to sign in, or unavailable
        # The database answers again: the next requests connect anew, nothing restarted.
        assert browser.get("/readyz").status_code == 200
        signed_in = browser.post(
            "/sign-in/", {"username": family_worker.user.email, "password": PASSWORD}
        )
        assert signed_in.status_code == 302
    finally:
        if saved is not None:
            _restore(saved)


def test_other_errors_are_still_the_kind_500_page(browser, family_worker, monkeypatch):
    from web import views

    def broken(request):
        raise RuntimeError("a bug")

    monkeypatch.setattr(views.health, "readiness", broken)
    response = browser.get("/readyz")
    assert response.status_code == 500
    assert "Sorry, there is a problem with FamilyHub" in response.content.decode()
