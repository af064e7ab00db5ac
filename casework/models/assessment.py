"""Whole-family assessments: the children's views, strengths, the needs of each person."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone

from outcomes.models import NEED_AREAS

from .episodes import Episode


class AssessmentKind(models.TextChoices):
    EARLY_HELP = "eha", "Early help assessment (whole family)"
    CHILD_AND_FAMILY = "cfa", "Child and family assessment (statutory)"


class AssessmentStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    COMPLETED = "completed", "Completed"
    AUTHORISED = "authorised", "Authorised by a manager"


class Assessment(models.Model):
    """A whole-family, strengths-based assessment: each member's needs (adults' own needs too),
    the child's voice in their own words, strengths and networks."""

    family = models.ForeignKey(
        "people.Family", on_delete=models.PROTECT, related_name="assessments"
    )
    episode = models.ForeignKey(
        Episode, null=True, blank=True, on_delete=models.PROTECT, related_name="assessments"
    )
    kind = models.CharField(max_length=4, choices=AssessmentKind.choices)
    status = models.CharField(
        max_length=12, choices=AssessmentStatus.choices, default=AssessmentStatus.DRAFT
    )
    started_on = models.DateField(default=timezone.localdate)
    completed_on = models.DateField(null=True, blank=True)
    child_voice = models.TextField("the children's views, in their own words", blank=True)
    strengths = models.TextField("strengths", blank=True)
    network = models.TextField("family and friends network", blank=True)
    analysis = models.TextField("what we think is happening", blank=True)
    factors = models.JSONField(default=list, blank=True)
    authorised_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    authorised_at = models.DateTimeField(null=True, blank=True)
    authorised_version = models.PositiveIntegerField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-started_on", "-pk"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} for {self.family.name}"


class AssessmentNeed(models.Model):
    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="needs")
    person = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="+")
    area = models.CharField(max_length=30, choices=NEED_AREAS)

    class Meta:
        ordering = ["pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["assessment", "person", "area"], name="assessment_need_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.person}: {self.get_area_display()}"


class AssessmentPersonNote(models.Model):
    """What the assessment says about one person, in plain words."""

    assessment = models.ForeignKey(
        Assessment, on_delete=models.CASCADE, related_name="person_notes"
    )
    person = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="+")
    text = models.TextField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["assessment", "person"], name="assessment_person_note_unique"
            )
        ]

    def __str__(self) -> str:
        return f"About {self.person}"
