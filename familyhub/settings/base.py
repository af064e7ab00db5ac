"""Settings shared by every environment. Environment-specific files import from here.

Configuration comes from the environment (twelve-factor):
- DATABASE_URL: e.g. postgres://user@host:5432/familyhub; default is SQLite under var/.
- FAMILYHUB_REPLICA_DATABASE_URL: a read replica for reports and dashboards (optional).
- DJANGO_SECRET_KEY: required in production.
- FAMILYHUB_ALLOWED_HOSTS: comma-separated host names.
"""

import json
import os
from pathlib import Path

import dj_database_url
from csp.constants import NONCE, NONE, SELF

from familyhub.db_router import REPLICA, replica_database
from familyhub.logs import logging_config

BASE_DIR = Path(__file__).resolve().parent.parent.parent
VAR_DIR = Path(os.environ.get("FAMILYHUB_VAR_DIR", BASE_DIR / "var"))
VAR_DIR.mkdir(parents=True, exist_ok=True)
NODE_MODULES = BASE_DIR / "node_modules"

SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "")
DEBUG = False
ALLOWED_HOSTS = [
    h.strip() for h in os.environ.get("FAMILYHUB_ALLOWED_HOSTS", "").split(",") if h.strip()
]

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.forms",
    "django_tasks",
    "django_tasks_db",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "csp",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "access",
    "audit",
    "ig",
    "codelists",
    "calendar_rules",
    "organisations",
    "people",
    "notices",
    "sharing",
    "directory",
    "hubs",
    "outcomes",
    "casework",
    "frontdoor",
    "web",
    "demo",
    "matching",
    "linkage",
    "returns",
    "insight",
    "api",
    "proceedings",
    "portal",
    "custodian",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "web.middleware.FamilyHubWhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "audit.middleware.RequestContextMiddleware",
    "access.middleware.PrincipalScopeMiddleware",
    "access.middleware.SessionLimitsMiddleware",
    "access.middleware.TwoFactorMiddleware",
    "portal.fence.FamilyFenceMiddleware",  # a family member reaches /my/ and nothing else
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "axes.middleware.AxesMiddleware",
    "familyhub.failures.FailureMiddleware",
    "access.middleware.RefusalAuditMiddleware",  # sees a refusal before it becomes the 404
]

ROOT_URLCONF = "familyhub.urls"
WSGI_APPLICATION = "familyhub.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "csp.context_processors.nonce",
                "web.context_processors.familyhub",
            ],
            "builtins": ["web.templatetags.govuk"],
        },
    }
]
FORM_RENDERER = "familyhub.forms.GovukFormRenderer"

DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{VAR_DIR / 'familyhub.sqlite3'}",
        conn_max_age=int(os.environ.get("FAMILYHUB_CONN_MAX_AGE", "0")),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": (
            "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;"
        ),
    }

# A read replica for reports and dashboards (familyhub.db_router): a streaming replica of the
# primary. Unset: no replica, everything on "default".
_REPLICA_URL = os.environ.get("FAMILYHUB_REPLICA_DATABASE_URL", "").strip()
FAMILYHUB_REPLICA = REPLICA if _REPLICA_URL else ""
if _REPLICA_URL:
    DATABASES[REPLICA] = replica_database(
        _REPLICA_URL, conn_max_age=int(os.environ.get("FAMILYHUB_CONN_MAX_AGE", "0"))
    )
DATABASE_ROUTERS = ["familyhub.db_router.ReplicaRouter"]  # answers nothing without a replica

# The cache holds the rate limits (the partner API's per client, the hubs' self-referrals per
# connection). "local" (default): each process its own, fine for one app server. "database":
# one cache shared by every app server through the primary (`familyhub createcachetable`
# once), so a limit is one limit however many app servers answer.
if os.environ.get("FAMILYHUB_CACHE", "local") == "database":
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": "familyhub_cache",
        }
    }

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "access.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
    "access.sso.SsoBackend",  # answers only while single sign-on is on
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
]
LOGIN_URL = "access:sign-in"
LOGIN_REDIRECT_URL = "web:home"
LOGOUT_REDIRECT_URL = "access:sign-in"

