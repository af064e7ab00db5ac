"""Case notes: each practitioner's record of contact with the family."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone


class CaseNoteKind(models.TextChoices):
    VISIT = "visit", "Visit"
    PHONE = "phone", "Phone call"
    MEETING = "meeting", "Meeting"
    SUPERVISION = "supervision", "Supervision"
    OTHER = "other", "Other"


class CaseNote(models.Model):
    family = models.ForeignKey("people.Family", on_delete=models.PROTECT, related_name="notes")
    kind = models.CharField(max_length=20, choices=CaseNoteKind.choices)
    occurred_on = models.DateField()
    text = models.TextField()
    seen = models.ManyToManyField("people.Person", related_name="+", blank=True)
    seen_alone = models.ManyToManyField("people.Person", related_name="+", blank=True)
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    agency = models.ForeignKey(
        "organisations.Organisation", null=True, on_delete=models.PROTECT, related_name="+"
    )
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-occurred_on", "-pk"]
        indexes = [models.Index(fields=["family", "-occurred_on"])]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} on {self.occurred_on:%-d %B %Y}"
