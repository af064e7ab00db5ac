import time

from django.conf import settings
from django.contrib.auth import logout
from django.shortcuts import redirect
from django.urls import reverse

from familyhub import errors

from . import actions, sso
from .principals import request_scope
from .registry import Refused

SIGNED_IN_AT = "familyhub_signed_in_at"
TOUCHED_AT = "familyhub_touched_at"


class SessionLimitsMiddleware:
    """An absolute session limit on top of the idle timeout (SESSION_COOKIE_AGE, sliding). The
    idle timeout slides when the session is saved: once SESSION_REFRESH_SECONDS have passed
    since it was last saved for being used, a request marks it to be saved again (with a new
    expiry); requests in between write nothing."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            now = int(time.time())
            started = request.session.get(SIGNED_IN_AT)
            if started is None:
                request.session[SIGNED_IN_AT] = now
            elif now - started > settings.SESSION_ABSOLUTE_SECONDS:
                logout(request)
                return redirect(reverse(settings.LOGIN_URL) + "?expired=1")
            if now - request.session.get(TOUCHED_AT, 0) >= settings.SESSION_REFRESH_SECONDS:
                request.session[TOUCHED_AT] = now  # saved, so the idle timeout starts again
        return self.get_response(request)


class TwoFactorMiddleware:
    """Privileged roles (and anyone who has set up an authenticator) must pass a TOTP check
    after their password before they can use FamilyHub. Someone signed in by single sign-on
    whose provider asserted a second factor (access.sso.MFA_KEY) has passed it there."""

    ALLOWED_PREFIXES = ("/sign-in/", "/sign-out/", "/static/", "/assets/", "/healthz", "/readyz")

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if (
            settings.FAMILYHUB_REQUIRE_2FA
            and user is not None
            and user.is_authenticated
            and not request.path.startswith(self.ALLOWED_PREFIXES)
            and not user.is_verified()
            and not request.session.get(sso.MFA_KEY)
        ):
            from . import two_factor

            if two_factor.has_device(user):
                return redirect(reverse("access:two-factor") + f"?next={request.path}")
            if two_factor.is_required_for(user):
                return redirect(reverse("access:two-factor-setup"))
        return self.get_response(request)


class PrincipalScopeMiddleware:
    """One request, one memo: each principal answers each grant question once per request
    (access.principals.request_scope)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        with request_scope():
            return self.get_response(request)


class RefusalAuditMiddleware:
    """Every refusal that becomes a 404 is audited: a record get_for would not give
    (registry.Refused) and an action that said no (NotPermitted, which
    familyhub.failures.FailureMiddleware turns into the 404). Listed after FailureMiddleware
    so that it sees the exception first; it answers nothing itself."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not isinstance(exception, (Refused, errors.NotPermitted)):
            return None
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated:
            return None
        if isinstance(exception, Refused):
            actions.refusal_record(
                by=user,
                subject=exception.subject,
                purpose=str(exception.purpose.value),
                path=request.path,
                method=request.method,
            )
        else:
            actions.refusal_record(
                by=user, path=request.path, method=request.method, message=exception.message
            )
        return None