# Sessions: idle timeout (sliding) and an absolute limit enforced by access.middleware. The
# idle timeout slides when the session is saved; access.middleware saves it at most once every
# SESSION_REFRESH_SECONDS rather than on every request (a write per page view otherwise), so a
# session ends between SESSION_COOKIE_AGE minus that and SESSION_COOKIE_AGE after the last use.
SESSION_COOKIE_AGE = int(os.environ.get("FAMILYHUB_IDLE_TIMEOUT_SECONDS", str(30 * 60)))
SESSION_SAVE_EVERY_REQUEST = False
SESSION_REFRESH_SECONDS = int(os.environ.get("FAMILYHUB_SESSION_REFRESH_SECONDS", "60"))
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_ABSOLUTE_SECONDS = int(os.environ.get("FAMILYHUB_ABSOLUTE_TIMEOUT_SECONDS", str(10 * 3600)))
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True
CSRF_FAILURE_VIEW = "web.views.csrf_failure"

# Lockout (django-axes): per account and IP, after 5 failures, for 30 minutes.
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = 0.5
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_USERNAME_FORM_FIELD = "username"
AXES_LOCKOUT_TEMPLATE = "access/locked_out.html"
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False
AXES_IPWARE_META_PRECEDENCE_ORDER = ["REMOTE_ADDR"]


def _pairs(value: str) -> dict[str, str]:
    """ "a=b;c=d" (or comma-separated) as {"a": "b", "c": "d"}, in order."""
    pairs = [p.split("=", 1) for p in value.replace(",", ";").split(";") if "=" in p]
    return {k.strip(): v.strip() for k, v in pairs}


def _words(value: str) -> list[str]:
    return [w.strip() for w in value.replace(",", " ").split() if w.strip()]


# Single sign-on with OpenID Connect (access.sso; mozilla-django-oidc). On when an issuer is
# set. The provider's endpoints come from its discovery document unless set one by one
# (FAMILYHUB_OIDC_AUTHORIZATION_ENDPOINT …). ROLE_MAP: the provider's group (name or object id)
# = FamilyHub role, first match wins, e.g. "fh-social-workers=social_worker;fh-admins=admin".
_OIDC_ISSUER = os.environ.get("FAMILYHUB_OIDC_ISSUER", "").strip()
FAMILYHUB_SSO = {
    "ENABLED": bool(_OIDC_ISSUER),
    "ISSUER": _OIDC_ISSUER,
    "PROVIDER_NAME": os.environ.get("FAMILYHUB_OIDC_PROVIDER_NAME", "your council account"),
    "GROUPS_CLAIM": os.environ.get("FAMILYHUB_OIDC_GROUPS_CLAIM", "groups"),
    "ROLE_MAP": _pairs(os.environ.get("FAMILYHUB_OIDC_ROLE_MAP", "")),
    # The organisation single sign-on accounts work for (by name; default: the only local
    # authority recorded).
    "ORGANISATION": os.environ.get("FAMILYHUB_OIDC_ORGANISATION", ""),
    # The provider asserted a second factor when its ID token's amr has one of these (RFC 8176)
    # or its acr is one of these; then FamilyHub does not ask for its own code.
    "MFA_AMR": _words(os.environ.get("FAMILYHUB_OIDC_MFA_AMR", "mfa")),
    "MFA_ACR": _words(os.environ.get("FAMILYHUB_OIDC_MFA_ACR", "")),
    "LOCAL_PASSWORDS": os.environ.get("FAMILYHUB_LOCAL_PASSWORDS", "1") == "1",
}
OIDC_RP_CLIENT_ID = os.environ.get("FAMILYHUB_OIDC_CLIENT_ID", "")
OIDC_RP_CLIENT_SECRET = os.environ.get("FAMILYHUB_OIDC_CLIENT_SECRET", "")
OIDC_RP_SIGN_ALGO = os.environ.get("FAMILYHUB_OIDC_SIGN_ALGO", "RS256")
OIDC_RP_SCOPES = os.environ.get("FAMILYHUB_OIDC_SCOPES", "openid email profile")
OIDC_OP_AUTHORIZATION_ENDPOINT = os.environ.get("FAMILYHUB_OIDC_AUTHORIZATION_ENDPOINT", "")
OIDC_OP_TOKEN_ENDPOINT = os.environ.get("FAMILYHUB_OIDC_TOKEN_ENDPOINT", "")
OIDC_OP_USER_ENDPOINT = os.environ.get("FAMILYHUB_OIDC_USERINFO_ENDPOINT", "")
OIDC_OP_JWKS_ENDPOINT = os.environ.get("FAMILYHUB_OIDC_JWKS_ENDPOINT", "")
OIDC_USE_PKCE = True
OIDC_TIMEOUT = 10
OIDC_AUTHENTICATION_CALLBACK_URL = "access:sso-callback"
LOGIN_REDIRECT_URL_FAILURE = "/sign-in/"
OIDC_CREATE_USER = True

