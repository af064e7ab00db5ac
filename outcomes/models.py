"""Outcomes: how far a family has come, on measures that outlast one piece of work — goals scored
on their own scale (goal-based outcomes, goal attainment scaling) and the six-month sustained
outcome check of Supporting Families. The hubs issue grows it with family feedback and outcome
measures. Casework's goals, meetings and episodes are referred to by name only: casework
depends on outcomes, never the other way round."""

from django.conf import settings
from django.db import models
from django.utils import timezone

# The needs a whole-family assessment identifies, in the Supporting Families outcome framework's
# headline areas: each sustained outcome check answers per need.
NEED_AREAS = [
    ("mental_health", "Mental health"),
    ("substance_misuse", "Drug or alcohol use"),
    ("domestic_abuse", "Domestic abuse"),
    ("learning_disability", "Learning disability"),
    ("physical_health", "Physical health or disability"),
    ("employment", "Work and training"),
    ("housing", "Housing"),
    ("debt", "Money and debt"),
    ("education", "School, nursery or learning"),
    ("development", "Early development"),
    ("behaviour", "Behaviour and relationships"),
    ("young_carer", "Caring for someone in the family"),
    ("parenting", "Parenting and routines"),
]
NEED_LABELS = dict(NEED_AREAS)


class GoalScale(models.TextChoices):
    """How a goal is scored, chosen when the goal is set (shared/docs/domain.md section 7)."""

    GOAL_BASED = "gbo", "Goal-based outcome (0 to 10)"
    ATTAINMENT = "gas", "Goal attainment scaling (−2 to +2)"


SCALE_RANGE = {GoalScale.GOAL_BASED: (0, 10), GoalScale.ATTAINMENT: (-2, 2)}

ATTAINMENT_LEVELS = [
    (-2, "Much less than expected (or where we started)"),
    (-1, "Less than expected"),
    (0, "The expected outcome"),
    (1, "More than expected"),
    (2, "Much more than expected"),
]


def score_label(scale: str, score: int | None) -> str:
    """A score in words, on its own scale: '7 out of 10' or '+1 (more than expected)'."""
    if score is None:
        return ""
    if scale == GoalScale.ATTAINMENT:
        words = dict(ATTAINMENT_LEVELS)[score].split(" (")[0].lower()
        return f"{score:+d} ({words})" if score else f"0 ({words})"
    return f"{score} out of 10"


class GoalScore(models.Model):
    """A goal's score on the goal's own scale, given with the family: goal-based outcome
    (0 = not at all met, 10 = fully met) or goal attainment (−2 … +2, 0 = the expected outcome).
    The scale is copied from the goal so the database can check the range of each row."""

    goal = models.ForeignKey("casework.Goal", on_delete=models.PROTECT, related_name="scores")
    scale = models.CharField(max_length=3, choices=GoalScale.choices, default="gbo")
    score = models.SmallIntegerField()
    scored_on = models.DateField()
    meeting = models.ForeignKey(
        "casework.Meeting", null=True, blank=True, on_delete=models.PROTECT, related_name="scores"
    )
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["scored_on", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    models.Q(scale="gbo", score__gte=0, score__lte=10)
                    | models.Q(scale="gas", score__gte=-2, score__lte=2)
                ),
                name="goal_score_in_range_of_its_scale",
            )
        ]

    def __str__(self) -> str:
        return f"{score_label(self.scale, self.score)} on {self.scored_on}"

    @property
    def label(self) -> str:
        return score_label(self.scale, self.score)


# --- Six-month sustained outcome check (Supporting Families)


class SustainedOutcomeCheck(models.Model):
    """When an early-help episode closes with needs met, a check falls due some months later
    (Supporting Families: every need shows a positive outcome sustained at least 6 months after
    closure). Created at closure with the due date from the rules version; recorded once."""

    episode = models.OneToOneField(
        "casework.Episode", on_delete=models.PROTECT, related_name="sustained_outcome_check"
    )
    family = models.ForeignKey("people.Family", on_delete=models.PROTECT, related_name="+")
    closed_on = models.DateField()
    due_on = models.DateField(db_index=True)
    rules_version = models.CharField(max_length=40)
    needs = models.JSONField(
        default=list, blank=True, help_text="The needs identified at assessment (area codes)"
    )
    # The check, once recorded
    checked_on = models.DateField(null=True, blank=True)
    sustained = models.BooleanField(null=True, help_text="Overall: outcomes sustained")
    need_results = models.JSONField(
        default=dict, blank=True, help_text="Per need: {'housing': true, 'debt': false}"
    )
    evidence = models.TextField(blank=True)
    checked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(null=True, blank=True)
    reminded_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["due_on", "pk"]
        indexes = [models.Index(fields=["checked_on", "due_on"])]

    def __str__(self) -> str:
        return f"Sustained outcome check for {self.episode.child} due {self.due_on}"

    @property
    def is_recorded(self) -> bool:
        return self.checked_on is not None

    def need_rows(self) -> list[tuple[str, bool]]:
        """(need, sustained?) in the order the needs were identified."""
        results = self.need_results or {}
        return [(NEED_LABELS.get(a, a), results[a]) for a in self.needs if a in results]

    def status_on(self, today) -> str:
        if self.checked_on:
            return "recorded"
        return "overdue" if today > self.due_on else "due"
