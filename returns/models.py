"""Runs of the statutory returns (the CIN census first) and what DfE's rules found in them."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone


class RunStatus(models.TextChoices):
    QUEUED = "queued", "Waiting to start"
    WRITING = "writing", "Writing the census"
    VALIDATING = "validating", "Checking it with DfE's rules"
    DONE = "done", "Finished"
    FAILED = "failed", "Failed"


class CensusRun(models.Model):
    """One run of the Children in Need census for a collection year: the XML written (kept
    under var/returns) and DfE's validator's findings on it."""

    year = models.PositiveSmallIntegerField(help_text="The year of the reference date (31 March)")
    ruleset = models.CharField(max_length=20)
    purpose = models.CharField(max_length=300)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    by_label = models.CharField(max_length=200)
    status = models.CharField(max_length=12, choices=RunStatus.choices, default=RunStatus.QUEUED)
    children_total = models.PositiveIntegerField(default=0)
    children_done = models.PositiveIntegerField(default=0)
    errors = models.PositiveIntegerField(default=0)
    queries = models.PositiveIntegerField(default=0)
    file_path = models.CharField(max_length=500, blank=True)
    file_sha256 = models.CharField(max_length=64, blank=True)
    message = models.CharField(max_length=500, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"CIN census {self.year - 1}-{self.year % 100:02d} ({self.get_status_display()})"

    @property
    def year_label(self) -> str:
        return f"{self.year - 1}-{self.year % 100:02d}"

    @property
    def is_active(self) -> bool:
        return self.status in (RunStatus.QUEUED, RunStatus.WRITING, RunStatus.VALIDATING)

    @property
    def percent_done(self) -> int:
        if not self.children_total:
            return 100 if self.status == RunStatus.DONE else 0
        return round(100 * self.children_done / self.children_total)


class FindingKind(models.TextChoices):
    ERROR = "error", "Error"
    QUERY = "query", "Query"


class CensusFinding(models.Model):
    """One error or query DfE's rules raised: the child, the rule, and the record and field
    to fix (worked out from the census module the rule points at)."""

    run = models.ForeignKey(CensusRun, on_delete=models.CASCADE, related_name="findings")
    kind = models.CharField(max_length=5, choices=FindingKind.choices)
    rule_code = models.CharField(max_length=10)
    message = models.TextField()
    la_child_id = models.CharField(max_length=40, blank=True)
    person = models.ForeignKey(
        "people.Person", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    episode = models.ForeignKey(
        "casework.Episode", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    module = models.CharField(max_length=40, blank=True, help_text="The census table")
    item = models.CharField(max_length=60, blank=True, help_text="The census field")
    value = models.CharField(max_length=200, blank=True)
    field = models.CharField(max_length=60, blank=True, help_text="The record's field to fix")

    class Meta:
        ordering = ["kind", "la_child_id", "rule_code", "pk"]
        indexes = [models.Index(fields=["run", "kind"])]

    def __str__(self) -> str:
        return f"{self.rule_code} {self.la_child_id}"


# --- DfE's daily child-level collection: what was sent, and when ------------------------------


class SendStatus(models.TextChoices):
    WRITTEN = "written", "Written to a file"
    QUEUED = "queued", "Waiting to be pushed"
    PUSHED = "pushed", "Pushed to DfE"
    RETRYING = "retrying", "Push failed, trying again"
    FAILED = "failed", "Push failed"


class DailySend(models.Model):
    """One sending of a day's changes (written to a file or pushed): the log of what was sent.
    A day can be sent again; each sending is kept."""

    day = models.DateField(db_index=True)
    purpose = models.CharField(max_length=300)
    by_label = models.CharField(max_length=200)
    status = models.CharField(max_length=10, choices=SendStatus.choices)
    bodies = models.JSONField(default=list, help_text="The request bodies, as sent")
    children = models.PositiveIntegerField(default=0)
    purged = models.PositiveIntegerField(default=0, help_text="Children purged whole")
    sha256 = models.CharField(max_length=64)
    destination = models.CharField(max_length=300, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    receipts = models.JSONField(default=list, blank=True, help_text="DfE's receipt per body")
    message = models.CharField(max_length=500, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-day", "-pk"]

    def __str__(self) -> str:
        return f"DfE daily collection {self.day} ({self.get_status_display()})"


class DailySentChild(models.Model):
    """What one sending said about one child: the ids of every sub-entity sent, so the next
    sending can purge what has since been deleted. The person is kept by key only (the person
    may be gone, which is what a purge reports)."""

    send = models.ForeignKey(DailySend, on_delete=models.CASCADE, related_name="sent_children")
    day = models.DateField()
    person_id = models.BigIntegerField()
    la_child_id = models.CharField(max_length=20)
    ids = models.JSONField(default=dict, help_text="{episode id: [its sub-entity ids]}")
    purged = models.BooleanField(default=False)

    class Meta:
        ordering = ["person_id", "day", "pk"]
        indexes = [models.Index(fields=["person_id", "day"])]

    def __str__(self) -> str:
        return f"{self.la_child_id} sent {self.day}"


# --- Supporting Families / Family Help results claims -----------------------------------------


class FamilyClaim(models.Model):
    """A results claim for one family, approved by a manager with the evidence as checked then
    (returns.claims). A family is claimed for once."""

    family = models.OneToOneField("people.Family", on_delete=models.PROTECT, related_name="+")
    period_start = models.DateField()
    period_end = models.DateField()
    headlines = models.JSONField(default=list)
    evidence = models.JSONField(default=dict)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    approved_by_label = models.CharField(max_length=200)
    approved_at = models.DateTimeField(default=timezone.now)
    note = models.CharField(max_length=500, blank=True)

    class Meta:
        ordering = ["-approved_at", "-pk"]

    def __str__(self) -> str:
        return f"Family Help claim for family {self.family_id}"
