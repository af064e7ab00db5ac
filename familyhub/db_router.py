"""A read replica for reports and dashboards (deploy/README.md, "Scale out").

When `FAMILYHUB_REPLICA_DATABASE_URL` is set, settings add a "replica" database (a PostgreSQL
streaming replica of the primary) and `settings.FAMILYHUB_REPLICA` names it. Reads go there
only inside a report scope, opened by the views of reports and dashboards
(`@reads_from_replica`) or around an export's own reading (`with replica_reads():`):

- every write goes to "default", always (an object read from the replica and saved is saved on
  the primary, never on the replica);
- reads of the apps in DEFAULT_ONLY_APPS stay on "default" even in a report scope: sign-in,
  sessions, users and their roles (the authorisation read for the report), audit events, the
  task queue;
- a read inside a transaction opened after the scope began (an action, `audit.record`: anything
  read in order to write) stays on "default";
- outside a report scope everything is on "default", as without a replica.

Unset, the router answers nothing and Django does exactly what it did before. The replica lags
the primary (normally under a second; longer while it replays a large write): a report may not
yet show what was saved a moment ago, and never anything newer than the primary.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

import dj_database_url
from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connections
from django.template.response import SimpleTemplateResponse

REPLICA = "replica"

# Their reads never leave the primary: who is signed in (and partner systems' keys), with what
# role and grants, the audit chain (read to be appended to), the task queue, Django's own.
DEFAULT_ONLY_APPS = frozenset(
    {
        "access",
        "api",  # partner systems' keys
        "audit",
        "auth",
        "axes",
        "contenttypes",
        "django_cache",  # the rate limits (FAMILYHUB_CACHE=database)
        "django_otp",
        "django_tasks_database",
        "organisations",
        "otp_totp",
        "sessions",
    }
)

# In a report scope: how many transactions "default" had open when the scope began.
_scope: ContextVar[int | None] = ContextVar("familyhub_replica_scope", default=None)


def replica_database(url: str, *, conn_max_age: int = 0) -> dict[str, Any]:
    """The "replica" entry of DATABASES for `url`. The connection refuses writes itself
    (PostgreSQL: read-only transactions; SQLite: query_only), whatever the router says."""
    config: dict[str, Any] = dict(dj_database_url.parse(url, conn_max_age=conn_max_age))
    if config["ENGINE"] == "django.db.backends.sqlite3":
        config["OPTIONS"] = {"timeout": 20, "init_command": "PRAGMA query_only=ON;"}
    else:
        config["OPTIONS"] = {"options": "-c default_transaction_read_only=on"}
    return config


def replica_alias() -> str:
    """The replica's alias, or "" when there is none."""
    return getattr(settings, "FAMILYHUB_REPLICA", "")


@contextmanager
def replica_reads() -> Iterator[None]:
    """Reads made here (and not inside a transaction opened here) come from the replica."""
    token = _scope.set(len(connections[DEFAULT_DB_ALIAS].atomic_blocks))
    try:
        yield
    finally:
        _scope.reset(token)


def reads_from_replica(view: Callable[..., Any]) -> Callable[..., Any]:
    """A report's or dashboard's view: its reads come from the replica (when there is one). A
    template response is rendered inside the scope, so its lazy reads do too."""

    @functools.wraps(view)
    def wrapped(request: Any, *args: Any, **kwargs: Any) -> Any:
        with replica_reads():
            response = view(request, *args, **kwargs)
            if isinstance(response, SimpleTemplateResponse) and not response.is_rendered:
                response.render()
        return response

    return wrapped


class ReplicaRouter:
    """settings.DATABASE_ROUTERS: see the module docstring."""

    def db_for_read(self, model: Any, **hints: Any) -> str | None:
        alias = replica_alias()
        if not alias:
            return None
        opened_at = _scope.get()
        if (
            opened_at is None
            or model._meta.app_label in DEFAULT_ONLY_APPS
            or len(connections[DEFAULT_DB_ALIAS].atomic_blocks) > opened_at
        ):
            return DEFAULT_DB_ALIAS
        return alias

    def db_for_write(self, model: Any, **hints: Any) -> str | None:
        return DEFAULT_DB_ALIAS if replica_alias() else None

    def allow_relation(self, obj1: Any, obj2: Any, **hints: Any) -> bool | None:
        """The replica holds the primary's rows: an object read from either may be related to
        one from the other (e.g. an audit event about a record the report read)."""
        alias = replica_alias()
        if not alias:
            return None
        both = {obj1._state.db, obj2._state.db}
        return True if both <= {DEFAULT_DB_ALIAS, alias} else None
