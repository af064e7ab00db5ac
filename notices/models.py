"""In-app notices: how FamilyHub tells someone, in writing, what happened (e.g. the outcome of
a concern they raised, a handover, an escalation). A notice's text is written for its reader:
it carries only what that reader may see."""

from django.conf import settings
from django.db import models
from django.utils import timezone


class Notice(models.Model):
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="notices"
    )
    created_at = models.DateTimeField(default=timezone.now, db_index=True)
    subject = models.CharField(max_length=200)
    body = models.TextField(blank=True)
    link = models.CharField(max_length=300, blank=True, help_text="A path inside FamilyHub")
    kind = models.CharField(max_length=40, blank=True)
    family_id = models.BigIntegerField(null=True, blank=True)
    read_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["recipient", "read_at"])]

    def __str__(self) -> str:
        return self.subject
