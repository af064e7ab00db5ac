"""Signing in: the audit trail of who signed in, signed out and failed (kernel, not domain)."""

from __future__ import annotations

import audit
from audit.models import Verb

from .doorway import action


@action
def sign_in_record(*, by, second_factor: str = "", reason: str = "") -> None:
    """A user signed in (with a password; with a second factor; or confirmed their password)."""
    audit.record(
        by,
        Verb.SIGN_IN,
        None,
        reason=reason,
        changes={"second_factor": second_factor} if second_factor else None,
    )


@action
def sign_in_failed(*, by, email: str = "", reason: str = "") -> None:
    """A sign-in (or a second factor, or a password check) failed. `by` is the user when known,
    else the label "sign-in" and the email tried."""
    audit.record(
        by, Verb.SIGN_IN_FAILED, None, reason=reason, changes={"email": email} if email else None
    )


@action
def locked_out(*, by, email: str, failures: int | None, purpose: str = "") -> None:
    """Too many failed attempts on an account from one address: it is locked (django-axes)."""
    what = purpose or "sign-in"
    if failures:
        reason = f"locked out after {failures} failed attempts (the last: {what})"
    else:
        reason = f"refused while locked out ({what})"
    audit.record(
        by,
        Verb.LOCKED_OUT,
        None,
        reason=reason,
        changes={"email": email, "failures": failures, "purpose": what},
    )


@action
def refusal_record(
    *, by, subject=None, purpose: str = "", path: str = "", method: str = "", message: str = ""
) -> None:
    """A request refused with a 404: a record that is not theirs (`subject`, recorded by type
    and id, never by its name) or an action they may not take (`message`). Attempts that were
    refused show in the unusual-access report as well as those that succeeded."""
    changes = {"path": path[:200], "method": method}
    if purpose:
        changes["purpose"] = purpose
    if message:
        changes["refusal"] = message[:200]
    audit.record(by, Verb.DENIED, subject, changes=changes, label="")


@action
def sign_out_record(*, by) -> None:
    audit.record(by, Verb.SIGN_OUT, None)


@action
def two_factor_confirm(*, by, device) -> None:
    """The user proved their new authenticator works: the device is confirmed."""
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    audit.record(
        by,
        Verb.UPDATE,
        None,
        reason="two-factor sign-in set up",
        changes={"second_factor": "totp"},
    )
