"""Signing webhook deliveries, and checking a signature as a partner's receiver should.

Every delivery carries:

    FamilyHub-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256>

where the HMAC's key is the subscription's secret (shown once, when the subscription is made)
and its message is the timestamp, a full stop, and the request body exactly as sent:
`f"{t}.{body}"`. A receiver recomputes it, compares in constant time, and refuses a timestamp
more than five minutes from its own clock (a replayed capture). Several `v1=` values may appear
while a secret is being changed: any one matching is enough.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets

HEADER = "FamilyHub-Signature"
SCHEME = "v1"
TOLERANCE_SECONDS = 300
SECRET_PREFIX = "whsec_"  # noqa: S105 (a label, not a secret)


class BadSignature(Exception):
    """The signature header is missing, malformed, stale or does not match."""


def new_secret() -> str:
    return SECRET_PREFIX + secrets.token_urlsafe(32)


def signature(secret: str, timestamp: int, body: bytes) -> str:
    message = str(int(timestamp)).encode() + b"." + body
    return hmac.new(secret.encode(), message, hashlib.sha256).hexdigest()


def header_value(secret: str, timestamp: int, body: bytes) -> str:
    return f"t={int(timestamp)},{SCHEME}={signature(secret, timestamp, body)}"


def verify(
    secret: str, header: str, body: bytes, *, now: float, tolerance: int = TOLERANCE_SECONDS
) -> int:
    """Check a delivery as a receiver would; returns its timestamp or raises BadSignature."""
    timestamp: int | None = None
    signatures: list[str] = []
    for part in (header or "").split(","):
        name, _, value = part.strip().partition("=")
        if name == "t" and value.isdecimal():
            timestamp = int(value)
        elif name == SCHEME and value:
            signatures.append(value)
    if timestamp is None or not signatures:
        raise BadSignature("No timestamp or no v1 signature in the header")
    if abs(now - timestamp) > tolerance:
        raise BadSignature("The timestamp is too far from now (a replayed delivery?)")
    expected = signature(secret, timestamp, body)
    if not any(hmac.compare_digest(expected, s) for s in signatures):
        raise BadSignature("The signature does not match the body")
    return timestamp
