"""Pre-proceedings and family group decision-making (Children Act 1989 s31ZA) for a child on
the edge of care: the decision to begin, the FGDM offer to each parent and each person with
parental responsibility (or the "not in the child's best interests" exception), the family
network, the meetings and the family's own plan, and the timeline the CIN census (module 5)
reports. Dates the census reports are explicit columns; offers and meetings are rows written
once, each with who recorded it and when."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone


class PreProceedings(models.Model):
    """One child's pre-proceedings (a PreProceedingsandFGDM block of the CIN census), within
    the child in need episode it belongs to."""

    family = models.ForeignKey("people.Family", on_delete=models.PROTECT, related_name="+")
    child = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="+")
    episode = models.ForeignKey(
        "casework.Episode",
        on_delete=models.PROTECT,
        related_name="+",
        help_text="The child in need episode (the census CINdetails) it sits within",
    )
    # The legal planning meeting's decision (PPStartDate, N00826)
    started_on = models.DateField("date of the decision to begin pre-proceedings")
    decided_by = models.CharField("who decided", max_length=200)
    decision_reasons = models.TextField("why", blank=True)
    # The timeline (CIN census module 5)
    letter_sent_on = models.DateField("letter before proceedings sent", null=True, blank=True)
    step_decision_on = models.DateField("step decision", null=True, blank=True)
    outcome = models.CharField("outcome (CS131)", max_length=1, blank=True)
    court_application_on = models.DateField("court application", null=True, blank=True)
    # The s31ZA exception: offering or holding the meeting is not in the child's best interests
    fgdm_exception = models.BooleanField(default=False)
    exception_rationale = models.TextField(blank=True)
    exception_decided_by = models.CharField(max_length=200, blank=True)
    exception_decided_on = models.DateField(null=True, blank=True)

    rules_version = models.CharField(max_length=40)
    version = models.PositiveIntegerField(default=1)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-started_on", "-pk"]
        verbose_name_plural = "pre-proceedings"
        indexes = [models.Index(fields=["episode"]), models.Index(fields=["family"])]

    def __str__(self) -> str:
        return f"Pre-proceedings for {self.child} from {self.started_on:%-d %B %Y}"

    @property
    def is_concluded(self) -> bool:
        return bool(self.outcome)


class OfferMethod(models.TextChoices):
    LETTER = "letter", "In the letter before proceedings"
    IN_PERSON = "in_person", "In person"
    PHONE = "phone", "By phone"
    MEETING = "meeting", "At a meeting"


class OfferResponse(models.TextChoices):
    AWAITING = "awaiting", "Waiting for an answer"
    ACCEPTED = "accepted", "Accepted"
    REFUSED = "refused", "Refused"


class FgdmOffer(models.Model):
    """The offer of a family group decision-making meeting to one parent or person with
    parental responsibility, and their answer."""

    proceedings = models.ForeignKey(PreProceedings, on_delete=models.PROTECT, related_name="+")
    person = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="+")
    offered_on = models.DateField()
    method = models.CharField(max_length=20, choices=OfferMethod.choices)
    response = models.CharField(
        max_length=10, choices=OfferResponse.choices, default=OfferResponse.AWAITING
    )
    responded_on = models.DateField(null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["offered_on", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["proceedings", "person"], name="one_offer_per_person")
        ]

    def __str__(self) -> str:
        return f"FGDM offered to {self.person} on {self.offered_on:%-d %B %Y}"


class NetworkKind(models.TextChoices):
    RELATIVE = "relative", "Relative"
    FRIEND = "friend", "Friend"
    OTHER = "other", "Someone else important to the child"


class NetworkMember(models.Model):
    """Someone in the family network (s31ZA: whoever the local authority considers
    appropriate, e.g. relatives and friends). Contact details are shown only to the child's
    allocated worker and their managers (proceedings.policy)."""

    proceedings = models.ForeignKey(PreProceedings, on_delete=models.PROTECT, related_name="+")
    name = models.CharField(max_length=150)
    kind = models.CharField(max_length=10, choices=NetworkKind.choices)
    relationship = models.CharField("relationship to the child", max_length=100)
    phone = models.CharField(max_length=40, blank=True)
    email = models.CharField(max_length=200, blank=True)
    address = models.CharField(max_length=300, blank=True)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["name", "pk"]

    def __str__(self) -> str:
        return f"{self.name} ({self.relationship})"


class MeetingKind(models.TextChoices):
    FGDM = "fgdm", "Family group decision-making meeting"
    INITIAL = "initial", "Initial pre-proceedings meeting"
    REVIEW = "review", "Pre-proceedings review meeting"


class ProceedingsMeeting(models.Model):
    """A meeting in pre-proceedings. An FGDM meeting carries the family's own plan, kept in
    their words: written once, shown as theirs, never edited by the worker."""

    proceedings = models.ForeignKey(PreProceedings, on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(max_length=10, choices=MeetingKind.choices)
    held_on = models.DateField()
    family_attended = models.ManyToManyField("people.Person", related_name="+", blank=True)
    network_attended = models.ManyToManyField(NetworkMember, related_name="+", blank=True)
    others_attended = models.CharField("others who came", max_length=500, blank=True)
    family_plan = models.TextField("the family's plan, in their words", blank=True)
    notes = models.TextField(blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["held_on", "pk"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} on {self.held_on:%-d %B %Y}"


class ClockKind(models.TextChoices):
    LETTER = "letter", "Letter before proceedings"
    FGDM_MEETING = "fgdm_meeting", "FGDM meeting (an offer was accepted)"
    INITIAL_MEETING = "initial_meeting", "Initial pre-proceedings meeting"
    REVIEW = "review", "Pre-proceedings review meeting"
    DECISION = "decision", "Step decision"


class ProceedingsClock(models.Model):
    """A pre-proceedings timescale from rules/data/pre_proceedings: when it started, when it is
    due (under the version the pre-proceedings began under), and when it was met or stopped."""

    proceedings = models.ForeignKey(PreProceedings, on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(max_length=20, choices=ClockKind.choices)
    starts_on = models.DateField()
    due_on = models.DateField(db_index=True)
    met_on = models.DateField(null=True, blank=True)
    stopped_on = models.DateField(null=True, blank=True)
    rules_version = models.CharField(max_length=40)
    reminded_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["due_on", "pk"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} due {self.due_on}"

    def status_on(self, today) -> str:
        if self.stopped_on:
            return "stopped"
        if self.met_on:
            return "met late" if self.met_on > self.due_on else "met"
        return "overdue" if today > self.due_on else "due"
