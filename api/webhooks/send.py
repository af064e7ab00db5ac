"""One HTTP POST of a delivery to the partner's endpoint: the body exactly as kept, signed now
(api/signing.py). No redirects are followed; the answer's status and the start of its body are
kept for the log."""

from __future__ import annotations

import time
from dataclasses import dataclass

import requests

from .. import signing

TIMEOUT = (5, 10)  # seconds to connect, to read
EXCERPT_BYTES = 2048
USER_AGENT = "FamilyHub-Webhooks/1"


@dataclass
class Answer:
    status_code: int | None
    excerpt: str = ""
    error: str = ""


def headers_for(delivery, secret: str, body: bytes, timestamp: int) -> dict[str, str]:
    return {
        "Content-Type": "application/json",
        "User-Agent": USER_AGENT,
        "FamilyHub-Event": delivery.event,
        "FamilyHub-Event-Id": str(delivery.event_id),
        "FamilyHub-Delivery": str(delivery.pk),
        signing.HEADER: signing.header_value(secret, timestamp, body),
    }


def post(delivery) -> Answer:
    subscription = delivery.subscription
    body = delivery.body.encode()
    headers = headers_for(delivery, subscription.secret, body, int(time.time()))
    try:
        with requests.post(
            subscription.url,
            data=body,
            headers=headers,
            timeout=TIMEOUT,
            allow_redirects=False,
            stream=True,
        ) as response:
            start = response.raw.read(EXCERPT_BYTES, decode_content=True) or b""
            return Answer(response.status_code, start.decode("utf-8", errors="replace"))
    except requests.RequestException as exc:
        return Answer(None, error=f"{type(exc).__name__}: {exc}"[:300])
