"""The family plan: goals in the family's words (scored in outcomes.GoalScore) and actions
owned by any agency or family member, which can be a hub service (directory.HubService)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone

from outcomes.models import ATTAINMENT_LEVELS, GoalScale


class FamilyPlan(models.Model):
    """One family plan at a time, carried across episodes (and across a step up or down)."""

    family = models.ForeignKey("people.Family", on_delete=models.PROTECT, related_name="plans")
    family_words = models.TextField("what the family want to change, in their words")
    worries = models.TextField("what we are worried about", blank=True)
    working_well = models.TextField("what is working well", blank=True)
    started_on = models.DateField(default=timezone.localdate)
    ended_on = models.DateField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    version = models.PositiveIntegerField(default=1)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-started_on", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["family"],
                condition=models.Q(ended_on__isnull=True),
                name="one_current_plan_per_family",
            )
        ]

    def __str__(self) -> str:
        return f"Family plan for {self.family.name}"


class GoalStatus(models.TextChoices):
    ACTIVE = "active", "Working on it"
    ACHIEVED = "achieved", "Achieved"
    STOPPED = "stopped", "No longer a goal"


class Goal(models.Model):
    plan = models.ForeignKey(FamilyPlan, on_delete=models.PROTECT, related_name="goals")
    text = models.CharField("the goal, in the family's words", max_length=500)
    person = models.ForeignKey(
        "people.Person", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    status = models.CharField(max_length=10, choices=GoalStatus.choices, default="active")
    scale = models.CharField(
        "how the goal is scored", max_length=3, choices=GoalScale.choices, default="gbo"
    )
    level_words = models.JSONField(
        "what each level looks like, in the family's words",
        default=dict,
        blank=True,
        help_text="Goal attainment scaling only: {'-2': '…', … '2': '…'}",
    )
    created_on = models.DateField(default=timezone.localdate)

    class Meta:
        ordering = ["pk"]

    def __str__(self) -> str:
        return self.text

    @property
    def is_attainment(self) -> bool:
        return self.scale == GoalScale.ATTAINMENT

    def levels(self) -> list[tuple[int, str, str]]:
        """(score, standard description, the family's words) for each attainment level."""
        words = self.level_words or {}
        return [(n, label, words.get(str(n), "")) for n, label in ATTAINMENT_LEVELS]


class ActionStatus(models.TextChoices):
    NOT_STARTED = "not_started", "Not started"
    IN_PROGRESS = "in_progress", "In progress"
    DONE = "done", "Done"
    STOPPED = "stopped", "Stopped"


class PlanAction(models.Model):
    """Who will do what by when: owned by any agency or by a family member."""

    plan = models.ForeignKey(FamilyPlan, on_delete=models.PROTECT, related_name="actions")
    goal = models.ForeignKey(
        Goal, null=True, blank=True, on_delete=models.PROTECT, related_name="actions"
    )
    text = models.CharField("what will be done", max_length=500)
    owner_organisation = models.ForeignKey(
        "organisations.Organisation",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    owner_person = models.ForeignKey(
        "people.Person", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    service = models.ForeignKey(
        "directory.HubService",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="plan_actions",
        help_text="A service from a family hub that this action is (e.g. a parenting programme)",
    )
    due_on = models.DateField(null=True, blank=True)
    status = models.CharField(max_length=12, choices=ActionStatus.choices, default="not_started")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["due_on", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=~(
                    models.Q(owner_organisation__isnull=False)
                    & models.Q(owner_person__isnull=False)
                ),
                name="plan_action_one_owner",
            )
        ]

    def __str__(self) -> str:
        return self.text

    @property
    def owner_label(self) -> str:
        if self.owner_person_id:
            return self.owner_person.full_name
        if self.owner_organisation_id:
            return self.owner_organisation.name
        return "Not yet agreed"
