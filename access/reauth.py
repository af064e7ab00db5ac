"""Re-authentication before exports: a recent password check, kept in the session."""

from __future__ import annotations

import time
from urllib.parse import urlencode

from django.conf import settings
from django.shortcuts import redirect
from django.urls import reverse

SESSION_KEY = "familyhub_reauthenticated_at"


def window_seconds() -> int:
    return int(getattr(settings, "FAMILYHUB_REAUTH_SECONDS", 15 * 60))


def mark(request) -> None:
    request.session[SESSION_KEY] = int(time.time())


def is_recent(request) -> bool:
    at = request.session.get(SESSION_KEY)
    return at is not None and time.time() - at <= window_seconds()


def ask_for_password(request):
    """Call after the access check: None if the password was confirmed recently, otherwise the
    redirect to confirm it (exports of personal data ask again every 15 minutes)."""
    if is_recent(request):
        return None
    query = urlencode({"next": request.get_full_path()})
    return redirect(f"{reverse('access:confirm-password')}?{query}")
