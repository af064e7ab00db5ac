"""Writes for partner systems: creating and revoking API clients (administrators), keeping the
answer to an idempotent POST, and recording every call in the audit trail.

What a client's calls change (concerns, notifications) is written by the owning apps' actions,
called with the client as `by`: the same rules and the same audit events as for a person.
"""

from __future__ import annotations

import datetime as dt
import secrets
from typing import Any

from django.utils import timezone

import audit
from access.doorway import action, bump, permit
from access.models import User
from audit.models import Verb
from familyhub import errors

from . import keys, policy
from .models import ApiClient, IdempotentRequest
from .scopes import Scope

NAME_REQUIRED = "Enter the name of the partner's system"
NAME_TAKEN = "This organisation already has a client with this name"
SCOPES_REQUIRED = "Choose at least one thing the client may do"
EXPIRY_PAST = "The key must expire in the future"
EXPIRY_TOO_LATE = "The key must expire within 2 years"
ALREADY_REVOKED = "This client's key has already been revoked"
STALE_CLIENT = "Someone else changed this client while you were looking at it"
REASON_REQUIRED = "Enter why the key is being revoked"
MAX_DAYS = 731


def _problems(organisation, name: str, scopes: list[str], expires_on: dt.date | None) -> dict:
    field_errors: dict[str, list[str]] = {}
    today = timezone.localdate()
    if not name:
        field_errors["name"] = [NAME_REQUIRED]
    elif ApiClient.objects.filter(organisation=organisation, name__iexact=name).exists():
        field_errors["name"] = [NAME_TAKEN]
    if not scopes or not set(scopes) <= set(Scope.values):
        field_errors["scopes"] = [SCOPES_REQUIRED]
    if expires_on is None or expires_on <= today:
        field_errors["expires_on"] = [EXPIRY_PAST]
    elif (expires_on - today).days > MAX_DAYS:
        field_errors["expires_on"] = [EXPIRY_TOO_LATE]
    return field_errors


@action
def api_client_create(
    *, by, organisation, name: str, scopes: list[str], expires_on: dt.date | None
) -> tuple[ApiClient, str]:
    """A partner system's client and its key. The key is returned once, here; only its digest
    is kept. The client signs in through an account of its own, which has no password."""
    permit(policy.can_manage_api_clients(by))
    name = (name or "").strip()[:120]
    field_errors = _problems(organisation, name, list(scopes), expires_on)
    if field_errors or expires_on is None:
        raise errors.RuleViolation(next(iter(field_errors.values()))[0], field_errors=field_errors)
    key, prefix, digest = keys.new_key()
    user = User.objects.create_user(
        email=f"api-client-{prefix}@clients.familyhub.invalid",
        password=None,
        full_name=f"{name} (API client)",
    )
    client = ApiClient.objects.create(
        name=name,
        organisation=organisation,
        user=user,
        scopes=sorted(set(scopes)),
        key_prefix=prefix,
        key_digest=digest,
        created_by_label=by.label,
        expires_on=expires_on,
    )
    audit.record(
        by,
        Verb.CREATE,
        client,
        changes={
            "organisation": organisation.name,
            "scopes": client.scopes,
            "expires_on": expires_on.isoformat(),
        },
    )
    return client, key


@action
def api_client_revoke(*, by, client: ApiClient, expected_version: int, reason: str) -> ApiClient:
    """Stop the key working, at once and for good (a new client gets a new key)."""
    permit(policy.can_manage_api_clients(by))
    reason = (reason or "").strip()
    if not reason:
        raise errors.RuleViolation(REASON_REQUIRED, field_errors={"reason": [REASON_REQUIRED]})
    client = ApiClient.objects.select_for_update().get(pk=client.pk)
    if client.revoked_at is not None:
        raise errors.RuleViolation(ALREADY_REVOKED)
    bump(
        client,
        expected_version,
        STALE_CLIENT,
        {"revoked_at": timezone.now(), "revoked_by_label": by.label, "revoked_reason": reason},
    )
    audit.record(by, Verb.DELETE, client, changes={"revoked": True}, reason=reason[:500])
    return client


@action
def api_call_record(*, by, client: ApiClient, method: str, path: str, status: int) -> None:
    """One call, in the audit trail under the client and its organisation (what the call read
    or changed is recorded too, by the query or action that did it)."""
    verb = Verb.VIEW if method in ("GET", "HEAD") else Verb.CREATE
    audit.record(
        by,
        verb,
        None,
        changes={"api_call": f"{method} {path}"[:300], "status": status, "client": client.pk},
    )
    ApiClient.objects.filter(pk=client.pk).update(last_used_at=timezone.now())


@action
def api_call_refused(*, by, client: ApiClient, method: str, path: str, why: str) -> None:
    """A call with the key of a revoked or expired client: refused, and recorded against it."""
    audit.record(
        by,
        Verb.SIGN_IN_FAILED,
        client,
        changes={"api_call": f"{method} {path}"[:300], "status": 401},
        reason=why,
    )


@action
def idempotent_answer_keep(
    *,
    by,
    client: ApiClient,
    key: str,
    method: str,
    path: str,
    request_digest: str,
    status: int,
    body: Any,
    location: str = "",
) -> IdempotentRequest:
    """Keep the answer to an idempotent POST (inside the same transaction as the change, so a
    change is never made without its answer kept, nor twice)."""
    permit(by.user_id == client.user_id)
    return IdempotentRequest.objects.create(
        client=client,
        key=key[:200],
        method=method,
        path=path[:300],
        request_digest=request_digest,
        status=status,
        body=body,
        location=location[:300],
    )


def new_idempotency_key() -> str:
    """For callers (the demo, tests) that need a fresh key."""
    return secrets.token_hex(16)


@action
def api_client_new_key(*, by, client: ApiClient, expected_version: int) -> tuple[ApiClient, str]:
    """Replace a client's key (the old one stops working at once); the new key is returned
    once, here."""
    permit(policy.can_manage_api_clients(by))
    client = ApiClient.objects.select_for_update().get(pk=client.pk)
    if client.revoked_at is not None:
        raise errors.RuleViolation(ALREADY_REVOKED)
    key, prefix, digest = keys.new_key()
    bump(client, expected_version, STALE_CLIENT, {"key_prefix": prefix, "key_digest": digest})
    audit.record(by, Verb.UPDATE, client, changes={"key": "replaced"})
    return client, key
