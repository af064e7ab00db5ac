"""Production: PostgreSQL via DATABASE_URL, HTTPS only, secrets from the environment."""

import os

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403

DEBUG = False
SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "")
if not SECRET_KEY and os.environ.get("FAMILYHUB_ALLOW_MISSING_SECRET") != "1":
    raise ImproperlyConfigured("DJANGO_SECRET_KEY must be set in production.")

SECURE_SSL_REDIRECT = True
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_HSTS_SECONDS = 31536000
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SESSION_COOKIE_NAME = "__Host-sessionid"
CSRF_COOKIE_NAME = "__Host-csrftoken"
# One JSON object a line, each with its request id; every request answered is logged
# (familyhub.request: method, path, status, ms, user id) for the log shipper.
LOGGING = logging_config(  # noqa: F405
    json_lines=os.environ.get("FAMILYHUB_LOG_FORMAT", "json") == "json",
    level=LOG_LEVEL,  # noqa: F405
)
FAMILYHUB = {**FAMILYHUB, "DEMO": os.environ.get("FAMILYHUB_DEMO", "0") == "1"}  # noqa: F405

# Persistent database connections: each app-server process keeps its connection for
# FAMILYHUB_CONN_MAX_AGE seconds (default 60) and checks it before reusing it, so a database
# that restarted is reconnected to at the next request, not answered with an error. A new
# PostgreSQL connection a request cost about 4 ms (a server process started and ended), as much
# as the rest of /healthz. FAMILYHUB_CONN_MAX_AGE=0 opens one a request, as a pooler in front
# of PostgreSQL (PgBouncer in transaction mode) would want.
for _database in DATABASES.values():  # noqa: F405
    _database["CONN_MAX_AGE"] = int(os.environ.get("FAMILYHUB_CONN_MAX_AGE", "60"))
    _database["CONN_HEALTH_CHECKS"] = True
