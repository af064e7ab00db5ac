"""The push client for DfE's daily child-level collection: POSTs one request body to
`{base}/children_social_care_data/{la_code}/children` (shared/standards/dfe-csc-daily-collection
/openapi.json). Off unless configured by the environment:

- FAMILYHUB_DAILY_PUSH_URL: the API's base address (DfE's production one is
  https://find-and-use-an-api.education.gov.uk/api); empty or unset means the push is off.
- FAMILYHUB_DAILY_PUSH_TOKEN: a bearer token, if the endpoint wants one.
- FAMILYHUB_DAILY_PUSH_KEY: a subscription key (sent as Ocp-Apim-Subscription-Key), if wanted.
- FAMILYHUB_DAILY_PUSH_TIMEOUT: seconds to wait for an answer (default 30).

The LA code is the app's (FAMILYHUB_LA_CODE). Only the standard library speaks HTTP here."""

from __future__ import annotations

import json
import os
import urllib.error
import urllib.request
from dataclasses import dataclass
from typing import Any

from django.conf import settings

# Worth trying again later: too many requests, and the server's own failures.
RETRYABLE = frozenset({408, 429, 500, 502, 503, 504})


@dataclass(frozen=True)
class PushConfig:
    base_url: str
    la_code: int
    token: str = ""
    key: str = ""
    timeout: float = 30.0

    @property
    def url(self) -> str:
        return f"{self.base_url.rstrip('/')}/children_social_care_data/{self.la_code}/children"


class PushFailed(Exception):
    def __init__(self, message: str, *, retryable: bool, status: int | None = None) -> None:
        super().__init__(message)
        self.retryable = retryable
        self.status = status


def config() -> PushConfig | None:
    """The push's configuration from the environment, or None when it is off (the default)."""
    base = os.environ.get("FAMILYHUB_DAILY_PUSH_URL", "").strip()
    if not base:
        return None
    return PushConfig(
        base_url=base,
        la_code=int(settings.FAMILYHUB["LA_CODE"]),
        token=os.environ.get("FAMILYHUB_DAILY_PUSH_TOKEN", ""),
        key=os.environ.get("FAMILYHUB_DAILY_PUSH_KEY", ""),
        timeout=float(os.environ.get("FAMILYHUB_DAILY_PUSH_TIMEOUT", "30")),
    )


def post(cfg: PushConfig, body: list[dict[str, Any]]) -> str:
    """POST one request body; DfE's receipt (a UUID) or "" for 204. PushFailed otherwise."""
    headers = {"Content-Type": "application/json", "Accept": "application/json"}
    if cfg.token:
        headers["Authorization"] = f"Bearer {cfg.token}"
    if cfg.key:
        headers["Ocp-Apim-Subscription-Key"] = cfg.key
    data = json.dumps(body).encode("utf-8")
    request = urllib.request.Request(cfg.url, data=data, headers=headers, method="POST")  # noqa: S310 - the configured https endpoint
    try:
        with urllib.request.urlopen(request, timeout=cfg.timeout) as response:  # noqa: S310
            text = response.read().decode("utf-8", "replace").strip()
            if response.status == 204 or not text:
                return ""
            receipt = json.loads(text)
            return str(receipt)[:100]
    except urllib.error.HTTPError as exc:
        detail = exc.read().decode("utf-8", "replace")[:200]
        raise PushFailed(
            f"DfE answered {exc.code}: {detail}", retryable=exc.code in RETRYABLE, status=exc.code
        ) from exc
    except (urllib.error.URLError, TimeoutError, OSError) as exc:
        raise PushFailed(f"Could not reach {cfg.url}: {exc}", retryable=True) from exc
    except ValueError as exc:
        raise PushFailed(f"DfE's answer was not JSON: {exc}", retryable=False) from exc
