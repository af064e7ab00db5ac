"""Single sign-on with OpenID Connect (mozilla-django-oidc): the council's identity provider
(Entra ID or any OpenID Connect provider) signs staff in; FamilyHub maps the provider's groups
to its roles and leaves the second factor to the provider where the provider asserts it.

On when `settings.FAMILYHUB_SSO["ENABLED"]` (FAMILYHUB_OIDC_ISSUER set). The backend is always
listed in AUTHENTICATION_BACKENDS and answers nothing while single sign-on is off, so local
passwords work exactly as before; with it on, local passwords still work for accounts that
have one unless FAMILYHUB_LOCAL_PASSWORDS=0.

The kernel checks the tokens (signature, issuer, audience, nonce, PKCE) and finds the account
by the provider's issuer and subject; what a person *is* in FamilyHub (a practitioner with a
role in an organisation) is the business of the app that knows roles, which registers a
provisioner (`register_provisioner`; organisations does). A provisioner that refuses
(`SsoRefused`) rolls the whole sign-in back: no account is left behind.
"""

from __future__ import annotations

import functools
import time
from collections.abc import Callable
from typing import Any

import requests
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import SuspiciousOperation
from mozilla_django_oidc.auth import OIDCAuthenticationBackend
from mozilla_django_oidc.utils import import_from_settings
from mozilla_django_oidc.views import OIDCAuthenticationCallbackView, OIDCAuthenticationRequestView

from . import actions, reauth
from .doorway import batch

# Session keys.
MFA_KEY = "familyhub_sso_mfa"  # the provider asserted a second factor at this sign-in
ERROR_KEY = "familyhub_sso_error"  # why the last single sign-on did not sign the person in
REAUTH_KEY = "familyhub_sso_reauth"  # a re-check asked of the provider: {user, since}

NOT_SIGNED_IN = "Single sign-on did not sign you in. Try again, or ask your administrator"


class SsoRefused(Exception):
    """A provisioner will not let this person in (shown on the sign-in page and audited)."""


Provisioner = Callable[..., None]
_provisioners: list[Provisioner] = []


def register_provisioner(provisioner: Provisioner) -> None:
    """`provisioner(user, *, claims, groups, created)` makes the account what the provider's
    groups say (raise SsoRefused to refuse the sign-in)."""
    if provisioner not in _provisioners:
        _provisioners.append(provisioner)


def config() -> dict[str, Any]:
    return getattr(settings, "FAMILYHUB_SSO", {}) or {}


def enabled() -> bool:
    return bool(config().get("ENABLED"))


def local_passwords_allowed() -> bool:
    return not enabled() or bool(config().get("LOCAL_PASSWORDS", True))


@functools.lru_cache(maxsize=8)
def _discovery(issuer: str) -> dict[str, Any]:
    url = issuer.rstrip("/") + "/.well-known/openid-configuration"
    response = requests.get(url, timeout=import_from_settings("OIDC_TIMEOUT", 10))
    response.raise_for_status()
    return response.json()


_DISCOVERED = {
    "OIDC_OP_AUTHORIZATION_ENDPOINT": "authorization_endpoint",
    "OIDC_OP_TOKEN_ENDPOINT": "token_endpoint",
    "OIDC_OP_USER_ENDPOINT": "userinfo_endpoint",
    "OIDC_OP_JWKS_ENDPOINT": "jwks_uri",
    "OIDC_OP_LOGOUT_ENDPOINT": "end_session_endpoint",
}


def get_setting(name: str, *default):
    """A mozilla-django-oidc setting; the provider's endpoints, when not set, from its
    discovery document (FAMILYHUB_OIDC_ISSUER/.well-known/openid-configuration)."""
    value = getattr(settings, name, None)
    if value:
        return value
    if name in _DISCOVERED and config().get("ISSUER"):
        return _discovery(config()["ISSUER"]).get(_DISCOVERED[name])
    return import_from_settings(name, *default)


def second_factor_asserted(id_claims: dict[str, Any]) -> bool:
    """Whether the provider says it checked a second factor: an `amr` value or the `acr` the
    council configured (FAMILYHUB_OIDC_MFA_AMR, FAMILYHUB_OIDC_MFA_ACR)."""
    amr = id_claims.get("amr") or []
    if isinstance(amr, str):
        amr = [amr]
    wanted_amr = set(config().get("MFA_AMR", ["mfa"]))
    wanted_acr = set(config().get("MFA_ACR", []))
    return bool(wanted_amr & set(amr)) or (id_claims.get("acr") in wanted_acr)


def _groups(claims: dict[str, Any]) -> list[str]:
    value = claims.get(config().get("GROUPS_CLAIM", "groups")) or []
    if isinstance(value, str):
        value = [value]
    return [str(g) for g in value]


