"""The nightly summary the dashboards read: each measure (insight.measures) counted by month,
area, team, agency and group, and when it was built. Counts only, never a child."""

from __future__ import annotations

from django.db import models
from django.utils import timezone


class Fact(models.Model):
    measure = models.CharField(max_length=30)
    month = models.DateField(help_text="The first day of the month counted")
    area = models.CharField(max_length=100, blank=True)
    team_id = models.IntegerField(null=True, blank=True)
    agency_id = models.IntegerField(null=True, blank=True)
    grp = models.CharField("group", max_length=60, blank=True)
    n = models.PositiveIntegerField(help_text="How many were counted")
    met = models.PositiveIntegerField(help_text="How many of them met the measure")

    class Meta:
        indexes = [models.Index(fields=["measure", "month"])]

    def __str__(self) -> str:
        return f"{self.measure} {self.month:%Y-%m} {self.grp}: {self.met}/{self.n}"


class SummaryBuild(models.Model):
    """One build of the summary: the day it counts to, how long it took, how many rows."""

    as_of = models.DateField()
    started_at = models.DateTimeField(default=timezone.now)
    seconds = models.FloatField(default=0)
    facts = models.PositiveIntegerField(default=0)
    choices = models.JSONField(
        default=dict, blank=True, help_text="The areas, teams, agencies and months counted"
    )

    class Meta:
        ordering = ["-started_at", "-pk"]
        get_latest_by = "started_at"

    def __str__(self) -> str:
        return f"Summary to {self.as_of} ({self.facts} rows)"
