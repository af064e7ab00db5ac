"""Sign-in events go to the audit trail."""

from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver

import audit
from audit.models import Verb


@receiver(user_logged_in)
def _signed_in(sender, request, user, **kwargs):
    audit.record(user, Verb.SIGN_IN, None)


@receiver(user_logged_out)
def _signed_out(sender, request, user, **kwargs):
    if user is not None:
        audit.record(user, Verb.SIGN_OUT, None)


@receiver(user_login_failed)
def _sign_in_failed(sender, credentials, request=None, **kwargs):
    username = str(credentials.get("username", ""))[:120]
    audit.record("sign-in", Verb.SIGN_IN_FAILED, None, changes={"email": username})
