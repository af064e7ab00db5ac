"""Sign-in events go to the audit trail, through the sign-in actions."""

from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver

from . import actions


@receiver(user_logged_in)
def _signed_in(sender, request, user, **kwargs):
    actions.sign_in_record(by=user)


@receiver(user_logged_out)
def _signed_out(sender, request, user, **kwargs):
    if user is not None:
        actions.sign_out_record(by=user)


@receiver(user_login_failed)
def _sign_in_failed(sender, credentials, request=None, **kwargs):
    username = str(credentials.get("username", ""))[:120]
    actions.sign_in_failed(by="sign-in", email=username)
