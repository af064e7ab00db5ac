"""The lead practitioner and cover (one arrangement at a time), absences and working hours."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone


class FamilySay(models.TextChoices):
    CHOSEN = "chosen", "The family chose this lead practitioner"
    AGREED = "agreed", "Suggested to the family, and they agreed"
    NOT_ASKED = "not_asked", "The family has not yet been asked"
    DISAGREED = "disagreed", "The family would prefer someone else"


class LeadArrangement(models.Model):
    """Who leads the work with a family, who covers, and the family's say. A change of lead is a
    new row; the old one ends with the handover's reason and note."""

    family = models.ForeignKey(
        "people.Family", on_delete=models.PROTECT, related_name="lead_arrangements"
    )
    lead = models.ForeignKey(
        "organisations.Practitioner", on_delete=models.PROTECT, related_name="leads"
    )
    cover = models.ForeignKey(
        "organisations.Practitioner",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="covers",
    )
    family_say = models.CharField(max_length=20, choices=FamilySay.choices)
    family_say_note = models.CharField(max_length=500, blank=True)
    started_on = models.DateField(default=timezone.localdate)
    ended_on = models.DateField(null=True, blank=True)
    handover_reason = models.CharField(max_length=300, blank=True)
    handover_note = models.TextField(blank=True)
    family_told_on = models.DateField(null=True, blank=True)
    family_told_how = models.CharField(max_length=300, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-started_on", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["family"],
                condition=models.Q(ended_on__isnull=True),
                name="one_current_lead_per_family",
            )
        ]

    def __str__(self) -> str:
        return f"{self.lead.name} leads for {self.family.name}"


class AbsenceKind(models.TextChoices):
    LEAVE = "leave", "Annual leave"
    SICKNESS = "sickness", "Sickness"
    TRAINING = "training", "Training"
    OTHER = "other", "Other absence"


class Absence(models.Model):
    practitioner = models.ForeignKey(
        "organisations.Practitioner", on_delete=models.PROTECT, related_name="absences"
    )
    kind = models.CharField(max_length=20, choices=AbsenceKind.choices)
    starts_on = models.DateField()
    ends_on = models.DateField()
    note = models.CharField(max_length=300, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    cancelled_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["starts_on", "pk"]
        indexes = [models.Index(fields=["practitioner", "ends_on"])]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_on__gte=models.F("starts_on")),
                name="absence_ends_after_start",
            )
        ]

    def __str__(self) -> str:
        return f"{self.practitioner.name}: {self.get_kind_display()}"


class WorkingHours(models.Model):
    """A practitioner's usual working pattern (the partnership's hours apply when absent)."""

    practitioner = models.OneToOneField(
        "organisations.Practitioner", on_delete=models.PROTECT, related_name="working_hours"
    )
    weekdays = models.JSONField(default=list, help_text="0 = Monday … 6 = Sunday")
    starts_at = models.TimeField()
    ends_at = models.TimeField()

    def __str__(self) -> str:
        return f"Working hours of {self.practitioner.name}"
