"""Contacts at the front door, their clock and status, partner information requests,
threshold decisions and disagreements with them."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone

from .concerns import ConsentStatus, NamedPerson


class ContactStatus(models.TextChoices):
    RECEIVED = "received", "Received"
    SCREENING = "screening", "Screening"
    AWAITING_INFO = "awaiting_info", "Awaiting partner information"
    DECIDED = "decided", "Decided"
    CLOSED = "closed", "Closed – referrer told"


# The state machine (shared/docs/domain.md 3.1). DECIDED -> SCREENING is a manager returning
# a decision at sign-off; DECIDED -> CLOSED is feedback reaching the referrer.
TRANSITIONS: dict[str, frozenset[str]] = {
    ContactStatus.RECEIVED: frozenset({ContactStatus.SCREENING}),
    ContactStatus.SCREENING: frozenset({ContactStatus.AWAITING_INFO, ContactStatus.DECIDED}),
    ContactStatus.AWAITING_INFO: frozenset({ContactStatus.SCREENING}),
    ContactStatus.DECIDED: frozenset({ContactStatus.CLOSED, ContactStatus.SCREENING}),
    ContactStatus.CLOSED: frozenset(),
}
OPEN_STATUSES = frozenset(
    {ContactStatus.RECEIVED, ContactStatus.SCREENING, ContactStatus.AWAITING_INFO}
)


class ContactKind(models.TextChoices):
    REFERRAL = "referral", "Request for a service"
    ADVICE = "advice", "Request for advice"
    CONSULTATION = "consultation", "From a consultation"
    EARLY_WARNING = "early_warning", "From joined-up early warning"


class Rag(models.TextChoices):
    RED = "red", "Red"
    AMBER = "amber", "Amber"
    GREEN = "green", "Green"


class Contact(models.Model):
    reference = models.CharField(max_length=20, unique=True)
    kind = models.CharField(max_length=20, choices=ContactKind.choices)
    received_at = models.DateTimeField(db_index=True)
    due_at = models.DateTimeField(db_index=True, help_text="Decision due (working-day clock)")
    calendar_version = models.CharField(max_length=40)
    rules_version = models.CharField(max_length=40, help_text="front-door settings version")
    urgent = models.BooleanField(default=False)
    rag = models.CharField("RAG rating", max_length=5, choices=Rag.choices, blank=True)
    status = models.CharField(
        max_length=15, choices=ContactStatus.choices, default=ContactStatus.RECEIVED
    )
    source = models.CharField("referral source (CIN census)", max_length=3, blank=True)
    referrer = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    referrer_name = models.CharField(max_length=200, blank=True)
    referrer_organisation = models.ForeignKey(
        "organisations.Organisation",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    concern = models.OneToOneField(
        "frontdoor.Concern",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="contact",
    )
    consultation = models.OneToOneField(
        "frontdoor.Consultation",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="contact",
    )
    previous_contact = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="The contact this one reopens (after a disagreement changed the decision)",
    )
    family = models.ForeignKey(
        "people.Family", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    locality = models.CharField(max_length=100, blank=True)
    worries = models.TextField(blank=True)
    indicators = models.JSONField(default=list, blank=True)
    continuum = models.ForeignKey(
        "frontdoor.Continuum", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    consent = models.CharField(max_length=12, choices=ConsentStatus.choices, blank=True)
    consent_reason = models.TextField(blank=True)
    referrer_view = models.TextField(blank=True)
    assigned_to = models.ForeignKey(
        "organisations.Practitioner",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    routed_team = models.ForeignKey(
        "organisations.Team", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-urgent", "due_at", "pk"]
        indexes = [
            models.Index(fields=["status", "due_at"]),
            models.Index(fields=["family", "received_at"]),
            models.Index(fields=["referrer", "received_at"]),
        ]

    def __str__(self) -> str:
        return f"Contact {self.reference}"

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES


class ContactPerson(NamedPerson):
    contact = models.ForeignKey(Contact, on_delete=models.PROTECT, related_name="people")

    class Meta(NamedPerson.Meta):
        pass


class StatusChange(models.Model):
    """One step of a contact through the state machine: who, when, from, to, why.
    Immutable; the contact's timeline and clocks read these, not the audit trail."""

    contact = models.ForeignKey(Contact, on_delete=models.PROTECT, related_name="status_changes")
    from_status = models.CharField(max_length=15, choices=ContactStatus.choices, blank=True)
    to_status = models.CharField(max_length=15, choices=ContactStatus.choices)
    at = models.DateTimeField(default=timezone.now)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    by_label = models.CharField(max_length=200, blank=True)
    note = models.CharField(max_length=500, blank=True)

    class Meta:
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.contact}: {self.from_status or 'new'} → {self.to_status}"


class InfoRequestStatus(models.TextChoices):
    OPEN = "open", "Waiting for an answer"
    ANSWERED = "answered", "Answered"
    WITHDRAWN = "withdrawn", "No longer needed"


