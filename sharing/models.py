"""Information sharing as recorded decisions: consent, sharing records (including decisions not
to share), data-sharing agreements and partners' notifications such as Operation Encompass."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone

# What can be shared: the sections of a family's record (the policy maps these to pages).
SECTIONS = [
    ("members", "Family members and relationships"),
    ("involvements", "Who is involved, lead worker and cover"),
    ("chronology", "Chronology"),
    ("child_needs", "Children's needs and views"),
    ("adult_needs", "Adults' own needs (mental health, substance use, domestic abuse)"),
    ("plan", "Family plan and actions"),
    ("assessment", "Assessments"),
    ("case_notes", "Case notes"),
    ("addresses", "Addresses (never confidential ones)"),
]
SECTION_LABELS = dict(SECTIONS)


class ConsentPurpose(models.TextChoices):
    EARLY_HELP = "early_help", "Taking part in early help"
    SHARE_WITH_AGENCY = "share_with_agency", "Sharing information with a named agency"


class ConsentGivenBy(models.TextChoices):
    PARENT_WITH_PR = "parent_pr", "Parent or carer with parental responsibility"
    YOUNG_PERSON = "young_person", "The young person, who has capacity to decide"
    ADULT_SELF = "adult_self", "The adult themselves"


class ConsentMethod(models.TextChoices):
    WRITTEN = "written", "In writing"
    VERBAL = "verbal", "Verbally, recorded by the practitioner"
    DIGITAL = "digital", "Online"


class Consent(models.Model):
    family = models.ForeignKey("people.Family", on_delete=models.PROTECT, related_name="consents")
    person = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="consents")
    purpose = models.CharField(max_length=30, choices=ConsentPurpose.choices)
    agency = models.ForeignKey(
        "organisations.Organisation",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    given = models.BooleanField(help_text="False records a refusal")
    given_by = models.CharField(max_length=20, choices=ConsentGivenBy.choices)
    given_by_person = models.ForeignKey(
        "people.Person",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="Who gave or refused it, when not the person themselves",
    )
    method = models.CharField(max_length=20, choices=ConsentMethod.choices)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(default=timezone.now)
    notes = models.CharField(max_length=500, blank=True)
    withdrawn_at = models.DateTimeField(null=True, blank=True)
    withdrawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    withdrawal_note = models.CharField(max_length=500, blank=True)

    class Meta:
        ordering = ["-recorded_at", "-pk"]

    def __str__(self) -> str:
        return f"Consent of {self.person}: {self.get_purpose_display()}"

    @property
    def state(self) -> str:
        if self.withdrawn_at:
            return "withdrawn"
        return "given" if self.given else "refused"

    @property
    def in_force(self) -> bool:
        return self.given and self.withdrawn_at is None


class DataSharingAgreement(models.Model):
    reference = models.CharField(max_length=40, unique=True)
    title = models.CharField(max_length=200)
    parties = models.ManyToManyField("organisations.Organisation", related_name="agreements")
    purposes = models.TextField()
    sections = models.JSONField(default=list, help_text="Sections of the record it covers")
    art6_basis = models.CharField(max_length=10)
    art9_condition = models.CharField(max_length=10, blank=True)
    sch1_condition = models.CharField(max_length=10, blank=True)
    starts_on = models.DateField()
    review_on = models.DateField()
    ends_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["title"]

    def __str__(self) -> str:
        return f"{self.title} ({self.reference})"

    def in_force_on(self, day) -> bool:
        return self.starts_on <= day and (self.ends_on is None or day <= self.ends_on)


class ConsentPosition(models.TextChoices):
    GIVEN = "given", "Consent given"
    REFUSED_OVERRIDDEN = "refused_overridden", "Consent refused, and overridden"
    NOT_SOUGHT = "not_sought", "Consent not sought"
    NOT_APPLICABLE = "not_applicable", "Not needed – a law requires the sharing"


class SharingDecision(models.TextChoices):
    SHARED = "shared", "Shared"
    NOT_SHARED = "not_shared", "Decided not to share"


class SharingRecord(models.Model):
    """One decision to share, or not to share (golden rule 7: record it either way)."""

    family = models.ForeignKey(
        "people.Family", on_delete=models.PROTECT, related_name="sharing_records"
    )
    person = models.ForeignKey(
        "people.Person", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decision = models.CharField(max_length=20, choices=SharingDecision.choices)
    sections = models.JSONField(default=list)
    recipient = models.ForeignKey(
        "organisations.Organisation", on_delete=models.PROTECT, related_name="+"
    )
    recipient_person = models.CharField(max_length=200, blank=True)
    purpose = models.TextField()
    art6_basis = models.CharField(max_length=10)
    art9_condition = models.CharField(max_length=10, blank=True)
    sch1_condition = models.CharField(max_length=10, blank=True)
    consent_position = models.CharField(max_length=30, choices=ConsentPosition.choices)
    consent_reason = models.TextField(blank=True)
    consent = models.ForeignKey(
        Consent, null=True, blank=True, on_delete=models.PROTECT, related_name="sharing_records"
    )
    agreement = models.ForeignKey(
        DataSharingAgreement, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    reason_not_shared = models.TextField(blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(default=timezone.now)
    expires_on = models.DateField(null=True, blank=True)
    lawful_bases_version = models.CharField(max_length=40)
    # The statute that requires the sharing, when one does (sharing/data/lawful_bases.json,
    # "statutory"): under the duty to share (CA 2004 s16LA) consent is not asked.
    statutory_basis = models.CharField(max_length=20, blank=True)

    class Meta:
        ordering = ["-decided_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.get_decision_display()} with {self.recipient}"

    def section_labels(self) -> list[str]:
        return [SECTION_LABELS.get(s, s) for s in self.sections]

    @property
    def under_duty_to_share(self) -> bool:
        return self.statutory_basis == DUTY_TO_SHARE


DUTY_TO_SHARE = "ca2004_s16la"


class NonDisclosureStatus(models.TextChoices):
    WITHHELD = "withheld", "Withheld"
    SHARED = "shared", "Shared after review"
    CLOSED = "closed", "Closed – no longer relevant"


class NonDisclosureReviewOutcome(models.TextChoices):
    KEEP = "keep", "Keep withholding: disclosing is still more detrimental to the child"
    SHARE = "share", "Share now: the reason no longer applies"
    CLOSE = "close", "Close: the information is no longer relevant to the recipient"


class NonDisclosure(models.Model):
    """A decision not to share information relevant to a child's safety or welfare, under the
    exception to the duty to share (Children Act 2004 s16LA): the holder considers that
    disclosing would be more detrimental to the child than not disclosing. A record of its own,
    kept and reviewed; information governance sees every one."""

    family = models.ForeignKey(
        "people.Family", on_delete=models.PROTECT, related_name="non_disclosures"
    )
    child = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="+")
    sections = models.JSONField(default=list, help_text="Sections of the record withheld")
    withheld = models.TextField(help_text="What was withheld, in the decider's words")
    recipient = models.ForeignKey(
        "organisations.Organisation", on_delete=models.PROTECT, related_name="+"
    )
    recipient_role = models.CharField(max_length=200)
    detriment_reasoning = models.TextField(
        help_text="Why disclosing would be more detrimental to the child than not disclosing"
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    agency = models.ForeignKey(
        "organisations.Organisation",
        on_delete=models.PROTECT,
        related_name="+",
        help_text="The agency that holds the information and decided not to disclose it",
    )
    decided_at = models.DateTimeField(default=timezone.now)
    review_on = models.DateField()
    status = models.CharField(
        max_length=20, choices=NonDisclosureStatus.choices, default=NonDisclosureStatus.WITHHELD
    )
    lawful_bases_version = models.CharField(max_length=40)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["-decided_at", "-pk"]
        indexes = [models.Index(fields=["status", "review_on"])]

    def __str__(self) -> str:
        return f"Decision not to share with {self.recipient}"

    def section_labels(self) -> list[str]:
        return [SECTION_LABELS.get(s, s) for s in self.sections]

    def review_due(self, on) -> bool:
        return self.status == NonDisclosureStatus.WITHHELD and self.review_on <= on


class NonDisclosureReview(models.Model):
    """One review of a decision not to share (an immutable row: who, when, what was decided)."""

    non_disclosure = models.ForeignKey(
        NonDisclosure, on_delete=models.PROTECT, related_name="reviews"
    )
    outcome = models.CharField(max_length=10, choices=NonDisclosureReviewOutcome.choices)
    note = models.TextField()
    next_review_on = models.DateField(null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    reviewed_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-reviewed_at", "-pk"]

    def __str__(self) -> str:
        return f"Review of {self.non_disclosure}"


class NotificationKind(models.TextChoices):
    OPERATION_ENCOMPASS = "operation_encompass", "Operation Encompass (domestic abuse)"
    POLICE_DA = "police_da", "Police domestic abuse notification"
    CP_IS = "cp_is", "CP-IS unscheduled care attendance"


class PartnerNotification(models.Model):
    """A partner's own notification (not a referral), visible by role only."""

    kind = models.CharField(max_length=30, choices=NotificationKind.choices)
    family = models.ForeignKey(
        "people.Family", on_delete=models.PROTECT, related_name="partner_notifications"
    )
    child = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="+")
    source = models.ForeignKey(
        "organisations.Organisation", on_delete=models.PROTECT, related_name="+"
    )
    recipient = models.ForeignKey(
        "organisations.Organisation", on_delete=models.PROTECT, related_name="+"
    )
    source_reference = models.CharField(max_length=60, blank=True)
    incident_at = models.DateTimeField()
    received_at = models.DateTimeField(default=timezone.now)
    child_present = models.BooleanField(null=True)
    child_voice = models.TextField(blank=True)
    summary = models.TextField()
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["-received_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} about {self.child}"


class RequesterRelationship(models.TextChoices):
    SELF = "self", "The person themselves"
    PARENT = "parent_pr", "Parent with parental responsibility, for their child"
    REPRESENTATIVE = "representative", "Someone acting for them (for example a solicitor)"


class SARStatus(models.TextChoices):
    OPEN = "open", "Being prepared"
    RELEASED = "released", "Released"


class SubjectAccessRequest(models.Model):
    person = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="+")
    reference = models.CharField(max_length=20, unique=True)
    requester_name = models.CharField(max_length=200)
    requester_relationship = models.CharField(max_length=20, choices=RequesterRelationship.choices)
    received_on = models.DateField()
    due_on = models.DateField(help_text="One calendar month from receipt")
    status = models.CharField(max_length=20, choices=SARStatus.choices, default=SARStatus.OPEN)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    released_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["due_on", "pk"]

    def __str__(self) -> str:
        return f"Subject access request {self.reference}"


