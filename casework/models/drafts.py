"""Autosaved drafts of long forms (per user per form; nobody else ever reads them)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone


class DraftKind(models.TextChoices):
    ASSESSMENT = "assessment", "Whole-family assessment"
    PLAN = "plan", "Family plan"


class FormDraft(models.Model):
    """What one user has typed into a long form but not yet saved, kept as they type (htmx
    autosave). Per user per form: nobody else ever reads it. It never touches the record or its
    version; `base_version` is the version the user started from, so saving a restored draft
    over someone else's newer save is refused as stale, with both versions shown."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=20, choices=DraftKind.choices)
    object_id = models.PositiveIntegerField(
        help_text="The assessment (kind 'assessment') or the family (kind 'plan')"
    )
    data = models.JSONField(default=dict)
    base_version = models.PositiveIntegerField(null=True, blank=True)
    saved_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["user", "kind", "object_id"], name="one_draft_per_user_per_form"
            )
        ]

    def __str__(self) -> str:
        return f"Draft of {self.get_kind_display()} {self.object_id}"