class PartnerInfoRequest(models.Model):
    """A MASH-style request to a named agency for what it knows about the people named."""

    contact = models.ForeignKey(Contact, on_delete=models.PROTECT, related_name="info_requests")
    organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.PROTECT, related_name="+"
    )
    practitioner = models.ForeignKey(
        "organisations.Practitioner",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    question = models.TextField()
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    requested_at = models.DateTimeField(default=timezone.now)
    due_at = models.DateTimeField()
    status = models.CharField(
        max_length=10, choices=InfoRequestStatus.choices, default=InfoRequestStatus.OPEN
    )
    answer = models.TextField(blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    answered_at = models.DateTimeField(null=True, blank=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["requested_at", "pk"]
        indexes = [models.Index(fields=["organisation", "status"])]

    def __str__(self) -> str:
        return f"Information request to {self.organisation} ({self.contact.reference})"


class Outcome(models.TextChoices):
    NFA = "nfa", "No further action – advice to the referrer"
    UNIVERSAL = "universal", "Universal or family hub services"
    EARLY_HELP = "early_help", "Early help"
    CSC_REFERRAL = "csc_referral", "Referral to children's social care"
    STRATEGY = "strategy_discussion", "Strategy discussion (section 47)"


ROUTED_OUTCOMES = frozenset({Outcome.EARLY_HELP, Outcome.CSC_REFERRAL, Outcome.STRATEGY})
CSC_OUTCOMES = frozenset({Outcome.CSC_REFERRAL, Outcome.STRATEGY})


class SignOff(models.TextChoices):
    NOT_REQUIRED = "not_required", "Not required"
    PENDING = "pending", "Waiting for a manager"
    AGREED = "agreed", "Agreed by a manager"
    RETURNED = "returned", "Returned by a manager for more work"


class ThresholdDecision(models.Model):
    contact = models.ForeignKey(Contact, on_delete=models.PROTECT, related_name="decisions")
    continuum = models.ForeignKey(
        "frontdoor.Continuum", on_delete=models.PROTECT, related_name="decisions"
    )
    level = models.PositiveSmallIntegerField()
    indicators = models.JSONField(default=list, blank=True)
    rationale = models.TextField()
    outcome = models.CharField(max_length=20, choices=Outcome.choices)
    feedback_to_referrer = models.TextField(
        help_text="What the referrer is told: the outcome, the reasons and any advice"
    )
    referral_source = models.CharField(max_length=3, blank=True)
    primary_need = models.CharField(max_length=3, blank=True)
    codelist_versions = models.JSONField(default=dict, blank=True)
    referrer_view = models.TextField(blank=True)
    locality = models.CharField(max_length=100, blank=True)
    team = models.ForeignKey(
        "organisations.Team", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    routing_version = models.CharField(max_length=40, blank=True)
    routing_rule = models.CharField(max_length=60, blank=True)
    override_reason = models.TextField(blank=True)
    overridden_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(default=timezone.now)
    sign_off = models.CharField(max_length=15, choices=SignOff.choices)
    signed_off_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    signed_off_at = models.DateTimeField(null=True, blank=True)
    sign_off_note = models.TextField(blank=True)
    feedback_sent_at = models.DateTimeField(null=True, blank=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["-decided_at", "-pk"]
        get_latest_by = "decided_at"

    def __str__(self) -> str:
        return f"Decision on {self.contact.reference}: {self.get_outcome_display()}"

    @property
    def level_name(self) -> str:
        return self.continuum.level_name(self.level)

    @property
    def is_final(self) -> bool:
        return self.sign_off in (SignOff.NOT_REQUIRED, SignOff.AGREED)

    @property
    def is_overridden(self) -> bool:
        return bool(self.override_reason)


class DissentStatus(models.TextChoices):
    OPEN = "open", "Open"
    RESOLVED = "resolved", "Resolved"


class Resolution(models.TextChoices):
    STANDS = "stands", "The decision stands, with reasons explained"
    CHANGED = "changed", "The decision is changed"
    ESCALATED = "escalated", "Escalated under the partnership's escalation protocol"


class Dissent(models.Model):
    """A partner disagrees with a threshold decision; a manager resolves it."""

    decision = models.ForeignKey(
        ThresholdDecision, on_delete=models.PROTECT, related_name="dissents"
    )
    raised_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    raised_by_organisation = models.ForeignKey(
        "organisations.Organisation", null=True, on_delete=models.PROTECT, related_name="+"
    )
    raised_at = models.DateTimeField(default=timezone.now)
    reason = models.TextField()
    status = models.CharField(
        max_length=10, choices=DissentStatus.choices, default=DissentStatus.OPEN
    )
    resolution = models.CharField(max_length=12, choices=Resolution.choices, blank=True)
    resolution_note = models.TextField(blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    resolved_at = models.DateTimeField(null=True, blank=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["-raised_at", "-pk"]

    def __str__(self) -> str:
        return f"Disagreement with {self.decision}"
