"""Episodes (early help, child in need, child protection), the steps they took and their
statutory clocks. Dates the CIN census reports are explicit columns (not answers inside forms);
transitions are written once and never changed."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone


class EpisodeKind(models.TextChoices):
    EARLY_HELP = "EH", "Early help"
    CHILD_IN_NEED = "CIN", "Child in need (section 17)"
    CHILD_PROTECTION = "CP", "Child protection (section 47)"


class EpisodeQuerySet(models.QuerySet):
    def open(self):
        return self.filter(closed_on__isnull=True)


class Episode(models.Model):
    """One child's episode of work. Children in one family can be on different episodes."""

    family = models.ForeignKey("people.Family", on_delete=models.PROTECT, related_name="episodes")
    child = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="episodes")
    kind = models.CharField(max_length=3, choices=EpisodeKind.choices)
    state = models.CharField(max_length=30)
    parent = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children_episodes",
        help_text="For a child protection episode: the child in need episode it sits within",
    )
    team = models.ForeignKey(
        "organisations.Team", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    allocated_to = models.ForeignKey(
        "organisations.Practitioner",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="allocated_episodes",
    )

    # CIN census: referral (CINdetails)
    referral_date = models.DateField("referral date", null=True, blank=True)
    referral_source = models.CharField(max_length=3, blank=True)
    primary_need = models.CharField("primary need", max_length=2, blank=True)
    referral_nfa = models.BooleanField("no further action at referral", default=False)
    is_re_referral = models.BooleanField(
        default=False, help_text="Referred within 12 months of an earlier episode ending"
    )
    # Early help
    consent_given_on = models.DateField(null=True, blank=True)
    # Assessment
    assessment_started_on = models.DateField(null=True, blank=True)
    assessment_completed_on = models.DateField(null=True, blank=True)
    assessment_authorised_on = models.DateField(null=True, blank=True)
    assessment_factors = models.JSONField(default=list, blank=True)
    assessment_late_reason = models.CharField(max_length=500, blank=True)
    # Plans
    plan_started_on = models.DateField("early help plan start", null=True, blank=True)
    cin_plan_started_on = models.DateField("CIN plan start", null=True, blank=True)
    cin_plan_ended_on = models.DateField("CIN plan end", null=True, blank=True)
    # Section 47 and conferences
    strategy_discussion_on = models.DateField(null=True, blank=True)
    s47_started_on = models.DateField(null=True, blank=True)
    s47_ended_on = models.DateField(null=True, blank=True)
    icpc_not_required = models.BooleanField(default=False)
    icpc_planned_on = models.DateField(null=True, blank=True)
    icpc_on = models.DateField("initial conference", null=True, blank=True)
    cp_plan_started_on = models.DateField("CP plan start", null=True, blank=True)
    cp_plan_ended_on = models.DateField("CP plan end", null=True, blank=True)
    cp_category_initial = models.CharField(max_length=3, blank=True)
    cp_category_latest = models.CharField(max_length=3, blank=True)
    previous_cp_plans = models.PositiveSmallIntegerField(default=0)
    last_rcpc_on = models.DateField(null=True, blank=True)
    # The lead child protection practitioner (Families First; CA 2004 s16EA teams): one on
    # every child protection case, required once a conference or plan is recorded.
    lead_cp_practitioner = models.ForeignKey(
        "organisations.Practitioner",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="lead_cp_episodes",
        verbose_name="lead child protection practitioner",
    )
    # Looked after (a status marker, reported in SSDA903 elsewhere)
    looked_after = models.BooleanField(default=False)
    looked_after_from = models.DateField(null=True, blank=True)
    looked_after_legal_status = models.CharField(max_length=4, blank=True)
    # Closure
    closed_on = models.DateField(null=True, blank=True)
    closure_reason = models.CharField(max_length=30, blank=True)

    rules_version = models.CharField(max_length=40, blank=True)
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)

    objects = EpisodeQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["family", "closed_on"]),
            models.Index(fields=["child", "kind", "closed_on"]),
            models.Index(fields=["team", "closed_on"]),
            models.Index(fields=["allocated_to", "closed_on"]),
            # A manager's unallocated work, oldest first: the open episodes with no worker. The
            # family rides along (PostgreSQL; ignored elsewhere), so a page of them, sealed
            # families left out, is read from the index alone (casework.queries.caseload).
            models.Index(
                fields=["team", "created_at", "id"],
                include=["family"],
                condition=Q(allocated_to__isnull=True, closed_on__isnull=True),
                name="episode_unallocated_page",
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(closed_on__isnull=True)
                | models.Q(referral_date__isnull=True)
                | models.Q(closed_on__gte=models.F("referral_date")),
                name="episode_closes_after_referral",
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} – {self.child}"

    @property
    def is_open(self) -> bool:
        return self.closed_on is None

    @property
    def state_label(self) -> str:
        from ..machines import state_label

        return state_label(self.kind, self.state)


