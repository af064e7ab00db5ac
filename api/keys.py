"""API keys: `fh_<prefix>_<secret>`, shown once; only a SHA-256 digest of the whole key is kept.

The secret is 32 random bytes, so a fast digest is enough (a slow password hash protects
guessable passwords, not random keys); the prefix finds the row, the digest is compared in
constant time.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets

PREFIX_BYTES = 6
SECRET_BYTES = 32


def digest(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


def new_key() -> tuple[str, str, str]:
    """A fresh key: (the key to show once, its prefix, its digest)."""
    prefix = secrets.token_hex(PREFIX_BYTES)
    key = f"fh_{prefix}_{secrets.token_urlsafe(SECRET_BYTES)}"
    return key, prefix, digest(key)


def prefix_of(key: str) -> str | None:
    parts = key.split("_", 2)
    if len(parts) != 3 or parts[0] != "fh" or len(parts[1]) != PREFIX_BYTES * 2:
        return None
    return parts[1]


def matches(key: str, stored_digest: str) -> bool:
    return hmac.compare_digest(digest(key), stored_digest)
