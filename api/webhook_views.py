"""Webhook subscriptions over the API: a client registers its endpoint and the events it wants
(the secret that signs deliveries is in the answer once), reads them, changes one with If-Match
and ends one."""

from __future__ import annotations

from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import status
from rest_framework.response import Response

from access.principals import Purpose
from familyhub import errors

from . import preconditions
from .idempotency import IDEMPOTENCY_KEY, idempotent
from .problems import PreconditionFailed
from .views import PartnerView, path_id, problems
from .webhook_serializers import (
    WebhookChangeIn,
    WebhookCreatedOut,
    WebhookIn,
    WebhookList,
    WebhookOut,
)
from .webhooks import actions, queries

ANY_CLIENT = "Any client may manage its own subscriptions; each event needs the scope that "
ANY_CLIENT += "reads what it tells (concern.outcome_decided: outcomes:read; "
ANY_CLIENT += "family.lead_practitioner_changed: directory:read)."


def _out(subscription) -> dict:
    return {
        "id": subscription.pk,
        "url": subscription.url,
        "events": subscription.events,
        "description": subscription.description,
        "created_at": subscription.created_at,
        "version": subscription.version,
    }


def etag(subscription) -> str:
    return f'"webhook-{subscription.pk}-v{subscription.version}"'


class Webhooks(PartnerView):
    scopes: dict[str, str] = {}  # any client, for its own (see ANY_CLIENT)

    @extend_schema(
        operation_id="webhooks_list",
        summary="This client's webhook subscriptions",
        description=ANY_CLIENT,
        responses={200: WebhookList, **problems()},
    )
    def get(self, request):
        rows = queries.subscriptions_of(self.principal(request)).order_by("pk")
        return Response(WebhookList({"results": [_out(s) for s in rows]}).data)

    @extend_schema(
        operation_id="webhooks_create",
        summary="Register an endpoint for events (the signing secret is shown once)",
        description=ANY_CLIENT + " Deliveries are POSTed as JSON, signed with "
        "FamilyHub-Signature, retried with back-off for about two hours. Needs Idempotency-Key.",
        parameters=[IDEMPOTENCY_KEY],
        request=WebhookIn,
        responses={201: WebhookCreatedOut, **problems(409, 415, 422, 400)},
    )
    def post(self, request):
        principal = self.principal(request)

        def make():
            data = WebhookIn(data=request.data)
            data.is_valid(raise_exception=True)
            subscription = actions.subscription_create(
                by=principal, client=request.auth, **data.validated_data
            )
            body = WebhookCreatedOut({**_out(subscription), "secret": subscription.secret}).data
            return status.HTTP_201_CREATED, body, f"/api/v1/webhooks/{subscription.pk}/"

        return idempotent(request, make)


WEBHOOK_ID = OpenApiParameter(
    "webhook_id", int, OpenApiParameter.PATH, description="The subscription's id"
)


@extend_schema(parameters=[WEBHOOK_ID])
class Webhook(PartnerView):
    scopes: dict[str, str] = {}

    @extend_schema(
        operation_id="webhooks_retrieve",
        summary="One of this client's webhook subscriptions",
        description="ETag: send it back as If-None-Match (304 when unchanged) or as If-Match "
        "to change or end the subscription.",
        responses={
            200: WebhookOut,
            304: OpenApiResponse(description="Not changed"),
            **problems(),
        },
    )
    def get(self, request, webhook_id: str):
        subscription = queries.get_subscription_for(self.principal(request), path_id(webhook_id))
        tag = etag(subscription)
        if tag in request.headers.get("If-None-Match", ""):
            return Response(status=status.HTTP_304_NOT_MODIFIED, headers={"ETag": tag})
        return Response(WebhookOut(_out(subscription)).data, headers={"ETag": tag})

    @extend_schema(
        operation_id="webhooks_update",
        summary="Change the endpoint, the events or the description (If-Match)",
        parameters=[preconditions.IF_MATCH],
        request=WebhookChangeIn,
        responses={200: WebhookOut, **problems(400, 412, 415, 422, 428)},
    )
    def patch(self, request, webhook_id: str):
        principal = self.principal(request)
        subscription = queries.get_subscription_for(
            principal, path_id(webhook_id), purpose=Purpose.EDIT
        )
        preconditions.require(request, etag(subscription))
        data = WebhookChangeIn(data=request.data)
        data.is_valid(raise_exception=True)
        try:
            subscription = actions.subscription_update(
                by=principal,
                subscription=subscription,
                expected_version=subscription.version,
                data=dict(data.validated_data),
            )
        except errors.StaleVersion:  # changed between the check and the write
            raise PreconditionFailed(preconditions.STALE) from None
        tag = etag(subscription)
        return Response(WebhookOut(_out(subscription)).data, headers={"ETag": tag})

    @extend_schema(
        operation_id="webhooks_destroy",
        summary="End a subscription (If-Match): nothing more is sent to it",
        parameters=[preconditions.IF_MATCH],
        request=None,
        responses={204: OpenApiResponse(description="Ended"), **problems(412, 428)},
    )
    def delete(self, request, webhook_id: str):
        principal = self.principal(request)
        subscription = queries.get_subscription_for(
            principal, path_id(webhook_id), purpose=Purpose.EDIT
        )
        preconditions.require(request, etag(subscription))
        try:
            actions.subscription_end(
                by=principal, subscription=subscription, expected_version=subscription.version
            )
        except errors.StaleVersion:
            raise PreconditionFailed(preconditions.STALE) from None
        return Response(status=status.HTTP_204_NO_CONTENT)
