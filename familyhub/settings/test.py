"""Test settings: the same as production in behaviour, with fast password hashing."""

import os
import tempfile
from pathlib import Path

from .base import *  # noqa: F403

SECRET_KEY = "test-only-not-secret"  # noqa: S105
DEBUG = False
ALLOWED_HOSTS = ["testserver", "localhost", "127.0.0.1"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]  # speed; prod uses argon2
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
# Two-factor sign-in is switched on explicitly by the tests of it (access/tests/test_two_factor.py)
# so that other tests can sign in privileged roles with force_login.
FAMILYHUB_REQUIRE_2FA = False

# Audit anchors go to a file of this test run's own (never the developer's var/ file); the
# anchor tests point it at a temporary directory of their own.
FAMILYHUB = {  # noqa: F405
    **FAMILYHUB,  # noqa: F405
    "AUDIT_ANCHOR_FILE": str(
        Path(tempfile.gettempdir()) / f"familyhub-test-anchors-{os.getpid()}.jsonl"
    ),
}

# The webhook tests deliver to a real HTTP server on 127.0.0.1.
FAMILYHUB_WEBHOOKS_ALLOW_HTTP = True

# A second database for the read-replica tests (familyhub/tests/test_db_router.py): the same
# engine as "default", its own test database with the tables made from the models (no
# migrations to run), set up only when a test asks for it. Nothing is routed to it unless a
# test turns the replica on (FAMILYHUB_REPLICA = "replica").
DATABASES[REPLICA] = {  # noqa: F405
    **DATABASES["default"],  # noqa: F405
    "NAME": f"{DATABASES['default']['NAME']}_replica",  # noqa: F405
    "TEST": {"MIGRATE": False},
}
FAMILYHUB_REPLICA = ""
