"""The administrators' pages for partner systems: create a client (its key shown once), see
its calls in the audit trail, revoke it."""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from access.principals import Purpose
from familyhub import errors

from . import actions, forms, policy, queries

SHOWN_KEY = "api_client_new_key"


def _require_admin(request) -> None:
    if not policy.can_manage_api_clients(request.user):
        raise errors.NotPermitted("Not permitted: can_manage_api_clients")


@require_http_methods(["GET", "POST"])
def clients(request):
    _require_admin(request)
    form = forms.ApiClientForm(
        request.POST or None, organisations=queries.organisations_for_clients()
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        with form.saving() as outcome:
            client, key = actions.api_client_create(
                by=request.user,
                organisation=data["organisation"],
                name=data["name"],
                scopes=data["scopes"],
                expires_on=data["expires_on"],
            )
        if outcome:
            request.session[SHOWN_KEY] = {"client": client.pk, "key": key}
            return redirect("api:client", pk=client.pk)
    return render(
        request,
        "api/clients.html",
        {"form": form, "clients": queries.clients_visible_to(request.user), "nav": "api"},
    )


@require_http_methods(["GET", "POST"])
def client(request, pk):
    _require_admin(request)
    found = queries.get_client_for(request.user, pk)
    form = forms.RevokeForm(request.POST or None, initial={"version": found.version})
    if request.method == "POST" and form.is_valid():
        found = queries.get_client_for(request.user, pk, purpose=Purpose.EDIT)
        with form.saving() as outcome:
            actions.api_client_revoke(
                by=request.user,
                client=found,
                expected_version=form.cleaned_data["version"],
                reason=form.cleaned_data["reason"],
            )
        if outcome:
            messages.success(request, f"{found.name}'s key has been revoked")
            return redirect("api:client", pk=found.pk)
    shown = request.session.pop(SHOWN_KEY, None)
    key = shown["key"] if shown and shown.get("client") == found.pk else ""
    calls = Paginator(queries.client_calls(found), 25).get_page(request.GET.get("page"))
    return render(
        request,
        "api/client.html",
        {"client": found, "key": key, "form": form, "calls": calls, "nav": "api"},
    )
