"""The family's own view is fenced: a family member's session reaches the /my/ pages, signing
out, and the public pages (each hub's offer, the open directory feed), and nothing else. Every
other address answers 404, as the registry would for each record on it; the home page takes
them to their own page. (Defence in depth: the registry has no rule for this kind on any other
record type, so the practitioners' pages would show them nothing in any case.)"""

from __future__ import annotations

from django.http import Http404
from django.shortcuts import redirect
from django.urls import Resolver404, resolve

from access.principals import PrincipalKind, principal_for

SESSION_KEY = "familyhub_family_member"
OPEN_NAMESPACES = {"portal", "oruk"}
OPEN_NAMES = {
    "access:sign-out",
    "web:healthz",
    "web:readyz",
    "hubs:public-hubs",
    "hubs:public-hub",
}
# Until they have chosen a password, a new family member is kept on that page.
FIRST_STEPS = {"portal:password", "access:sign-out"}


class FamilyFenceMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated:
            return self.get_response(request)
        is_member = principal_for(user).kind == PrincipalKind.FAMILY_MEMBER
        if not is_member and not request.session.get(SESSION_KEY):
            return self.get_response(request)
        try:
            match = resolve(request.path_info)
        except Resolver404:
            return self.get_response(request)
        name = match.view_name
        if name == "web:home":
            return redirect("portal:home")
        first_steps = not user.has_usable_password() and match.namespace == "portal"
        if first_steps and name not in FIRST_STEPS:
            return redirect("portal:password")
        if match.namespace in OPEN_NAMESPACES or name in OPEN_NAMES:
            return self.get_response(request)
        raise Http404("Not found")
