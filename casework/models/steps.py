"""Step up (early help to children's social care) and step down (back to early help)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone

from .episodes import Episode


class StepUp(models.Model):
    """Early help to children's social care: a contact to the front door that carries the
    assessment, the plan, the chronology and the lead practitioner's view."""

    family = models.ForeignKey("people.Family", on_delete=models.PROTECT, related_name="step_ups")
    children = models.ManyToManyField("people.Person", related_name="+")
    reason = models.TextField()
    lead_view = models.TextField("the lead practitioner's view")
    lead_stays_involved = models.BooleanField(default=True)
    immediate_risk = models.BooleanField(
        "a child is at immediate risk of significant harm", null=True, blank=True
    )
    disclosure = models.BooleanField("a child has disclosed harm", null=True, blank=True)
    urgent = models.BooleanField(
        default=False, help_text="Urgent by the front-door rules in force when it was sent"
    )
    no_episode_reason = models.TextField(
        "why step up without an open early help episode",
        blank=True,
        help_text="Recorded when the family had no open early help episode",
    )
    carried = models.JSONField(default=dict, help_text="What the contact carried, as sent")
    frontdoor_contact_id = models.BigIntegerField(null=True, blank=True)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-at", "-pk"]

    def __str__(self) -> str:
        return f"Step-up for {self.family.name}"


class StepDownStatus(models.TextChoices):
    PROPOSED = "proposed", "Waiting for the lead practitioner to accept"
    ACCEPTED = "accepted", "Accepted"
    DECLINED = "declined", "Declined"


class StepDown(models.Model):
    """Children's social care to early help. The receiving lead practitioner is named and
    accepts before the social worker leaves; the family's consent is recorded."""

    family = models.ForeignKey("people.Family", on_delete=models.PROTECT, related_name="step_downs")
    from_episodes = models.ManyToManyField(Episode, related_name="step_downs")
    agreed_at = models.CharField(max_length=20)
    agreed_on = models.DateField()
    receiving_lead = models.ForeignKey(
        "organisations.Practitioner", on_delete=models.PROTECT, related_name="+"
    )
    family_consent_on = models.DateField()
    family_consent_by = models.ForeignKey(
        "people.Person", on_delete=models.PROTECT, related_name="+"
    )
    handover_note = models.TextField()
    carried = models.JSONField(
        default=dict, blank=True, help_text="What the step-down carried, as proposed"
    )
    status = models.CharField(max_length=10, choices=StepDownStatus.choices, default="proposed")
    accept_by = models.DateField()
    decided_at = models.DateTimeField(null=True, blank=True)
    decision_note = models.CharField(max_length=500, blank=True)
    escalated_on = models.DateField(null=True, blank=True)
    rules_version = models.CharField(max_length=40)
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"Step-down for {self.family.name}"
