"""Password re-checks and two-factor codes count against the sign-in lockout (django-axes).

Sign-in attempts are counted by django-axes per account and IP address (settings: AXES_*). A
wrong password at the re-check before exports and break-glass, or a wrong two-factor code,
is a failed attempt on the same account from the same place, so it goes into the same
counters: after AXES_FAILURE_LIMIT failures in any mix the account is locked for
AXES_COOLOFF_TIME, the person is signed out, and AxesMiddleware answers with the lockout page.
The failure and the lockout are audited by the receivers in access.signals.
"""

from __future__ import annotations

from axes.handlers.proxy import AxesProxyHandler
from axes.signals import user_locked_out
from django.contrib.auth import logout
from django.contrib.auth.signals import user_login_failed


def _credentials(user) -> dict[str, str]:
    return {"username": user.get_username().lower()}  # as SignInForm cleans it


def _lock_out(request) -> None:
    """Sign the person out; AxesMiddleware turns the response into the lockout page."""
    request.axes_locked_out = True
    logout(request)


def is_locked(request, user, purpose: str) -> bool:
    """Whether `user` is locked out from this address; if so they are signed out now."""
    credentials = _credentials(user)
    if not AxesProxyHandler.is_locked(request, credentials):
        return False
    request.axes_credentials = {**credentials, "purpose": purpose}
    # As axes does for a sign-in attempt while locked: the refused attempt is audited.
    user_locked_out.send(
        "axes",
        request=request,
        username=credentials["username"],
        ip_address=request.axes_ip_address,
    )
    _lock_out(request)
    return True


def failed(request, user, purpose: str) -> bool:
    """Count one failed check (audited as a failed sign-in with `purpose` as its reason).
    True when this failure locked the account (the person has been signed out)."""
    user_login_failed.send(
        sender=__name__, credentials={**_credentials(user), "purpose": purpose}, request=request
    )
    if getattr(request, "axes_locked_out", False):
        _lock_out(request)
        return True
    return False


def succeeded(request, user) -> None:
    """A right password or code clears the account's failures from this address, as a
    successful sign-in does (AXES_RESET_ON_SUCCESS)."""
    AxesProxyHandler.update_request(request)
    AxesProxyHandler.reset_attempts(
        username=_credentials(user)["username"], ip_address=request.axes_ip_address
    )
