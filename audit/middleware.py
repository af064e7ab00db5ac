import uuid

from .context import RequestContext, current


class RequestContextMiddleware:
    """Stamps each request with an id and records where it came from for audit events."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.request_id = request.headers.get("X-Request-ID", "")[:40] or uuid.uuid4().hex
        token = current.set(
            RequestContext(
                ip_address=request.META.get("REMOTE_ADDR") or None,
                user_agent=request.headers.get("User-Agent", "")[:300],
                request_id=request.request_id,
            )
        )
        try:
            response = self.get_response(request)
        finally:
            current.reset(token)
        response["X-Request-ID"] = request.request_id
        return response
