"""The administrators' pages for partner systems: create a client (its key shown once), see
its calls in the audit trail, revoke it."""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from access.principals import Purpose
from familyhub import errors

from . import actions, forms, policy, queries
from .webhooks import actions as webhook_actions
from .webhooks import queries as webhook_queries
from .webhooks import tasks as webhook_tasks

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
    deliveries = Paginator(webhook_queries.client_deliveries(found), 10).get_page(
        request.GET.get("deliveries")
    )
    return render(
        request,
        "api/client.html",
        {
            "client": found,
            "key": key,
            "form": form,
            "calls": calls,
            "subscriptions": webhook_queries.client_subscriptions(found),
            "deliveries": deliveries,
            "nav": "api",
        },
    )


@require_http_methods(["POST"])
def delivery_replay(request, pk):
    """Send a webhook delivery again (a new delivery of the same event), from the client's
    page."""
    _require_admin(request)
    delivery = webhook_queries.get_delivery_for(request.user, pk, purpose=Purpose.EDIT)
    client_pk = delivery.subscription.client_id
    try:
        again = webhook_actions.delivery_replay(
            by=request.user, delivery=delivery, then=webhook_tasks.enqueue
        )
    except errors.RuleViolation as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, f"Delivery {delivery.pk} will be sent again as {again.pk}")
    return redirect(reverse("api:client", args=[client_pk]) + "#deliveries")