class SsoBackend(OIDCAuthenticationBackend):
    """mozilla-django-oidc's backend with the checks a council needs: the ID token's issuer
    and audience, the account found by issuer and subject, groups mapped to roles by the
    registered provisioners, and the outcome audited."""

    def __init__(self, *args, **kwargs):
        self.UserModel = get_user_model()  # the provider's settings are read when used

    @staticmethod
    def get_settings(attr, *args):
        return get_setting(attr, *args)

    def authenticate(self, request, **kwargs):
        if not enabled() or request is None or "nonce" not in kwargs:
            return None  # not a single sign-on callback (a password, an API key…)
        super().__init__()
        try:
            return super().authenticate(request, **kwargs)
        except (SuspiciousOperation, requests.RequestException) as exc:
            _refused(request, "", f"single sign-on failed: {exc}")
            return None

    def verify_token(self, token, **kwargs):
        payload = super().verify_token(token, **kwargs)
        if kwargs.get("nonce") is None:
            return payload  # a signed userinfo answer, not the ID token
        issuer = config().get("ISSUER", "").rstrip("/")
        if str(payload.get("iss", "")).rstrip("/") != issuer:
            raise SuspiciousOperation("the ID token was not issued by the configured provider")
        audience = payload.get("aud")
        audiences = audience if isinstance(audience, list) else [audience]
        if self.OIDC_RP_CLIENT_ID not in audiences:
            raise SuspiciousOperation("the ID token is not for FamilyHub")
        self.id_claims = payload
        return payload

    def get_or_create_user(self, access_token, id_token, payload):
        userinfo = self.get_userinfo(access_token, id_token, payload)
        if userinfo.get("sub") != payload.get("sub"):
            raise SuspiciousOperation("the provider's userinfo is for someone else")
        claims = {**payload, **userinfo}
        email = str(claims.get("email") or claims.get("preferred_username") or "").lower()
        identity = f"{payload['iss']} {payload['sub']}"[:400]
        try:
            with batch():  # one durable transaction: a refusal leaves no account
                user = self._account(identity, email, claims)
                for provision in _provisioners:
                    provision(user, claims=claims, groups=_groups(claims), created=user._sso_new)
        except SsoRefused as exc:
            _refused(self.request, email, str(exc), shown=str(exc))
            return None
        self.request.familyhub_sso = {
            "issuer": payload["iss"],
            "mfa": second_factor_asserted(payload),
            "amr": payload.get("amr") or [],
            "acr": payload.get("acr") or "",
            "auth_time": payload.get("auth_time"),
        }
        return user

    def _account(self, identity: str, email: str, claims: dict[str, Any]):
        user = self.UserModel.objects.filter(sso_identity=identity).first()
        if user is None and email:
            user = self.UserModel.objects.filter(email__iexact=email).first()
            if user is not None and user.sso_identity:
                raise SsoRefused(
                    "An account with this email address signs in with another identity"
                )
        created = user is None
        if created:
            if not email:
                raise SsoRefused("The provider did not send an email address")
            user = self.UserModel.objects.create_user(
                email, None, full_name=str(claims.get("name") or email)[:200]
            )
        if not user.is_active:
            raise SsoRefused("This account is not active. Ask your administrator")
        if user.sso_identity != identity or (claims.get("name") and created is False):
            user.sso_identity = identity
            if claims.get("name"):
                user.full_name = str(claims["name"])[:200]
            user.save(update_fields=["sso_identity", "full_name"])
        user._sso_new = created
        return user


def _refused(request, email: str, reason: str, *, shown: str = NOT_SIGNED_IN) -> None:
    """A single sign-on that did not sign the person in. Django then sends user_login_failed
    (counted by django-axes), whose receiver (access.signals) audits it with this email and
    reason; the sign-in page says why in words (a refusal's own message, else NOT_SIGNED_IN:
    token details stay in the trail)."""
    request.familyhub_sso_failure = {"email": email[:120], "reason": reason[:300]}
    request.session[ERROR_KEY] = shown


class SsoStartView(OIDCAuthenticationRequestView):
    """Sends the person to the provider. `?reauth=1` asks the provider to check them again
    now (prompt=login, max_age=0): the re-check before exports, for accounts with no
    FamilyHub password."""

    def __init__(self, *args, **kwargs):
        super(OIDCAuthenticationRequestView, self).__init__(*args, **kwargs)

    @staticmethod
    def get_settings(attr, *args):
        return get_setting(attr, *args)

    def get(self, request):
        from django.http import Http404

        if not enabled():
            raise Http404("Single sign-on is off")
        self.OIDC_OP_AUTH_ENDPOINT = get_setting("OIDC_OP_AUTHORIZATION_ENDPOINT")
        self.OIDC_RP_CLIENT_ID = get_setting("OIDC_RP_CLIENT_ID")
        if request.GET.get("reauth") == "1" and request.user.is_authenticated:
            request.session[REAUTH_KEY] = {"user": request.user.pk, "since": int(time.time())}
        else:
            request.session.pop(REAUTH_KEY, None)
        return super().get(request)

    def get_extra_params(self, request):
        params = dict(get_setting("OIDC_AUTH_REQUEST_EXTRA_PARAMS", {}))
        if REAUTH_KEY in request.session:
            params.update({"prompt": "login", "max_age": "0"})
        return params


class SsoCallbackView(OIDCAuthenticationCallbackView):
    """The provider's answer: signs the person in (or confirms them again for a re-check)."""

    @staticmethod
    def get_settings(attr, *args):
        return get_setting(attr, *args)

    def get(self, request):
        from django.http import Http404

        if not enabled():
            raise Http404("Single sign-on is off")
        return super().get(request)

    def login_success(self):
        wanted = self.request.session.pop(REAUTH_KEY, None)
        detail = getattr(self.request, "familyhub_sso", {})
        if wanted and self.request.user.is_authenticated:
            fresh = (detail.get("auth_time") or 0) >= wanted["since"] - 5
            if wanted["user"] == self.user.pk == self.request.user.pk and fresh:
                reauth.mark(self.request)
                actions.sign_in_record(
                    by=self.user, reason="confirmed at the identity provider for export"
                )
                return super().login_success()
            actions.sign_in_failed(
                by=self.user, email=self.user.email, reason="re-check at the provider not fresh"
            )
            self.request.session[ERROR_KEY] = NOT_SIGNED_IN
            return self.login_failure()
        response = super().login_success()  # auth.login: the user_logged_in receiver audits
        self.request.session[MFA_KEY] = bool(detail.get("mfa"))
        return response
