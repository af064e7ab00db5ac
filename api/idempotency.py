"""Idempotency-Key on every POST: the change and the answer to it are kept in one transaction,
so a retry (after a timeout, a dropped connection) gets the first answer again and never makes
a second concern; the same key with a different request is refused."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from typing import Any

from django.db import IntegrityError
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter
from rest_framework.response import Response

from access.doorway import batch

from . import actions, queries
from .problems import IdempotencyInProgress, IdempotencyProblem

HEADER = "Idempotency-Key"
MISSING = "Send an Idempotency-Key header with every POST (e.g. a new UUID for each change)"
REUSED = "This Idempotency-Key was used for a different request: use a new key for a new change"
MAX_LENGTH = 200

IDEMPOTENCY_KEY = OpenApiParameter(
    HEADER,
    OpenApiTypes.STR,
    OpenApiParameter.HEADER,
    required=True,
    description="A value unique to this change (e.g. a UUID). A retry with the same key and "
    "body gets the first answer again.",
)


def _digest(request) -> str:
    body = json.dumps(request.data, sort_keys=True, default=str)
    return hashlib.sha256(f"{request.method} {request.path}\n{body}".encode()).hexdigest()


def _replay(kept) -> Response:
    headers = {"Idempotent-Replayed": "true"}
    if kept.location:
        headers["Location"] = kept.location
    return Response(kept.body, status=kept.status, headers=headers)


def idempotent(request, make: Callable[[], tuple[int, Any, str]]) -> Response:
    key = request.headers.get(HEADER, "").strip()
    if not key or len(key) > MAX_LENGTH or not key.isprintable():
        raise IdempotencyProblem(MISSING)
    client = request.auth
    digest = _digest(request)
    kept = queries.idempotent_answer(client, key)
    if kept is not None:
        if kept.request_digest != digest:
            raise IdempotencyProblem(REUSED)
        return _replay(kept)
    try:
        with batch():
            status, body, location = make()
            actions.idempotent_answer_keep(
                by=request.user,
                client=client,
                key=key,
                method=request.method,
                path=request.path,
                request_digest=digest,
                status=status,
                body=json.loads(json.dumps(body, default=str)),
                location=location,
            )
    except IntegrityError:
        # The same key arrived twice at once: the other request's answer is the one kept.
        kept = queries.idempotent_answer(client, key)
        if kept is None or kept.request_digest != digest:
            raise IdempotencyInProgress() from None
        return _replay(kept)
    headers = {"Location": location} if location else {}
    return Response(body, status=status, headers=headers)
