"""Sign-in names and one-time codes, as printed on the letter and as typed back."""

from __future__ import annotations

import secrets

# Letters and digits nobody confuses on paper (no 0/O, 1/I/L, 5/S, 2/Z, 8/B).
ALPHABET = "ACDEFGHJKMNPQRTUVWXY34679"
CODE_LENGTH = 10
NAME_LENGTH = 8
ACCOUNT_DOMAIN = "family.familyhub.invalid"  # RFC 2606: never a real address


def random(n: int) -> str:
    return "".join(secrets.choice(ALPHABET) for _ in range(n))


def grouped(text: str) -> str:
    return "-".join(text[i : i + 4] for i in range(0, len(text), 4))


def normalise(text: str) -> str:
    """What was typed, as stored: capitals, no spaces or dashes."""
    return "".join(ch for ch in (text or "").upper() if ch.isalnum())


def email_for(sign_in_name: str) -> str:
    return f"{normalise(sign_in_name).lower()}@{ACCOUNT_DOMAIN}"
