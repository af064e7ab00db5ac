"""Meetings and reviews: who was invited and came, views, decisions, the next review."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone


class MeetingKind(models.TextChoices):
    TAF_REVIEW = "taf_review", "Team around the family review"
    CIN_REVIEW = "cin_review", "Child in need review"
    CORE_GROUP = "core_group", "Core group"
    FAMILY_MEETING = "family_meeting", "Family meeting"


class Meeting(models.Model):
    family = models.ForeignKey("people.Family", on_delete=models.PROTECT, related_name="meetings")
    kind = models.CharField(max_length=20, choices=MeetingKind.choices)
    held_on = models.DateField()
    agencies_invited = models.ManyToManyField(
        "organisations.Organisation", related_name="+", blank=True
    )
    agencies_attended = models.ManyToManyField(
        "organisations.Organisation", related_name="+", blank=True
    )
    family_attended = models.ManyToManyField("people.Person", related_name="+", blank=True)
    parents_views = models.TextField(blank=True)
    child_views = models.TextField(blank=True)
    minutes = models.TextField(blank=True)
    decisions = models.TextField(blank=True)
    next_review_on = models.DateField(null=True, blank=True)
    rules_version = models.CharField(max_length=40, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-held_on", "-pk"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} on {self.held_on:%-d %B %Y}"
