import logging
import re
import time
import uuid

from .context import RequestContext, current

log = logging.getLogger("familyhub.request")

# An id from the proxy in front (nginx's $request_id, a load balancer's trace id) is kept when it
# is a plain token that fits the audit column; anything else is replaced, so a header cannot put
# markup, line breaks or a forged log line into the logs or the audit trail.
REQUEST_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9._:-]{0,39}")


def request_id_from(header: str) -> str:
    return header if REQUEST_ID.fullmatch(header or "") else uuid.uuid4().hex


class RequestContextMiddleware:
    """Stamps each request with an id (X-Request-ID in, kept if well-formed, and out) and records
    where it came from for audit events and log lines; logs each request once it is answered."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.request_id = request_id_from(request.headers.get("X-Request-ID", ""))
        token = current.set(
            RequestContext(
                ip_address=request.META.get("REMOTE_ADDR") or None,
                user_agent=request.headers.get("User-Agent", "")[:300],
                request_id=request.request_id,
            )
        )
        started = time.perf_counter()
        try:
            response = self.get_response(request)
            user = getattr(request, "user", None)
            log.info(
                "%s %s %s",
                request.method,
                request.path,
                response.status_code,
                extra={
                    "method": request.method,
                    "path": request.path[:300],
                    "status": response.status_code,
                    "ms": round((time.perf_counter() - started) * 1000, 1),
                    "user_id": user.pk if user is not None and user.is_authenticated else None,
                },
            )
        finally:
            current.reset(token)
        response["X-Request-ID"] = request.request_id
        return response
