"""Information governance records: the named access list of a sealed family and break-glass.

They moved here from access (issue 11): the access kernel knows no family or practitioner.
The tables keep their names (access_recordaccessgrant, access_breakglass), so no row moved.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone


class RecordAccessGrant(models.Model):
    """The named access list of a sealed (restricted) family: only these people see it."""

    family = models.ForeignKey("people.Family", on_delete=models.PROTECT, related_name="+")
    practitioner = models.ForeignKey(
        "organisations.Practitioner", on_delete=models.PROTECT, related_name="access_grants"
    )
    reason = models.CharField(max_length=300)
    granted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    granted_at = models.DateTimeField(default=timezone.now)
    revoked_at = models.DateTimeField(null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        db_table = "access_recordaccessgrant"
        constraints = [
            models.UniqueConstraint(
                fields=["family", "practitioner"],
                condition=models.Q(revoked_at__isnull=True),
                name="one_live_grant_per_practitioner",
            )
        ]

    def __str__(self) -> str:
        return f"Access to {self.family} for {self.practitioner}"


class BreakGlassReview(models.TextChoices):
    PENDING = "pending", "Waiting for review"
    JUSTIFIED = "justified", "Justified"
    NOT_JUSTIFIED = "not_justified", "Not justified"


class BreakGlass(models.Model):
    """Emergency, time-limited sight of a record by someone without access, with a stated
    reason, loudly audited and queued for review by information governance or a manager."""

    family = models.ForeignKey("people.Family", on_delete=models.PROTECT, related_name="+")
    practitioner = models.ForeignKey(
        "organisations.Practitioner", on_delete=models.PROTECT, related_name="break_glasses"
    )
    reason = models.TextField()
    opened_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()
    review = models.CharField(
        max_length=20, choices=BreakGlassReview.choices, default=BreakGlassReview.PENDING
    )
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)
    review_note = models.TextField(blank=True)

    class Meta:
        db_table = "access_breakglass"
        ordering = ["-opened_at"]
        indexes = [
            models.Index(
                fields=["practitioner", "expires_at"], name="access_brea_practit_cbd08d_idx"
            )
        ]

    def __str__(self) -> str:
        return f"Break-glass by {self.practitioner} into {self.family}"

    @property
    def is_open(self) -> bool:
        return self.expires_at > timezone.now()