# Two-factor authentication (TOTP): required for privileged roles, available to everyone.
FAMILYHUB_REQUIRE_2FA = os.environ.get("FAMILYHUB_REQUIRE_2FA", "1") == "1"
OTP_TOTP_ISSUER = "FamilyHub"

# Security headers.
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
        "base-uri": [SELF],
        "object-src": [NONE],
    }
}

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = False
USE_TZ = True
DATE_FORMAT = "j F Y"
SHORT_DATE_FORMAT = "d/m/Y"
DATETIME_FORMAT = "j F Y, H:i"

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [
    ("govuk", NODE_MODULES / "govuk-frontend" / "dist" / "govuk"),
    ("moj", NODE_MODULES / "@ministryofjustice" / "frontend" / "moj"),
    ("htmx", NODE_MODULES / "htmx.org" / "dist"),
    ("assets", NODE_MODULES / "govuk-frontend" / "dist" / "govuk" / "assets"),
    ("assets", NODE_MODULES / "@ministryofjustice" / "frontend" / "moj" / "assets"),
]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
WHITENOISE_KEEP_ONLY_HASHED_FILES = False

TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

# The partner API (api app, docs/decisions/0009): API keys, scopes, a rate limit per client
# (cache-based: several app servers need a shared CACHES backend for one limit), problem details.
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": ["api.authentication.ApiKeyAuthentication"],
    "DEFAULT_PERMISSION_CLASSES": ["api.permissions.HasScope"],
    "DEFAULT_THROTTLE_CLASSES": ["api.throttling.ClientRateThrottle"],
    "DEFAULT_THROTTLE_RATES": {"api_client": os.environ.get("FAMILYHUB_API_RATE", "120/minute")},
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": ["rest_framework.parsers.JSONParser"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "api.problems.exception_handler",
    "UNAUTHENTICATED_USER": None,
}
# Webhooks (api/webhooks): endpoints must be public https:// addresses; only local development
# and the tests (a real HTTP server on this machine) may send to http:// or a private address.
FAMILYHUB_WEBHOOKS_ALLOW_HTTP = os.environ.get("FAMILYHUB_WEBHOOKS_ALLOW_HTTP") == "1"
SPECTACULAR_SETTINGS = {
    "TITLE": "FamilyHub partner API",
    "DESCRIPTION": (
        "For partner agencies' own systems: send concerns and notifications, read what became "
        "of the concerns you sent and who to contact about families your organisation works "
        "with. Every call needs `Authorization: Bearer <API key>`; every POST an "
        "`Idempotency-Key`. Errors are RFC 9457 problem details. Synthetic demo data only."
    ),
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SCHEMA_PATH_PREFIX": r"/api/v1",
    "COMPONENT_SPLIT_REQUEST": True,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
}

# Logs: plain lines with the request id here; JSON lines in production (familyhub.logs).
# FAMILYHUB_LOG_FORMAT=json|plain overrides either.
LOG_LEVEL = os.environ.get("FAMILYHUB_LOG_LEVEL", "WARNING")
LOGGING = logging_config(
    json_lines=os.environ.get("FAMILYHUB_LOG_FORMAT") == "json", level=LOG_LEVEL
)

