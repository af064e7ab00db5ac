"""Local development and `make run`: the embedded SQLite database and the demo borough.

Served as in production (WhiteNoise, real error pages); set DJANGO_DEBUG=1 to debug.
"""

import os
import secrets

from .base import *  # noqa: F403
from .base import VAR_DIR

DEBUG = os.environ.get("DJANGO_DEBUG") == "1"
ALLOWED_HOSTS = ["127.0.0.1", "localhost", "[::1]"]


def _dev_secret() -> str:
    """A per-checkout random key kept under var/ (never committed)."""
    path = VAR_DIR / "dev-secret-key"
    if not path.exists():
        path.write_text(secrets.token_urlsafe(50))
        path.chmod(0o600)
    return path.read_text().strip()


SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY") or _dev_secret()

# Webhooks to a receiver on this machine (http://127.0.0.1:...) while developing.
FAMILYHUB_WEBHOOKS_ALLOW_HTTP = True
