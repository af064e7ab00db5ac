"""If-Match on every change over the API (RFC 9110 §13.1.1): the ETag the client last read must
still be the record's, so no update is lost. Missing: 428; stale: 412 (problem details)."""

from __future__ import annotations

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter

from .problems import PreconditionFailed, PreconditionRequired

MISSING = "Send If-Match with the ETag you last read (GET the record first)"
STAR = "If-Match: * is not enough here: send the record's ETag"
STALE = "The record changed since the ETag you sent: read it again and send its new ETag"

IF_MATCH = OpenApiParameter(
    "If-Match",
    OpenApiTypes.STR,
    OpenApiParameter.HEADER,
    required=True,
    description="The ETag from your last GET of this record (428 without it, 412 if stale)",
)


def require(request, etag: str) -> None:
    header = (request.headers.get("If-Match") or "").strip()
    if not header:
        raise PreconditionRequired(MISSING)
    tags = [t.strip() for t in header.split(",")]
    if "*" in tags:
        raise PreconditionRequired(STAR)
    if etag not in tags:  # strong comparison: a weak W/"..." never matches
        raise PreconditionFailed(STALE)
