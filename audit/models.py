"""The audit trail: append-only, hash-chained events. Written only by audit.record()."""

from __future__ import annotations

from django.db import models
from django.utils import timezone


class AuditImmutable(Exception):
    """Raised when anything tries to change or delete an audit event."""


class Verb(models.TextChoices):
    VIEW = "view", "Viewed"
    LIST = "list", "Listed"
    SEARCH = "search", "Searched"
    CREATE = "create", "Created"
    UPDATE = "update", "Changed"
    DELETE = "delete", "Ended or removed"
    EXPORT = "export", "Exported"
    SHARE = "share", "Sharing decision"
    BREAK_GLASS = "break_glass", "Break-glass access"
    ACCESS_CHANGE = "access_change", "Access list changed"
    DESTROY = "destroy", "Destroyed under the retention schedule"
    SIGN_IN = "sign_in", "Signed in"
    SIGN_IN_FAILED = "sign_in_failed", "Failed sign-in"
    LOCKED_OUT = "locked_out", "Locked out after failed attempts"
    DENIED = "denied", "Refused (not theirs to see or do)"
    SIGN_OUT = "sign_out", "Signed out"
    DEMO_LOAD = "demo_load", "Loaded demo data"
    MERGE = "merge", "Merged records of one person"
    UNMERGE = "unmerge", "Un-merged records"
    LINK = "link", "Linked partner data"


class AuditEventQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise AuditImmutable("Audit events cannot be changed.")

    def delete(self):
        raise AuditImmutable("Audit events cannot be deleted.")

    def bulk_update(self, objs, fields, batch_size=None):
        raise AuditImmutable("Audit events cannot be changed.")

    def update_or_create(self, defaults=None, **kwargs):
        raise AuditImmutable("Audit events cannot be changed.")


class AuditEvent(models.Model):
    at = models.DateTimeField(default=timezone.now, db_index=True)
    actor_id = models.BigIntegerField(null=True, blank=True, db_index=True)
    actor_label = models.CharField(max_length=200)
    actor_role = models.CharField(max_length=40, blank=True)
    actor_organisation = models.CharField(max_length=200, blank=True)
    verb = models.CharField(max_length=30, choices=Verb.choices)
    object_type = models.CharField(max_length=60, blank=True)
    object_id = models.CharField(max_length=40, blank=True)
    object_label = models.CharField(max_length=200, blank=True)
    family_id = models.BigIntegerField(null=True, blank=True, db_index=True)
    person_id = models.BigIntegerField(null=True, blank=True, db_index=True)
    changes = models.JSONField(default=dict, blank=True)
    reason = models.CharField(max_length=500, blank=True)
    ip_address = models.GenericIPAddressField(null=True, blank=True)
    user_agent = models.CharField(max_length=300, blank=True)
    request_id = models.CharField(max_length=40, blank=True)
    # How the hash was computed (audit.recorder): NULL for events written before forms were
    # stored (form 1). Nullable without a default so adding it never rewrites existing rows.
    hash_form = models.PositiveSmallIntegerField(null=True, blank=True)
    prev_hash = models.CharField(max_length=64)
    hash = models.CharField(max_length=64, unique=True)

    objects = AuditEventQuerySet.as_manager()

    class Meta:
        ordering = ["-pk"]
        indexes = [models.Index(fields=["object_type", "object_id"])]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.actor_label} {self.verb} {self.object_label}"

    def save(self, *args, **kwargs):
        if self.pk is not None or not self._state.adding:
            raise AuditImmutable("Audit events cannot be changed.")
        kwargs["force_insert"] = True
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AuditImmutable("Audit events cannot be deleted.")
