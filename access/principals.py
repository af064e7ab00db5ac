"""Principals: the typed actor behind every read and write.

A principal is who is acting — a practitioner signed in, a family member signed in, a partner
system acting for its organisation, or a named system process (the nightly linkage, the demo
loader). Every action takes `by=` a principal (or a user, which the doorway resolves once).

The kernel knows no domain app: how a signed-in user becomes a practitioner (or a family
member) is registered by the app that knows (`register_resolver`), e.g. organisations.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any


class PrincipalKind(StrEnum):
    ANONYMOUS = "anonymous"
    PRACTITIONER = "practitioner"
    FAMILY_MEMBER = "family_member"  # a parent or young person signed in
    API_CLIENT = "api_client"  # a partner system acting for its organisation
    SYSTEM = "system"  # a named process: demo loader, nightly linkage, scheduler


# Kinds beyond the built-in ones are registered by the app that brings them (e.g. a hub
# app's "family member" portal, a partner API): `register_kind("api_client")`. A kind is a
# plain string; the PrincipalKind members are strings too, so both compare alike.
_kinds: dict[str, str] = {str(k): str(k) for k in PrincipalKind}


def register_kind(name: str) -> str:
    """Make a new principal kind known (idempotent). Until a record rule names it, a principal
    of this kind sees nothing (the registry denies by default)."""
    name = str(name)
    if not name or name != name.strip():
        raise ValueError(f"not a principal kind name: {name!r}")
    _kinds.setdefault(name, name)
    return _kinds[name]


def unregister_kind(name: str) -> None:
    """Tests only: forget a kind registered for the duration of a test (built-ins stay)."""
    if name not in {str(k) for k in PrincipalKind}:
        _kinds.pop(name, None)


def kinds() -> list[str]:
    """Every known principal kind: the built-in ones and those apps registered."""
    return list(_kinds)


def kind_of(kind: str) -> str:
    """The registered kind named `kind` (ValueError for a kind nobody registered)."""
    try:
        return _kinds[str(kind)]
    except KeyError:
        raise ValueError(f"unknown principal kind: {kind!r} (register_kind it first)") from None


class Purpose(StrEnum):
    """Why a record is read or written. VIEW and EDIT are the modes every rule answers;
    the others name a lawful purpose a rule may cover (and the audit trail records)."""

    VIEW = "view"
    EDIT = "edit"
    DIRECT_WORK = "direct_work"
    FRONT_DOOR_SCREENING = "front_door_screening"
    IG_REVIEW = "ig_review"
    STATUTORY_RETURN = "statutory_return"
    EMERGENCY = "emergency"  # break-glass
    LOCATE = "locate"  # know only that a record is held (Find a Record's pointers), not its content


@dataclass(frozen=True, eq=False)
class Principal:
    kind: PrincipalKind | str  # a PrincipalKind or a registered kind (register_kind)
    user_id: int | None = None
    label: str = "anonymous"
    role: str = ""
    practitioner_id: int | None = None
    organisation_id: int | None = None
    organisation_name: str = ""
    organisation_type: str = ""
    designations: frozenset[str] = field(default_factory=frozenset)
    team_ids: frozenset[int] = field(default_factory=frozenset)
    managed_team_ids: frozenset[int] = field(default_factory=frozenset)
    # The user row behind the principal (None for system processes and API clients), for
    # "recorded by" foreign keys. Not part of identity.
    user: Any = field(default=None, repr=False, compare=False)

    @property
    def is_practitioner(self) -> bool:
        return self.kind == PrincipalKind.PRACTITIONER

    @property
    def is_system(self) -> bool:
        return self.kind == PrincipalKind.SYSTEM

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Principal):
            return NotImplemented
        return (self.kind, self.user_id, self.label, self.practitioner_id) == (
            other.kind,
            other.user_id,
            other.label,
            other.practitioner_id,
        )

    def __hash__(self) -> int:
        return hash((self.kind, self.user_id, self.label, self.practitioner_id))

    def remember(self, key: tuple, compute: Callable[[], Any]) -> Any:
        """Answer `compute()` once per request for this principal and key. Outside a request
        scope (see `request_scope`) nothing is remembered, so scripts and tests that change
        grants between two questions always get a fresh answer."""
        memo = _memo.get()
        if memo is None:
            return compute()
        full_key = (self.kind, self.user_id, self.label, *key)
        if full_key not in memo:
            memo[full_key] = compute()
        return memo[full_key]


ANONYMOUS = Principal(kind=PrincipalKind.ANONYMOUS)


def system(label: str) -> Principal:
    """A named system process acting on its own authority (audited under its label)."""
    return Principal(kind=PrincipalKind.SYSTEM, label=label, role="system")


# --- Resolving a signed-in user -------------------------------------------------------------

Resolver = Callable[[Any], "Principal | None"]
_resolvers: list[Resolver] = []


def register_resolver(resolver: Resolver) -> None:
    """An app that knows how a user acts (organisations: as a practitioner) registers here.
    Resolvers are tried in order; the first that answers wins."""
    if resolver not in _resolvers:
        _resolvers.append(resolver)


def unregister_resolver(resolver: Resolver) -> None:
    """Tests only: remove a resolver registered for the duration of a test."""
    if resolver in _resolvers:
        _resolvers.remove(resolver)


_CACHE_ATTR = "_familyhub_principal"


def principal_for(actor: Any) -> Principal:
    """The principal for a user (cached on the user object for the request), a principal
    (returned as is) or a system label (a str)."""
    if isinstance(actor, Principal):
        return actor
    if isinstance(actor, str):
        return system(actor)
    if actor is None or not getattr(actor, "is_authenticated", False):
        return ANONYMOUS
    cached = getattr(actor, _CACHE_ATTR, None)
    if cached is not None:
        return cached
    principal = None
    for resolver in _resolvers:
        principal = resolver(actor)
        if principal is not None:
            break
    if principal is None:
        principal = Principal(
            kind=PrincipalKind.SYSTEM if actor.is_superuser else PrincipalKind.ANONYMOUS,
            user_id=actor.pk,
            label=str(actor),
            user=actor,
        )
    setattr(actor, _CACHE_ATTR, principal)
    return principal


def forget(user: Any) -> None:
    """Drop the cached principal (after a change of role, team or grants in the same request)."""
    if hasattr(user, _CACHE_ATTR):
        delattr(user, _CACHE_ATTR)


# --- Per-request memo -----------------------------------------------------------------------

_memo: ContextVar[dict | None] = ContextVar("familyhub_principal_memo", default=None)


@contextmanager
def request_scope() -> Iterator[None]:
    """Within this scope (one web request) each principal answers each grant question once."""
    token = _memo.set({})
    try:
        yield
    finally:
        _memo.reset(token)


def forget_answers() -> None:
    """A write changed grants: forget what this request remembered (the doorway calls this)."""
    memo = _memo.get()
    if memo is not None:
        memo.clear()
