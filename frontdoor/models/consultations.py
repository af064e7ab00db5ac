"""Consultations with a social worker embedded in universal services, and their duty slots."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone

from familyhub.timefmt import time_text


class Mode(models.TextChoices):
    PHONE = "phone", "Phone"
    IN_PERSON = "in_person", "In person"
    ONLINE = "online", "Online (video call)"


class DutySlot(models.Model):
    """A time an embedded social worker is available for consultations."""

    social_worker = models.ForeignKey(
        "organisations.Practitioner", on_delete=models.PROTECT, related_name="duty_slots"
    )
    starts_at = models.DateTimeField()
    ends_at = models.DateTimeField()
    modes = models.JSONField(default=list, help_text="Ways the consultation can be held")
    location = models.CharField(max_length=200, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    cancelled_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["starts_at", "pk"]
        indexes = [models.Index(fields=["social_worker", "starts_at"])]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_at__gt=models.F("starts_at")),
                name="duty_slot_ends_after_start",
            )
        ]

    def __str__(self) -> str:
        local = timezone.localtime(self.starts_at)
        return f"{self.social_worker.name}, {local:%-d %B %Y}, {time_text(local)}"

    def mode_labels(self) -> list[str]:
        return [Mode(m).label for m in self.modes if m in Mode.values]


class ConsultationStatus(models.TextChoices):
    REQUESTED = "requested", "Requested"
    BOOKED = "booked", "Booked"
    HELD = "held", "Held – outcome recorded"
    CANCELLED = "cancelled", "Cancelled"


class ConsultationOutcome(models.TextChoices):
    ADVICE = "advice", "Advice given – no further action"
    SIGNPOST = "signpost", "Signpost to a universal or family hub service"
    PARTNER_EHA = "partner_eha", "Early help assessment with the partner as lead practitioner"
    EARLY_HELP = "early_help", "Referral to early help"
    CSC = "csc", "Referral to children's social care"
    STRATEGY = "strategy", "Strategy discussion now"


# Outcomes that go to the front door as a contact (carrying the consultation with them).
OUTCOMES_TO_FRONT_DOOR = frozenset(
    {ConsultationOutcome.EARLY_HELP, ConsultationOutcome.CSC, ConsultationOutcome.STRATEGY}
)
PENDING_STATUSES = frozenset({ConsultationStatus.REQUESTED, ConsultationStatus.BOOKED})

# Outcomes counted as "became a referral" in the metrics.
REFERRAL_OUTCOMES = OUTCOMES_TO_FRONT_DOOR


class Consultation(models.Model):
    reference = models.CharField(max_length=20, unique=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    requester_organisation = models.ForeignKey(
        "organisations.Organisation", null=True, on_delete=models.PROTECT, related_name="+"
    )
    social_worker = models.ForeignKey(
        "organisations.Practitioner", on_delete=models.PROTECT, related_name="consultations"
    )
    slot = models.OneToOneField(
        DutySlot, null=True, blank=True, on_delete=models.PROTECT, related_name="consultation"
    )
    mode = models.CharField(max_length=12, choices=Mode.choices)
    preferred_times = models.CharField(max_length=300, blank=True)
    is_anonymous = models.BooleanField(
        default=False, help_text="Anonymised: no identifiable details of the family are stored"
    )
    family = models.ForeignKey(
        "people.Family", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    household = models.CharField(
        "about the household (no names)",
        max_length=300,
        blank=True,
        help_text="For an anonymised consultation, e.g. 'mum, a 3-year-old and a baby'",
    )
    question = models.TextField("what the partner wants to talk about")
    concern = models.ForeignKey(
        "frontdoor.Concern", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    duplicate_of = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="duplicates",
        help_text="The consultation already waiting about the same family when this one was asked",
    )
    status = models.CharField(
        max_length=12, choices=ConsultationStatus.choices, default=ConsultationStatus.REQUESTED
    )
    conversation = models.TextField("what was discussed", blank=True)
    outcome = models.CharField(max_length=20, choices=ConsultationOutcome.choices, blank=True)
    outcome_reasons = models.TextField(blank=True)
    held_at = models.DateTimeField(null=True, blank=True)
    outcome_recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    outcome_recorded_at = models.DateTimeField(null=True, blank=True)
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["social_worker", "status"]),
            models.Index(fields=["family", "created_at"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~(models.Q(is_anonymous=True) & models.Q(family__isnull=False)),
                name="anonymous_consultation_has_no_family",
            )
        ]

    def __str__(self) -> str:
        return f"Consultation {self.reference}"

    @property
    def about(self) -> str:
        if self.is_anonymous:
            return f"Anonymised family{': ' + self.household if self.household else ''}"
        return self.family.name if self.family_id else "Family not named"
