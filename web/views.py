from django.contrib.auth.decorators import login_not_required
from django.http import JsonResponse
from django.shortcuts import render
from django.views.decorators.http import require_http_methods

from people import queries as people_queries
from people.policy import can_use_register

from . import health


@require_http_methods(["GET"])
def home(request):
    if not can_use_register(request.user):
        return render(request, "web/home_other.html", {"nav": "home"})
    return render(
        request,
        "web/home.html",
        {
            "rows": people_queries.my_families(request.user),
            "counts": {"families": people_queries.visible_family_count(request.user)},
            "nav": "home",
        },
    )


@login_not_required
@require_http_methods(["GET"])
def healthz(request):
    """Alive: answers without touching the database (see web.health)."""
    return JsonResponse({"status": "ok"})


@login_not_required
@require_http_methods(["GET"])
def readyz(request):
    ready, body = health.readiness()
    response = JsonResponse(body, status=200 if ready else 503)
    if not ready:
        response["Retry-After"] = "10"
    return response


@login_not_required
def csrf_failure(request, reason=""):
    return render(request, "web/csrf_failure.html", status=403)
