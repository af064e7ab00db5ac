"""Working with the family: episodes (early help, child in need, child protection) with their
statutory clocks, the lead practitioner and cover, absences, whole-family assessments, the
family plan with goals (scored in outcomes.GoalScore), meetings and reviews, case notes, step up
and down. Hub services a plan action can be live in directory; goal scores and the six-month
sustained outcome check in outcomes.

Dates the CIN census reports are explicit columns (not answers inside forms). Rows that record
what happened (transitions, handovers) are written once and never changed."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone

from outcomes.models import ATTAINMENT_LEVELS, NEED_AREAS, GoalScale


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
        from .machines import state_label

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


class ClockKind(models.TextChoices):
    ASSESSMENT = "assessment", "Child and family assessment"
    ICPC = "icpc", "Initial child protection conference"
    FIRST_CORE_GROUP = "first_core_group", "First core group"
    CORE_GROUP = "core_group", "Core group"
    RCPC = "rcpc", "Review child protection conference"
    CIN_REVIEW = "cin_review", "Child in need review"
    EH_REVIEW = "eh_review", "Early help review"


class ClockQuerySet(models.QuerySet):
    def running(self):
        return self.filter(met_on__isnull=True, stopped_on__isnull=True)


class StatutoryClock(models.Model):
    """A timescale running for an episode: when it started, when it is due (from the rules
    version recorded), and when it was met or stopped."""

    episode = models.ForeignKey(Episode, on_delete=models.PROTECT, related_name="clocks")
    family = models.ForeignKey("people.Family", on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(max_length=20, choices=ClockKind.choices)
    starts_on = models.DateField()
    due_on = models.DateField(db_index=True)
    met_on = models.DateField(null=True, blank=True)
    stopped_on = models.DateField(null=True, blank=True, help_text="No longer needed")
    late_reason = models.CharField(max_length=500, blank=True)
    rules_version = models.CharField(max_length=40)
    reminded_on = models.DateField(null=True, blank=True)

    objects = ClockQuerySet.as_manager()

    class Meta:
        ordering = ["due_on", "pk"]
        indexes = [models.Index(fields=["met_on", "stopped_on", "due_on"])]

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


# --- The lead practitioner, cover and absence


class FamilySay(models.TextChoices):
    CHOSEN = "chosen", "The family chose this lead practitioner"
    AGREED = "agreed", "Suggested to the family, and they agreed"
    NOT_ASKED = "not_asked", "The family has not yet been asked"
    DISAGREED = "disagreed", "The family would prefer someone else"


class LeadArrangement(models.Model):
    """Who leads the work with a family, who covers, and the family's say. A change of lead is a
    new row; the old one ends with the handover's reason and note."""

    family = models.ForeignKey(
        "people.Family", on_delete=models.PROTECT, related_name="lead_arrangements"
    )
    lead = models.ForeignKey(
        "organisations.Practitioner", on_delete=models.PROTECT, related_name="leads"
    )
    cover = models.ForeignKey(
        "organisations.Practitioner",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="covers",
    )
    family_say = models.CharField(max_length=20, choices=FamilySay.choices)
    family_say_note = models.CharField(max_length=500, blank=True)
    started_on = models.DateField(default=timezone.localdate)
    ended_on = models.DateField(null=True, blank=True)
    handover_reason = models.CharField(max_length=300, blank=True)
    handover_note = models.TextField(blank=True)
    family_told_on = models.DateField(null=True, blank=True)
    family_told_how = models.CharField(max_length=300, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-started_on", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["family"],
                condition=models.Q(ended_on__isnull=True),
                name="one_current_lead_per_family",
            )
        ]

    def __str__(self) -> str:
        return f"{self.lead.name} leads for {self.family.name}"


class AbsenceKind(models.TextChoices):
    LEAVE = "leave", "Annual leave"
    SICKNESS = "sickness", "Sickness"
    TRAINING = "training", "Training"
    OTHER = "other", "Other absence"


class Absence(models.Model):
    practitioner = models.ForeignKey(
        "organisations.Practitioner", on_delete=models.PROTECT, related_name="absences"
    )
    kind = models.CharField(max_length=20, choices=AbsenceKind.choices)
    starts_on = models.DateField()
    ends_on = models.DateField()
    note = models.CharField(max_length=300, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    cancelled_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["starts_on", "pk"]
        indexes = [models.Index(fields=["practitioner", "ends_on"])]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_on__gte=models.F("starts_on")),
                name="absence_ends_after_start",
            )
        ]

    def __str__(self) -> str:
        return f"{self.practitioner.name}: {self.get_kind_display()}"


class WorkingHours(models.Model):
    """A practitioner's usual working pattern (the partnership's hours apply when absent)."""

    practitioner = models.OneToOneField(
        "organisations.Practitioner", on_delete=models.PROTECT, related_name="working_hours"
    )
    weekdays = models.JSONField(default=list, help_text="0 = Monday … 6 = Sunday")
    starts_at = models.TimeField()
    ends_at = models.TimeField()

    def __str__(self) -> str:
        return f"Working hours of {self.practitioner.name}"


