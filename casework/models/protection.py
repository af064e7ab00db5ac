"""Section 47 enquiries allocated to a multi-agency child protection team (Children Act 2004
s16EA). The team's members see the enquiry and the parts of the family's record it needs
(casework.policy.S47_SECTIONS), and nothing else of the family."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone


class S47Allocation(models.Model):
    """A child protection episode's section 47 enquiry allocated to a MACPT. A reallocation
    ends the current row and starts another (one current allocation per episode)."""

    episode = models.ForeignKey(
        "casework.Episode", on_delete=models.PROTECT, related_name="macpt_allocations"
    )
    family = models.ForeignKey("people.Family", on_delete=models.PROTECT, related_name="+")
    team = models.ForeignKey(
        "organisations.ChildProtectionTeam",
        on_delete=models.PROTECT,
        related_name="s47_allocations",
    )
    allocated_on = models.DateField(default=timezone.localdate)
    ended_on = models.DateField(null=True, blank=True)
    end_reason = models.CharField(max_length=300, blank=True)
    note = models.TextField(blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-allocated_on", "-pk"]
        indexes = [models.Index(fields=["team", "ended_on"])]
        constraints = [
            models.UniqueConstraint(
                fields=["episode"],
                condition=models.Q(ended_on__isnull=True),
                name="one_current_macpt_per_episode",
            )
        ]

    def __str__(self) -> str:
        return f"Section 47 enquiry allocated to {self.team.name}"

    @property
    def is_current(self) -> bool:
        return self.ended_on is None
