"""Partner systems: API clients (one per system, acting for its organisation) and the answers
kept for idempotency keys."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone

from .scopes import Scope


class ApiClient(models.Model):
    """A partner organisation's system. It signs in with a hashed API key (shown once) and acts
    through its own sign-in account (`user`), so the kernel resolves it to an API client
    principal acting for `organisation`, and the audit trail names it."""

    name = models.CharField(max_length=120, help_text="The system, e.g. 'Northgate Primary MIS'")
    organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.PROTECT, related_name="api_clients"
    )
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="api_client"
    )
    scopes = models.JSONField(default=list)
    key_prefix = models.CharField(max_length=12, unique=True)
    key_digest = models.CharField(max_length=64)
    created_at = models.DateTimeField(default=timezone.now)
    created_by_label = models.CharField(max_length=200)
    expires_on = models.DateField(help_text="The key stops working at the end of this day")
    revoked_at = models.DateTimeField(null=True, blank=True)
    revoked_by_label = models.CharField(max_length=200, blank=True)
    revoked_reason = models.CharField(max_length=300, blank=True)
    last_used_at = models.DateTimeField(null=True, blank=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["organisation__name", "name", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["organisation", "name"], name="api_client_unique_name")
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.organisation.name})"

    @property
    def is_revoked(self) -> bool:
        return self.revoked_at is not None

    @property
    def is_expired(self) -> bool:
        return timezone.localdate() > self.expires_on

    @property
    def is_usable(self) -> bool:
        return not self.is_revoked and not self.is_expired

    def scope_labels(self) -> list[str]:
        return [Scope(s).label for s in self.scopes if s in Scope.values]


class IdempotentRequest(models.Model):
    """The answer given to a POST with an Idempotency-Key: a retry gets the same answer (and
    never a second concern); the same key with a different body is refused."""

    client = models.ForeignKey(ApiClient, on_delete=models.CASCADE, related_name="+")
    key = models.CharField(max_length=200)
    method = models.CharField(max_length=10)
    path = models.CharField(max_length=300)
    request_digest = models.CharField(max_length=64)
    status = models.PositiveSmallIntegerField()
    body = models.JSONField(default=dict)
    location = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["client", "key"], name="idempotency_key_once")
        ]

    def __str__(self) -> str:
        return f"{self.method} {self.path} ({self.key})"


class WebhookEvent(models.TextChoices):
    """What a partner system may be told of as it happens (each needs the scope that reads it)."""

    CONCERN_OUTCOME_DECIDED = (
        "concern.outcome_decided",
        "The front door decided the outcome of a concern the client sent",
    )
    LEAD_PRACTITIONER_CHANGED = (
        "family.lead_practitioner_changed",
        "The lead practitioner or cover changed for a family the organisation works with",
    )


class WebhookSubscription(models.Model):
    """An HTTPS endpoint of a partner system and the events it wants. Deliveries are signed
    with `secret` (HMAC-SHA256, api/signing.py), which is shown to the client once."""

    client = models.ForeignKey(ApiClient, on_delete=models.CASCADE, related_name="webhooks")
    url = models.URLField(max_length=500)
    events = models.JSONField(default=list)
    secret = models.CharField(max_length=80)
    description = models.CharField(max_length=200, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)
    ended_at = models.DateTimeField(null=True, blank=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["client", "pk"]

    def __str__(self) -> str:
        return f"{self.url} ({self.client.name})"

    @property
    def reference(self) -> str:
        return f"WH-{self.pk}"


class DeliveryStatus(models.TextChoices):
    PENDING = "pending", "Waiting to be sent"
    RETRYING = "retrying", "Failed, will try again"
    DELIVERED = "delivered", "Delivered"
    GAVE_UP = "gave_up", "Failed, gave up"


class WebhookDelivery(models.Model):
    """One event for one subscription: the exact body signed and sent, and how it went. A
    replay by an administrator is a new delivery of the same event (same event id)."""

    subscription = models.ForeignKey(
        WebhookSubscription, on_delete=models.CASCADE, related_name="deliveries"
    )
    event = models.CharField(max_length=60, choices=WebhookEvent.choices)
    event_id = models.UUIDField()
    subject_type = models.CharField(max_length=20, help_text="concern or family")
    subject_id = models.PositiveBigIntegerField()
    body = models.TextField()
    status = models.CharField(
        max_length=12, choices=DeliveryStatus.choices, default=DeliveryStatus.PENDING
    )
    attempts = models.PositiveSmallIntegerField(default=0)
    next_attempt_at = models.DateTimeField(null=True, blank=True)
    last_status_code = models.PositiveSmallIntegerField(null=True, blank=True)
    last_error = models.CharField(max_length=300, blank=True)
    delivered_at = models.DateTimeField(null=True, blank=True)
    replay_of = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="replays"
    )
    replayed_by_label = models.CharField(max_length=200, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-pk"]
        indexes = [models.Index(fields=["subscription", "-created_at"])]

    def __str__(self) -> str:
        return f"{self.event} to {self.subscription.url} ({self.status})"


class WebhookAttempt(models.Model):
    """One try at sending a delivery: the response's status and the start of its body, or why
    no answer came."""

    delivery = models.ForeignKey(WebhookDelivery, on_delete=models.CASCADE, related_name="tries")
    number = models.PositiveSmallIntegerField()
    at = models.DateTimeField(default=timezone.now)
    status_code = models.PositiveSmallIntegerField(null=True, blank=True)
    response_excerpt = models.CharField(max_length=500, blank=True)
    error = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["delivery", "number"]
        constraints = [
            models.UniqueConstraint(fields=["delivery", "number"], name="webhook_attempt_once")
        ]

    def __str__(self) -> str:
        return f"Attempt {self.number}: {self.status_code or self.error}"