class RedactionReason(models.TextChoices):
    THIRD_PARTY = "third_party", "Information about someone else (third party)"
    SERIOUS_HARM = "serious_harm", "Would be likely to cause serious harm (DPA 2018 Sch 3)"
    CHILD_ABUSE = "child_abuse_data", "Child abuse data not in the child's best interests (Sch 3)"
    LEGAL = "legal_privilege", "Legal professional privilege"


class SARRedaction(models.Model):
    sar = models.ForeignKey(
        SubjectAccessRequest, on_delete=models.PROTECT, related_name="redactions"
    )
    item_key = models.CharField(max_length=60)
    reason = models.CharField(max_length=30, choices=RedactionReason.choices)
    note = models.CharField(max_length=500)
    redacted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    redacted_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["sar", "item_key"], name="one_redaction_per_item")
        ]

    def __str__(self) -> str:
        return f"Redaction of {self.item_key}"


class RetentionStatus(models.TextChoices):
    PROPOSED = "proposed", "Proposed for destruction"
    APPROVED = "approved", "Approved and destroyed"
    KEPT = "kept", "Kept (decision recorded)"


class RetentionDecision(models.Model):
    """A destruction proposal and its outcome. After destruction the family is gone; this row
    and the audit trail keep the tombstone (reference, counts, who approved, under which rule)."""

    family = models.ForeignKey(
        "people.Family", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    family_reference = models.CharField(max_length=20)
    rule_version = models.CharField(max_length=40)
    reason = models.TextField()
    status = models.CharField(
        max_length=20, choices=RetentionStatus.choices, default=RetentionStatus.PROPOSED
    )
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    proposed_at = models.DateTimeField(default=timezone.now)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    decision_note = models.TextField(blank=True)
    destroyed_counts = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["-proposed_at"]

    def __str__(self) -> str:
        return f"Retention decision for {self.family_reference}"
