"""Joined-up early warning: several agencies' smaller worries about one family, surfaced to a
manager with every reason listed. No score: a person decides, and the decision is recorded."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone


class Signal(models.Model):
    """One agency's smaller worry about a family: from a concern, or a structured notification
    (e.g. an Operation Encompass domestic-abuse notification, attendance below a threshold)."""

    family = models.ForeignKey("people.Family", on_delete=models.PROTECT, related_name="+")
    person = models.ForeignKey(
        "people.Person", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    kind = models.CharField(max_length=40, help_text="A code from the early-warning rules file")
    organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.PROTECT, related_name="+"
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    recorded_by_label = models.CharField(max_length=200, blank=True)
    occurred_at = models.DateTimeField(db_index=True)
    received_at = models.DateTimeField(default=timezone.now)
    summary = models.CharField(max_length=500)
    source_reference = models.CharField(
        max_length=80,
        null=True,
        blank=True,
        unique=True,
        help_text="The sending system's reference: the same notification is recorded once",
    )
    concern = models.ForeignKey(
        "frontdoor.Concern", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["-occurred_at", "-pk"]
        indexes = [models.Index(fields=["family", "occurred_at"])]

    def __str__(self) -> str:
        return f"{self.kind} from {self.organisation} ({self.occurred_at:%Y-%m-%d})"


class WarningStatus(models.TextChoices):
    OPEN = "open", "Waiting for a decision"
    DECIDED = "decided", "Decided"


class WarningDecision(models.TextChoices):
    CONTACT = "contact", "Send to the front door as a contact"
    OFFER_EARLY_HELP = "offer_early_help", "Ask an agency that knows the family to offer early help"
    MONITOR = "monitor", "Keep watching: no action now"
    NO_ACTION = "no_action", "No action: the worries are already being met"


class EarlyWarning(models.Model):
    family = models.ForeignKey("people.Family", on_delete=models.PROTECT, related_name="+")
    rule_version = models.CharField(max_length=40)
    window_days = models.PositiveIntegerField()
    min_agencies = models.PositiveIntegerField()
    fired_at = models.DateTimeField(default=timezone.now)
    signals = models.ManyToManyField(Signal, related_name="early_warnings")
    reasons = models.JSONField(
        default=list, help_text="What fired the rule: each signal, from whom and when"
    )
    team = models.ForeignKey(
        "organisations.Team",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="The early-help team whose managers it is surfaced to",
    )
    status = models.CharField(
        max_length=10, choices=WarningStatus.choices, default=WarningStatus.OPEN
    )
    decision = models.CharField(max_length=20, choices=WarningDecision.choices, blank=True)
    decision_reason = models.TextField(blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    contact = models.OneToOneField(
        "frontdoor.Contact",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="early_warning",
    )
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["status", "-fired_at", "-pk"]
        indexes = [models.Index(fields=["family", "status"])]

    def __str__(self) -> str:
        return f"Early warning about {self.family.name}"