# Partnership-specific settings (rules that are not yet data tables).
FAMILYHUB = {
    "PARTNERSHIP_NAME": os.environ.get("FAMILYHUB_PARTNERSHIP", "Demo Borough Partnership"),
    "DEMO": os.environ.get("FAMILYHUB_DEMO", "1") == "1",
    # The local authority's three-digit DfE number (statutory returns: the CIN census header).
    "LA_CODE": os.environ.get("FAMILYHUB_LA_CODE", "001"),
    "PAGE_SIZE": 25,
    # The family's own view: how long an invitation code lasts, and GOV.UK Notify (off unless
    # FAMILYHUB_NOTIFY=1 with an API key and a text message template; sent through Notify's
    # own client library, notifications-python-client).
    "PORTAL_CODE_DAYS": int(os.environ.get("FAMILYHUB_PORTAL_CODE_DAYS", "14")),
    "NOTIFY": {
        "ENABLED": os.environ.get("FAMILYHUB_NOTIFY", "0") == "1",
        "API_KEY": os.environ.get("FAMILYHUB_NOTIFY_API_KEY", ""),
        "SMS_TEMPLATE_ID": os.environ.get("FAMILYHUB_NOTIFY_SMS_TEMPLATE", ""),
        "BASE_URL": os.environ.get("FAMILYHUB_NOTIFY_BASE_URL", ""),  # "": Notify's own API
    },
    # The audit chain's signed head is appended here daily (keep it off the database's disk).
    "AUDIT_ANCHOR_FILE": os.environ.get("FAMILYHUB_AUDIT_ANCHOR_FILE", ""),
    # Daily jobs, enqueued by `familyhub scheduler` (started by `familyhub serve`).
    "SCHEDULE": [
        {"task": "frontdoor.tasks.sweep_early_warnings", "at": "02:00"},
        {"task": "audit.tasks.verify_audit_chain", "at": "03:00"},
        {"task": "insight.tasks.refresh_summary", "at": "01:30"},
        {"task": "audit.tasks.anchor_audit_chain", "at": "03:30"},
        {"task": "casework.tasks.send_reminders", "at": "07:00"},
        {"task": "proceedings.tasks.send_reminders", "at": "07:05"},
    ],
    # Other custodians FamilyHub asks (Find a Record / Fetch a Record, searching the other way):
    # [{"name", "url", "key"}] as JSON. None by default: nothing is asked.
    "CUSTODIANS": json.loads(os.environ.get("FAMILYHUB_CUSTODIANS") or "[]"),
    # Each app's demo data, loaded after the borough by `familyhub demo` (idempotent).
    "DEMO_EXTRAS": [
        "organisations.demo.load_demo",  # demo two-factor devices
        "proceedings.demo.load_first",  # loads nothing: its reset runs before casework's
        "portal.demo.load_first",  # loads nothing: its reset runs before casework's
        "hubs.demo.load_first",  # loads nothing: its reset runs before casework's
        "casework.demo.load_demo",
        "casework.demo_protection.load_demo",  # a MACPT and the s47 enquiries allocated to it
        "directory.demo.load_demo",  # the hubs' offer (after casework, whose reset goes first)
        "hubs.demo.load_demo",  # sessions, enrolments, waiting lists and registers
        "frontdoor.demo.load_demo",
        "sharing.demo.load_demo",  # NHS number provenance, decisions not to share (s16LA/LC)
        "linkage.demo.load_demo",  # writes var/demo/school-roll-demo.csv (links nothing)
        "returns.demo.load_demo",  # last census year's casework (CIN census 2025-26)
        "insight.demo.load_demo",  # two years of synthetic history for the dashboards
        "proceedings.demo.load_demo",  # a pre-proceedings case with FGDM (census module 5)
        "portal.demo.load_demo",  # family sign-ins, relationship checks and goal scores (printed)
        "api.demo.load_demo",  # two partner systems' API clients (keys printed)
        "custodian.demo.load_demo",  # the Find / Fetch a Record agreement set and its clients
        "matching.demo.load_demo",  # last: matching keys for everyone loaded above
    ],
}
