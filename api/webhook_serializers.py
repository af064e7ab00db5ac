"""The shapes of webhook subscriptions in the API (version 1), and of what a delivery sends."""

from __future__ import annotations

from rest_framework import serializers

from .models import WebhookEvent

EVENTS_HELP = (
    "concern.outcome_decided needs the scope outcomes:read; family.lead_practitioner_changed "
    "needs directory:read"
)


class WebhookIn(serializers.Serializer):
    url = serializers.CharField(
        max_length=500, help_text="Your endpoint: a public https:// address"
    )
    events = serializers.ListField(
        child=serializers.ChoiceField(choices=WebhookEvent.choices),
        min_length=1,
        max_length=len(WebhookEvent.values),
        help_text=EVENTS_HELP,
    )
    description = serializers.CharField(max_length=200, required=False, allow_blank=True)


class WebhookChangeIn(serializers.Serializer):
    """Any of the fields; what is left out stays as it is."""

    url = serializers.CharField(max_length=500, required=False)
    events = serializers.ListField(
        child=serializers.ChoiceField(choices=WebhookEvent.choices),
        min_length=1,
        max_length=len(WebhookEvent.values),
        required=False,
        help_text=EVENTS_HELP,
    )
    description = serializers.CharField(max_length=200, required=False, allow_blank=True)


class WebhookOut(serializers.Serializer):
    id = serializers.IntegerField()
    url = serializers.CharField()
    events = serializers.ListField(child=serializers.CharField())
    description = serializers.CharField(allow_blank=True)
    created_at = serializers.DateTimeField()
    version = serializers.IntegerField(help_text="Also the ETag: send it as If-Match to change")


class WebhookCreatedOut(WebhookOut):
    secret = serializers.CharField(
        help_text="Signs every delivery (FamilyHub-Signature: t=<unix seconds>,v1=<hex "
        "HMAC-SHA256 of '<t>.<body>' with this secret>). Shown in this answer only: keep it."
    )


class WebhookList(serializers.Serializer):
    results = WebhookOut(many=True)
