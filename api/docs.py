"""The API's description, served by FamilyHub itself: the OpenAPI 3 document generated from the
code, browsable docs from the packaged Swagger UI (drf-spectacular-sidecar: no CDN, and the
split view keeps every script a file, within the Content Security Policy), and a page for each
problem type the API answers with."""

from __future__ import annotations

from django.http import Http404
from django.shortcuts import render
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from familyhub.failures import PROBLEM_TYPES


class Schema(SpectacularAPIView):
    authentication_classes: list = []
    permission_classes: list = []
    throttle_classes: list = []


class Docs(SpectacularSwaggerSplitView):
    authentication_classes: list = []
    permission_classes: list = []
    throttle_classes: list = []
    template_name = "api/swagger_ui.html"
    url_name = "api:schema"
    title = "FamilyHub partner API"


def problem_type(request, slug: str):
    if slug not in PROBLEM_TYPES:
        raise Http404("Not found")
    title, meaning = PROBLEM_TYPES[slug]
    return render(
        request,
        "api/problem_type.html",
        {"slug": slug, "title": title, "meaning": meaning, "types": sorted(PROBLEM_TYPES.items())},
    )
