"""Sign-in events go to the audit trail, through the sign-in actions."""

from axes.signals import user_locked_out
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver

from . import actions


@receiver(user_logged_in)
def _signed_in(sender, request, user, **kwargs):
    sso = getattr(request, "familyhub_sso", None)
    if sso is None:
        actions.sign_in_record(by=user)
        return
    # Single sign-on: which provider, and the second factor it asserted (amr/acr), if any.
    factor = "provider: " + ",".join(map(str, sso["amr"] or [sso["acr"]])) if sso["mfa"] else ""
    actions.sign_in_record(
        by=user, second_factor=factor, reason=f"single sign-on ({sso['issuer']})"[:500]
    )


@receiver(user_logged_out)
def _signed_out(sender, request, user, **kwargs):
    if user is not None:
        actions.sign_out_record(by=user)


@receiver(user_login_failed)
def _sign_in_failed(sender, credentials, request=None, **kwargs):
    username = str(credentials.get("username", ""))[:120]
    purpose = str(credentials.get("purpose", ""))  # a re-check or a code (access.lockout)
    sso = getattr(request, "familyhub_sso_failure", None)
    if sso is not None:  # single sign-on refused or failed (access.sso)
        actions.sign_in_failed(by="single sign-on", email=sso["email"], reason=sso["reason"])
        return
    user = getattr(request, "user", None)
    if purpose and user is not None and user.is_authenticated:
        actions.sign_in_failed(by=user, email=username, reason=purpose)
    else:
        actions.sign_in_failed(by="sign-in", email=username)


@receiver(user_locked_out)
def _locked_out(sender, request, username, ip_address, **kwargs):
    credentials = getattr(request, "axes_credentials", None) or {}
    user = getattr(request, "user", None)
    actions.locked_out(
        by=user if user is not None and user.is_authenticated else "sign-in",
        email=str(username or "")[:120],
        failures=getattr(request, "axes_failures_since_start", None),
        purpose=str(credentials.get("purpose", "")),
    )
