"""Every API failure as RFC 9457 problem details (application/problem+json), through the
kernel's one failure mapping (familyhub.failures): a domain error and a refusal read exactly
as they do for pages (404 for what the client may not see), a request the API cannot accept
names its problem type."""

from __future__ import annotations

from typing import Any

from django.http import Http404
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.views import set_rollback

from familyhub import errors
from familyhub.failures import http_problem, problem_details

PROBLEM_JSON = "application/problem+json"


class IdempotencyProblem(exceptions.APIException):
    status_code = status.HTTP_422_UNPROCESSABLE_ENTITY
    default_detail = "Send an Idempotency-Key header with every POST"


class IdempotencyInProgress(exceptions.APIException):
    status_code = status.HTTP_409_CONFLICT
    default_detail = "A request with this Idempotency-Key is still being handled: try again"


class PreconditionRequired(exceptions.APIException):
    status_code = status.HTTP_428_PRECONDITION_REQUIRED
    default_detail = "Send If-Match with the ETag you last read: changes need it"


class PreconditionFailed(exceptions.APIException):
    status_code = status.HTTP_412_PRECONDITION_FAILED
    default_detail = "The record changed since the ETag you sent: read it again"


def _field_errors(detail: Any, prefix: str = "") -> list[dict[str, str]]:
    """DRF's nested validation messages as a flat list of {"field", "detail"}."""
    if isinstance(detail, dict):
        out = []
        for name, value in detail.items():
            field = name if name != "non_field_errors" else ""
            path = f"{prefix}.{field}" if prefix and field else field or prefix
            out += _field_errors(value, path)
        return out
    if isinstance(detail, list):
        out = []
        for i, value in enumerate(detail):
            nested = isinstance(value, dict | list)
            out += _field_errors(value, f"{prefix}[{i}]" if nested else prefix)
        return out
    return [{"field": prefix, "detail": str(detail)}]


def _as_domain_error(exc: exceptions.ValidationError) -> errors.RuleViolation:
    found = _field_errors(exc.detail)
    field_errors: dict[str, list[str]] = {}
    for item in found:
        field_errors.setdefault(item["field"] or "request", []).append(item["detail"])
    first = found[0]["detail"] if found else "The request is not valid"
    return errors.RuleViolation(first, field_errors=field_errors)


_SLUGS: list[tuple[type, str]] = [
    (exceptions.NotAuthenticated, "unauthenticated"),
    (exceptions.AuthenticationFailed, "unauthenticated"),
    (exceptions.PermissionDenied, "scope-missing"),
    (exceptions.Throttled, "rate-limited"),
    (IdempotencyProblem, "idempotency-key"),
    (IdempotencyInProgress, "idempotency-key"),
    (PreconditionRequired, "precondition-required"),
    (PreconditionFailed, "precondition-failed"),
    (exceptions.ParseError, "bad-request"),
    (exceptions.UnsupportedMediaType, "bad-request"),
]


def problem_for(exc: BaseException) -> tuple[dict[str, Any], dict[str, str]] | None:
    """The problem details and extra headers for an exception (None: not ours to answer)."""
    if isinstance(exc, exceptions.ValidationError):
        return problem_details(_as_domain_error(exc)), {}
    if isinstance(exc, exceptions.NotFound | Http404 | errors.DomainError):
        return problem_details(exc if not isinstance(exc, exceptions.NotFound) else Http404()), {}
    if not isinstance(exc, exceptions.APIException):
        return None
    slug = next((s for cls, s in _SLUGS if isinstance(exc, cls)), None)
    headers: dict[str, str] = {}
    code = exc.status_code
    if isinstance(exc, exceptions.NotAuthenticated | exceptions.AuthenticationFailed):
        code = status.HTTP_401_UNAUTHORIZED
        headers["WWW-Authenticate"] = 'Bearer realm="api"'
    if isinstance(exc, exceptions.Throttled) and exc.wait is not None:
        headers["Retry-After"] = str(max(1, int(exc.wait + 0.999)))
    detail = exc.detail if isinstance(exc.detail, str) else str(exc.detail)
    return http_problem(code, detail, slug=slug), headers


def exception_handler(exc: Exception, context: dict) -> Response | None:
    found = problem_for(exc)
    if found is None:
        return None
    problem, headers = found
    set_rollback()
    return Response(problem, status=problem["status"], headers=headers, content_type=PROBLEM_JSON)
