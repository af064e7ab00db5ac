"""One failure mapping: how the error vocabulary in `familyhub.errors` reaches the user.

- **Not visible** (`NotPermitted`, `Http404`) is a 404 on every page, so a record's existence is
  never confirmed. Views do not catch `NotPermitted`: `FailureMiddleware` maps it, whichever view
  or query raised it.
- **A domain error while handling a form** is the GOV.UK error summary on the re-rendered form,
  with everything the user typed kept: the view runs its action inside `form.saving()` (see
  `Saving`); a `StaleVersion` also keeps the latest saved version for the "both versions shown"
  comparison.
- **A domain error from a button that is not a form** (authorise, discard, decide) is a warning
  message on the page the view redirects to: `flashing(request)`.
- **A domain error nothing handled** is a page with the error summary and status 409/422,
  never a 500.
- **The API** (later) answers with RFC 9457 problem details: `problem_details(exc)`.
- **The database cannot be reached** (refused, down, restarting) is 503 "unavailable, try
  again", not 500, on every page, wherever it was noticed (a view or a middleware):
  `server_error` is the site's handler500.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass, field
from http import HTTPStatus
from typing import Any

from django.contrib import messages
from django.db import InterfaceError, OperationalError
from django.http import Http404, HttpResponse, HttpResponseServerError
from django.shortcuts import render
from django.template import loader
from django.utils.http import url_has_allowed_host_and_scheme

from familyhub import errors

NOT_FOUND = "Not found"
# Problem types are documented by the deployment itself (api.urls serves each one), so a type
# URI resolves against whichever FamilyHub answered (RFC 9457 section 3.1.1: a relative
# reference is resolved against the response's URI).
PROBLEM_BASE = "/api/v1/problems/"


def _status(exc: BaseException) -> int:
    if isinstance(exc, (errors.NotPermitted, Http404)):
        return HTTPStatus.NOT_FOUND
    if isinstance(exc, errors.StaleVersion):
        return HTTPStatus.CONFLICT
    return HTTPStatus.UNPROCESSABLE_ENTITY


# --- Forms ----------------------------------------------------------------------------------------


@dataclass
class Saving:
    """The outcome of running an action for a form (true when it succeeded).

    Use as a context manager around the action call:

        with form.saving() as saved:
            actions.plan_update(...)
        if saved:
            return redirect(...)
        conflict = saved.conflict            # a StaleVersion, or None

    A `NotPermitted` is not caught (it is a 404, see `FailureMiddleware`). Any other
    `DomainError` is put on the form (field errors beside their fields, the rest in the summary);
    a `StaleVersion` puts its message in the summary and, unless `rebase=False`, moves the form's
    `version` to the latest saved one, so saving again keeps the user's text over it.
    """

    form: Any
    rebase: bool = True
    ok: bool = False
    error: errors.DomainError | None = None
    conflict: errors.StaleVersion | None = field(default=None)

    def __bool__(self) -> bool:
        return self.ok

    def __enter__(self) -> Saving:
        return self

    def __exit__(self, exc_type, exc, tb) -> bool:
        if exc is None:
            self.ok = True
            return False
        if not isinstance(exc, errors.DomainError) or isinstance(exc, errors.NotPermitted):
            return False
        self.error = exc
        if isinstance(exc, errors.StaleVersion):
            self.conflict = exc
            self.form.add_error(None, exc.message)
            if self.rebase and "version" in self.form.fields:
                self.form.data = self.form.data.copy()
                self.form.data["version"] = exc.current.version
        else:
            self.form.add_domain_errors(exc)
        return True


# --- Buttons that are not forms ------------------------------------------------------------------


@dataclass
class Flashing:
    """Like `Saving`, for a POST that redirects whatever happens: a domain error becomes a
    warning message on the next page. `not_permitted=True` also shows a `NotPermitted` as a
    message, for a refusal on a record the user can see (e.g. approving one's own proposal)."""

    request: Any
    not_permitted: bool = False
    ok: bool = False
    error: errors.DomainError | None = None

    def __bool__(self) -> bool:
        return self.ok

    def __enter__(self) -> Flashing:
        return self

    def __exit__(self, exc_type, exc, tb) -> bool:
        if exc is None:
            self.ok = True
            return False
        if not isinstance(exc, errors.DomainError):
            return False
        if isinstance(exc, errors.NotPermitted) and not self.not_permitted:
            return False
        self.error = exc
        messages.warning(self.request, exc.message)
        return True


def flashing(request, *, not_permitted: bool = False) -> Flashing:
    return Flashing(request, not_permitted=not_permitted)


# --- Every page -----------------------------------------------------------------------------------


class FailureMiddleware:
    """Maps what a view let through: `NotPermitted` → 404 (Django's own 404 page and logging);
    any other `DomainError` → the error summary page (409 for a stale save, else 422)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if isinstance(exception, errors.NotPermitted):
            raise Http404(NOT_FOUND) from exception
        if isinstance(exception, errors.DomainError):
            return render(
                request,
                "web/problem.html",
                {"problem": exception, "back": _same_site_referer(request)},
                status=_status(exception),
            )
        return None


def _same_site_referer(request) -> str:
    referer = request.headers.get("referer", "")
    allowed = url_has_allowed_host_and_scheme(
        referer, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    )
    return referer if allowed else ""


def server_error(request):
    """handler500. Rendered without the request's context processors, which may themselves
    need the database."""
    exc = sys.exc_info()[1]
    if isinstance(exc, (OperationalError, InterfaceError)):
        response = HttpResponse(loader.render_to_string("503.html"), status=503)
        response["Retry-After"] = "30"
        return response
    return HttpResponseServerError(loader.render_to_string("500.html"))


# --- The API (RFC 9457) ---------------------------------------------------------------------------


def problem_details(exc: BaseException) -> dict[str, Any]:
    """The RFC 9457 problem details for a domain error, `NotPermitted` or `Http404`.

    Not visible is `about:blank` 404 with no detail of its own, so a refusal reads exactly like a
    missing record. `errors` lists field errors as {"field", "detail"} (empty when none).
    """
    status = _status(exc)
    if status == HTTPStatus.NOT_FOUND:
        return {
            "type": "about:blank",
            "title": HTTPStatus.NOT_FOUND.phrase,
            "status": int(status),
            "detail": NOT_FOUND,
            "errors": [],
        }
    if not isinstance(exc, errors.DomainError):
        raise TypeError(f"Not a domain error: {exc!r}")
    slug, title = next(_KINDS[cls] for cls in type(exc).__mro__ if cls in _KINDS)
    problem: dict[str, Any] = {
        "type": PROBLEM_BASE + slug,
        "title": title,
        "status": int(status),
        "detail": exc.message,
        "errors": [
            {"field": name, "detail": message}
            for name, field_messages in exc.field_errors.items()
            for message in field_messages
        ],
    }
    if isinstance(exc, errors.StaleVersion):
        version = getattr(exc.current, "version", None)
        if version is not None:
            problem["current_version"] = version
    return problem


def http_problem(
    status: int, detail: str, *, slug: str | None = None, errors: list | None = None
) -> dict[str, Any]:
    """Problem details for a failure of the request itself rather than of the domain (not
    signed in, not allowed this scope, too many requests, unreadable body)."""
    phrase = HTTPStatus(status).phrase
    return {
        "type": PROBLEM_BASE + slug if slug else "about:blank",
        "title": phrase,
        "status": int(status),
        "detail": detail,
        "errors": errors or [],
    }


# slug -> (title, what it means): the documentation each problem type's URI serves.
PROBLEM_TYPES: dict[str, tuple[str, str]] = {
    "stale-version": (
        "Someone else changed this record",
        "The record changed since the version you sent (If-Match). Fetch it again, apply your "
        "change to the latest version and send it again.",
    ),
    "rule-violation": (
        "The change breaks a rule",
        "The request was understood but breaks one of FamilyHub's rules. `errors` lists each "
        "field with what is wrong; nothing was saved.",
    ),
    "domain-error": ("The request could not be completed", "Nothing was saved."),
    "unauthenticated": (
        "No valid API key",
        "Send `Authorization: Bearer <key>` with a key that has not been revoked or expired.",
    ),
    "scope-missing": (
        "The client does not have the scope this needs",
        "Ask the partnership's administrator to give the client the scope named in `detail`.",
    ),
    "rate-limited": (
        "Too many requests",
        "The client sent more requests than its limit allows. Wait for the number of seconds "
        "in the Retry-After header.",
    ),
    "idempotency-key": (
        "Idempotency-Key missing or reused",
        "Every POST needs an Idempotency-Key header (a value unique to the intended change, "
        "e.g. a UUID). A retry with the same key and body gets the first answer again; the same "
        "key with a different body is refused.",
    ),
    "bad-request": ("The request could not be read", "Send JSON as the API description shows."),
    "precondition-required": (
        "If-Match needed",
        "A change to a record needs If-Match with the ETag you last read (from GET), so that "
        "nobody's change is lost: read the record, then send its ETag with your change.",
    ),
    "precondition-failed": (
        "The record changed since you read it",
        "The ETag in If-Match is not the record's current one: someone changed it. Read it "
        "again (GET), apply your change to what is there now and send the new ETag.",
    ),
    "no-agreement": (
        "No data-sharing agreement covers this",
        "Find a Record and Fetch a Record answer only under a data-sharing agreement in force "
        "for your organisation (or its type), the record type, the purpose and the mode "
        "(existence only, or content). Ask the local authority's information governance team.",
    ),
}


_KINDS: dict[type, tuple[str, str]] = {
    errors.StaleVersion: ("stale-version", "Someone else changed this record"),
    errors.RuleViolation: ("rule-violation", "The change breaks a rule"),
    errors.DomainError: ("domain-error", "The request could not be completed"),
}
