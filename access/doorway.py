"""One doorway for writes: every public action goes through `@action`.

    @action
    def family_update(*, by, family, expected_version, data):
        permit(policy.can_edit_family(by, family))
        bump(family, expected_version, errors.STALE_FAMILY, fields)
        audit.record(by, Verb.UPDATE, family, changes=changes)
        after_commit(lambda: notify_someone(...))

What the doorway does around the action:
- opens one `transaction.atomic(durable=True)` boundary. An action called from inside another
  action (or inside `batch()`) joins the outer transaction (a savepoint) instead of raising;
- resolves `by=` once to a typed `Principal` (a user, a principal or a system label such as
  "nightly linkage"). Inside the action "recorded by" foreign keys use `by.user` (None for a
  system process);
- after the write, forgets the request's memoised grant answers (a write may change grants).

Inside the action: `permit(condition)` / `deny()` refuse with NotPermitted, `bump()` is the one
optimistic version check and bump, `audit.record(by, ...)` writes the audit event in the same
transaction, and `after_commit(fn)` queues follow-ups (notifications, matching keys, tasks)
that run only once the transaction commits.

The kernel imports no domain app: only Django, the error vocabulary and the principals.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any, NoReturn, ParamSpec, TypeVar

from django.db import transaction
from django.db.models import F, Model
from django.utils import timezone

from familyhub import errors

from .principals import Principal, forget_answers, principal_for

P = ParamSpec("P")
R = TypeVar("R")

NOT_PERMITTED = "You do not have access to do this."

# How many doorway actions (or batches) are open on this thread/context: 0 means the next
# action opens the durable boundary; more means it joins the one already open.
_depth: ContextVar[int] = ContextVar("familyhub_doorway_depth", default=0)


@contextmanager
def _boundary() -> Iterator[None]:
    depth = _depth.get()
    token = _depth.set(depth + 1)
    try:
        # The outermost boundary is durable: nobody may wrap it in a transaction that could
        # still roll it back after it reported success. Nested ones join it (a savepoint, so a
        # refused inner action caught by the outer one leaves no half write).
        with transaction.atomic(durable=depth == 0):
            yield
    finally:
        _depth.reset(token)
        forget_answers()


def action(fn: Callable[P, R]) -> Callable[P, R]:
    """The decorator every public action wears (see the module docstring)."""

    @functools.wraps(fn)
    def run(*args: P.args, **kwargs: P.kwargs) -> R:
        if "by" in kwargs:
            kwargs["by"] = principal_for(kwargs["by"])
        with _boundary():
            return fn(*args, **kwargs)

    run.is_action = True  # type: ignore[attr-defined]
    return run


@contextmanager
def batch() -> Iterator[None]:
    """Run several actions in one durable transaction (the demo loader, bulk imports): each
    action inside joins this boundary instead of opening its own."""
    with _boundary():
        yield


def in_action() -> bool:
    return _depth.get() > 0


# --- Inside an action ------------------------------------------------------------------------


def permit(allowed: bool, message: str = NOT_PERMITTED) -> None:
    """Refuse (NotPermitted, which views show as a 404) unless the policy allows it."""
    if not allowed:
        deny(message)


def deny(message: str = NOT_PERMITTED) -> NoReturn:
    raise errors.NotPermitted(message)


def refuse_stale(current: Model, expected_version: int, stale_message: str) -> None:
    """Refuse a save made against an older version. The error carries the stored record, so
    the page can show both versions side by side and keep what the user typed."""
    if current.version != expected_version:  # type: ignore[attr-defined]
        raise errors.StaleVersion(stale_message, current=current)


def bump(
    obj: Model,
    expected_version: int | None,
    stale_message: str,
    fields: Mapping[str, Any] | None = None,
) -> None:
    """Save `fields` on `obj` and increment its version, only if nobody has saved it since
    `expected_version` (no lost updates); refresh `obj`. A model with `updated_at` has it set.
    Raises StaleVersion (with the stored record as `current`) otherwise. `expected_version=None`
    bumps without the check: for a change that does not edit what the user saw (allocation)."""
    model = type(obj)
    values = dict(fields or {})
    if "updated_at" not in values and any(f.name == "updated_at" for f in model._meta.fields):
        values["updated_at"] = timezone.now()
    manager = model._base_manager
    rows = manager.filter(pk=obj.pk)
    if expected_version is not None:
        rows = rows.filter(version=expected_version)
    updated = rows.update(**values, version=F("version") + 1)
    if not updated:
        raise errors.StaleVersion(stale_message, current=manager.get(pk=obj.pk))
    obj.refresh_from_db()


def after_commit(fn: Callable[[], Any]) -> None:
    """Run `fn` once the action's transaction has committed (never on rollback): notifications
    to other systems, matching keys, background tasks."""
    transaction.on_commit(fn)


def acting_user(by: Any) -> Any:
    """The user row behind an actor, for "recorded by" foreign keys (None for a system
    process). Helpers that are not actions themselves use this; actions use `by.user`."""
    return principal_for(by).user


def resolve(by: Any) -> Principal:
    """The principal for `by`, for helpers called from inside an action."""
    return principal_for(by)