class EpisodeTransition(models.Model):
    """An immutable record of one step: who, when, what, why, under which rules."""

    episode = models.ForeignKey(Episode, on_delete=models.PROTECT, related_name="transitions")
    event = models.CharField(max_length=40)
    from_state = models.CharField(max_length=30, blank=True)
    to_state = models.CharField(max_length=30)
    occurred_on = models.DateField()
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(default=timezone.now)
    note = models.TextField(blank=True)
    data = models.JSONField(default=dict, blank=True)
    rules_version = models.CharField(max_length=40, blank=True)

    class Meta:
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.event} on {self.occurred_on}"

    @property
    def event_words(self) -> str:
        """The step in words for the episode's history ("strategy_discussion" as "Strategy
        discussion")."""
        return self.event.replace("_", " ").capitalize()

    @property
    def state_label(self) -> str:
        """What the episode became, in the state machine's words (the episode is the one the
        history was read from, so no query)."""
        from ..machines import state_label

        return state_label(self.episode.kind, self.to_state)


class ClockKind(models.TextChoices):
    ASSESSMENT = "assessment", "Child and family assessment"
    PRE_BIRTH_ASSESSMENT = "pre_birth_assessment", "Pre-birth assessment"
    ICPC = "icpc", "Initial child protection conference"
    FIRST_CORE_GROUP = "first_core_group", "First core group"
    CORE_GROUP = "core_group", "Core group"
    RCPC = "rcpc", "Review child protection conference"
    CIN_REVIEW = "cin_review", "Child in need review"
    EH_REVIEW = "eh_review", "Early help review"


class ClockQuerySet(models.QuerySet):
    def running(self):
        return self.filter(RUNNING)


RUNNING = Q(met_on__isnull=True, stopped_on__isnull=True)


class StatutoryClock(models.Model):
    """A timescale running for an episode: when it started, when it is due (from the rules
    version recorded), and when it was met or stopped."""

    episode = models.ForeignKey(Episode, on_delete=models.PROTECT, related_name="clocks")
    family = models.ForeignKey("people.Family", on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(max_length=20, choices=ClockKind.choices)
    starts_on = models.DateField()
    due_on = models.DateField()
    met_on = models.DateField(null=True, blank=True)
    stopped_on = models.DateField(null=True, blank=True, help_text="No longer needed")
    late_reason = models.CharField(max_length=500, blank=True)
    rules_version = models.CharField(max_length=40)
    reminded_on = models.DateField(null=True, blank=True)

    objects = ClockQuerySet.as_manager()

    class Meta:
        ordering = ["due_on", "pk"]
        # Running clocks are a few percent of all clocks ever started: what is overdue (soonest
        # first) and episodes' running clocks with their due dates (a caseload's figures and
        # overdue list, index only where the table is vacuumed) are read from indexes of those
        # alone. An index
        # of every clock's due date led PostgreSQL through the met ones (a manager's overdue
        # list took 120 ms at 300,000 clocks).
        indexes = [
            models.Index(fields=["due_on", "id"], condition=RUNNING, name="clock_running_due"),
            models.Index(
                fields=["episode", "due_on", "id"], condition=RUNNING, name="clock_running_of"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} due {self.due_on}"

    @property
    def is_running(self) -> bool:
        return self.met_on is None and self.stopped_on is None

    def status_on(self, today) -> str:
        if self.stopped_on:
            return "stopped"
        if self.met_on:
            return "met late" if self.met_on > self.due_on else "met"
        if today > self.due_on:
            return "overdue"
        return "due"
