"""Bulk linkage of partner extracts into the register (issue 7).

A partner's extract (school roll, health visiting caseload, GP list…) is read row by row. Each
row is kept as a SourceRecord and linked to a register Person: automatically when the matching
engine is certain, otherwise to a new Person created from the row ("create then merge", as
master patient indexes do). When the best register candidate was only likely or possible, a
ReviewItem pairs the new person with that candidate in the clerical review queue; a "same
person" decision merges them (people.merge, which can be undone), a "not the same" decision is
remembered as a NotSame pair and never proposed again.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone


class Source(models.TextChoices):
    SCHOOL_ROLL = "school-roll", "School roll"
    HEALTH_VISITING = "health-visiting", "Health visiting caseload"
    GP = "gp", "GP practice list"
    MIDWIFERY = "midwifery", "Midwifery bookings"
    HOUSING = "housing", "Housing tenancies"
    POLICE = "police", "Police notifications"
    ADULT_MENTAL_HEALTH = "adult-mental-health", "Adult mental health caseload"
    DRUG_ALCOHOL = "drug-alcohol", "Drug and alcohol service caseload"


class RunStatus(models.TextChoices):
    QUEUED = "queued", "Waiting to start"
    RUNNING = "running", "Running"
    FINISHED = "finished", "Finished"
    INTERRUPTED = "interrupted", "Stopped before the end"
    FAILED = "failed", "Could not be read"


class LinkRun(models.Model):
    """One run of a partner file through the linker (from the command or the upload page)."""

    source = models.CharField(max_length=30, choices=Source.choices)
    file_name = models.CharField(max_length=255)
    file_path = models.CharField(max_length=500, blank=True, help_text="Uploaded file (var/)")
    file_sha256 = models.CharField(max_length=64, blank=True, db_index=True)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    by_label = models.CharField(max_length=200)
    status = models.CharField(max_length=12, choices=RunStatus.choices, default=RunStatus.QUEUED)
    total_rows = models.PositiveIntegerField(default=0)
    rows_done = models.PositiveIntegerField(default=0)
    linked = models.PositiveIntegerField("linked automatically", default=0)
    to_review = models.PositiveIntegerField(default=0)
    created = models.PositiveIntegerField("new people", default=0)
    unchanged = models.PositiveIntegerField(default=0)
    updated = models.PositiveIntegerField(default=0)
    unreadable = models.PositiveIntegerField(default=0)
    warnings = models.PositiveIntegerField(default=0)
    problems = models.JSONField(
        default=list, blank=True, help_text="[{row, record_id, column, problem, skipped}]"
    )
    message = models.CharField(max_length=500, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.get_source_display()}: {self.file_name}"

    @property
    def is_active(self) -> bool:
        return self.status in (RunStatus.QUEUED, RunStatus.RUNNING)

    @property
    def percent_done(self) -> int:
        return int(100 * self.rows_done / self.total_rows) if self.total_rows else 0


class RecordStatus(models.TextChoices):
    LINKED = "linked", "Linked automatically"
    NEW = "new", "New person"
    REVIEW = "review", "New person, waiting for review"
    CONFIRMED = "confirmed", "Same person (decided)"
    DISTINCT = "distinct", "Not the same person (decided)"


HUMAN_DECIDED = (RecordStatus.CONFIRMED, RecordStatus.DISTINCT)


class SourceRecord(models.Model):
    """One row of a partner's extract, as last read, and the register person it belongs to."""

    source = models.CharField(max_length=30, choices=Source.choices)
    source_record_id = models.CharField(max_length=100)
    data = models.JSONField(default=dict)
    row_hash = models.CharField(max_length=64)
    person = models.ForeignKey(
        "people.Person",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="source_records",
    )
    status = models.CharField(max_length=12, choices=RecordStatus.choices)
    run = models.ForeignKey(
        LinkRun, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["source", "source_record_id"], name="linkage_source_record_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_source_display()} record {self.source_record_id}"


class Decision(models.TextChoices):
    OPEN = "open", "Waiting for a decision"
    UNSURE = "unsure", "Not sure"
    SAME = "same", "Same person"
    NOT_SAME = "not_same", "Not the same person"


class ReviewItem(models.Model):
    """A possible match for a data officer to decide: the person created from a partner's row
    and the register person the engine thought might be the same."""

    source_record = models.ForeignKey(
        SourceRecord, on_delete=models.PROTECT, related_name="review_items"
    )
    new_person = models.ForeignKey(
        "people.Person", on_delete=models.PROTECT, related_name="linkage_reviews_as_new"
    )
    candidate = models.ForeignKey(
        "people.Person", on_delete=models.PROTECT, related_name="linkage_reviews_as_candidate"
    )
    probability = models.FloatField()
    band = models.CharField(max_length=10)
    reasons = models.JSONField(default=list)
    run = models.ForeignKey(
        LinkRun, null=True, blank=True, on_delete=models.SET_NULL, related_name="review_items"
    )
    decision = models.CharField(max_length=10, choices=Decision.choices, default=Decision.OPEN)
    note = models.TextField(blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    merge_id = models.BigIntegerField(null=True, blank=True, help_text="people.PersonMerge")
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(default=timezone.now)

    # History: an item keeps pointing at the two people it proposed, even after a merge.
    PERSON_MERGE_EXEMPT = True

    class Meta:
        ordering = ["-probability", "pk"]
        indexes = [models.Index(fields=["decision", "-probability"])]

    def __str__(self) -> str:
        return f"Possible match {self.pk}"

    @property
    def is_open(self) -> bool:
        return self.decision in (Decision.OPEN, Decision.UNSURE)


class NotSame(models.Model):
    """Two register people a data officer decided are not the same person: never proposed as a
    match again, by any later run or source. Stored once per pair (lower id first)."""

    person_a = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="+")
    person_b = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="+")
    review_item = models.ForeignKey(
        ReviewItem, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(default=timezone.now)
    note = models.TextField(blank=True)

    # A decision is about the two records as they were judged: a later merge must not turn
    # it into "this person is not themself" (people.merge leaves these rows alone).
    PERSON_MERGE_EXEMPT = True

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["person_a", "person_b"], name="linkage_not_same_pair")
        ]

    def __str__(self) -> str:
        return f"Not the same: {self.person_a_id} / {self.person_b_id}"