# --- Assessment


class AssessmentKind(models.TextChoices):
    EARLY_HELP = "eha", "Early help assessment (whole family)"
    CHILD_AND_FAMILY = "cfa", "Child and family assessment (statutory)"


class AssessmentStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    COMPLETED = "completed", "Completed"
    AUTHORISED = "authorised", "Authorised by a manager"


class Assessment(models.Model):
    """A whole-family, strengths-based assessment: each member's needs (adults' own needs too),
    the child's voice in their own words, strengths and networks."""

    family = models.ForeignKey(
        "people.Family", on_delete=models.PROTECT, related_name="assessments"
    )
    episode = models.ForeignKey(
        Episode, null=True, blank=True, on_delete=models.PROTECT, related_name="assessments"
    )
    kind = models.CharField(max_length=4, choices=AssessmentKind.choices)
    status = models.CharField(
        max_length=12, choices=AssessmentStatus.choices, default=AssessmentStatus.DRAFT
    )
    started_on = models.DateField(default=timezone.localdate)
    completed_on = models.DateField(null=True, blank=True)
    child_voice = models.TextField("the children's views, in their own words", blank=True)
    strengths = models.TextField("strengths", blank=True)
    network = models.TextField("family and friends network", blank=True)
    analysis = models.TextField("what we think is happening", blank=True)
    factors = models.JSONField(default=list, blank=True)
    authorised_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    authorised_at = models.DateTimeField(null=True, blank=True)
    authorised_version = models.PositiveIntegerField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-started_on", "-pk"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} for {self.family.name}"


class AssessmentNeed(models.Model):
    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="needs")
    person = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="+")
    area = models.CharField(max_length=30, choices=NEED_AREAS)

    class Meta:
        ordering = ["pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["assessment", "person", "area"], name="assessment_need_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.person}: {self.get_area_display()}"


class AssessmentPersonNote(models.Model):
    """What the assessment says about one person, in plain words."""

    assessment = models.ForeignKey(
        Assessment, on_delete=models.CASCADE, related_name="person_notes"
    )
    person = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="+")
    text = models.TextField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["assessment", "person"], name="assessment_person_note_unique"
            )
        ]

    def __str__(self) -> str:
        return f"About {self.person}"


# --- Family plan


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


# --- Meetings and reviews


class MeetingKind(models.TextChoices):
    TAF_REVIEW = "taf_review", "Team around the family review"
    CIN_REVIEW = "cin_review", "Child in need review"
    CORE_GROUP = "core_group", "Core group"
    FAMILY_MEETING = "family_meeting", "Family meeting"


class Meeting(models.Model):
    family = models.ForeignKey("people.Family", on_delete=models.PROTECT, related_name="meetings")
    kind = models.CharField(max_length=20, choices=MeetingKind.choices)
    held_on = models.DateField()
    agencies_invited = models.ManyToManyField(
        "organisations.Organisation", related_name="+", blank=True
    )
    agencies_attended = models.ManyToManyField(
        "organisations.Organisation", related_name="+", blank=True
    )
    family_attended = models.ManyToManyField("people.Person", related_name="+", blank=True)
    parents_views = models.TextField(blank=True)
    child_views = models.TextField(blank=True)
    minutes = models.TextField(blank=True)
    decisions = models.TextField(blank=True)
    next_review_on = models.DateField(null=True, blank=True)
    rules_version = models.CharField(max_length=40, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-held_on", "-pk"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} on {self.held_on:%-d %B %Y}"


# --- Case notes


class CaseNoteKind(models.TextChoices):
    VISIT = "visit", "Visit"
    PHONE = "phone", "Phone call"
    MEETING = "meeting", "Meeting"
    SUPERVISION = "supervision", "Supervision"
    OTHER = "other", "Other"


class CaseNote(models.Model):
    family = models.ForeignKey("people.Family", on_delete=models.PROTECT, related_name="notes")
    kind = models.CharField(max_length=20, choices=CaseNoteKind.choices)
    occurred_on = models.DateField()
    text = models.TextField()
    seen = models.ManyToManyField("people.Person", related_name="+", blank=True)
    seen_alone = models.ManyToManyField("people.Person", related_name="+", blank=True)
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    agency = models.ForeignKey(
        "organisations.Organisation", null=True, on_delete=models.PROTECT, related_name="+"
    )
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-occurred_on", "-pk"]
        indexes = [models.Index(fields=["family", "-occurred_on"])]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} on {self.occurred_on:%-d %B %Y}"


# --- Step up and step down


class StepUp(models.Model):
    """Early help to children's social care: a contact to the front door that carries the
    assessment, the plan, the chronology and the lead practitioner's view."""

    family = models.ForeignKey("people.Family", on_delete=models.PROTECT, related_name="step_ups")
    children = models.ManyToManyField("people.Person", related_name="+")
    reason = models.TextField()
    lead_view = models.TextField("the lead practitioner's view")
    lead_stays_involved = models.BooleanField(default=True)
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


# --- Autosaved drafts of long forms


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
