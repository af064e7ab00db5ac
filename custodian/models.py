"""Find a Record / Fetch a Record: FamilyHub as a custodian.

Data-sharing agreements held as data (DfE SUI ADR-0005): which organisation (or type of
organisation) may learn that FamilyHub holds a record type about a child, or have its content,
for which purpose, from when until when. An agreement is never changed in place: a revision is a
new version of the same reference, so every decision logged names the exact text it relied on.

The two record types FamilyHub answers for are records of their own in the access kernel's
registry (proxies of the person: `PersonalDetails`, `ChildrensServicesDetails`), so the policy
enforcement point is a registered record rule like any other (custodian.policy).
"""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils import timezone

from organisations.models import OrganisationType
from people.models import Person


class RecordType(models.TextChoices):
    PERSONAL = "personal.details", "Personal details (personal.details)"
    CHILDRENS_SERVICES = (
        "childrens-services.details",
        "Children's services details (childrens-services.details)",
    )


class Mode(models.TextChoices):
    EXISTENCE = "existence", "Existence only: that the record is held (Find a Record)"
    CONTENT = "content", "Content: the record itself (Fetch a Record, and Find a Record)"


class SharingPurpose(models.TextChoices):
    SAFEGUARDING = "safeguarding", "Safeguarding a child (Children Act 1989 s47, s17)"
    EARLY_HELP = "early-help", "Early help and family help"
    EDUCATION = "education", "Education: attendance, welfare and inclusion"
    HEALTH = "health", "Health care for the child"


# The local authority's own services: the source of the records FamilyHub holds as custodian.
SOURCE_TYPES = (OrganisationType.CHILDRENS_SOCIAL_CARE, OrganisationType.EARLY_HELP)


class AgreementQuerySet(models.QuerySet):
    def current(self):
        """The latest version of each agreement (earlier versions are kept for the log)."""
        return self.filter(superseded_at__isnull=True)

    def in_force(self, on):
        return (
            self.current()
            .filter(valid_from__lte=on)
            .filter(Q(valid_until__isnull=True) | Q(valid_until__gte=on))
        )


class Agreement(models.Model):
    """One version of a data-sharing agreement for Find a Record / Fetch a Record."""

    reference = models.CharField(max_length=40, help_text="For example DSA-SUI-001")
    version = models.PositiveIntegerField(default=1)
    title = models.CharField(max_length=200)
    source_organisation = models.ForeignKey(
        "organisations.Organisation",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    source_type = models.CharField(max_length=30, blank=True, choices=OrganisationType.choices)
    destination_organisation = models.ForeignKey(
        "organisations.Organisation",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    destination_type = models.CharField(max_length=30, blank=True, choices=OrganisationType.choices)
    record_type = models.CharField(max_length=40, choices=RecordType.choices)
    purpose = models.CharField(max_length=30, choices=SharingPurpose.choices)
    mode = models.CharField(max_length=10, choices=Mode.choices)
    valid_from = models.DateField()
    valid_until = models.DateField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    created_by_label = models.CharField(max_length=200)
    change_note = models.CharField(max_length=300, blank=True)
    superseded_at = models.DateTimeField(null=True, blank=True)

    objects = AgreementQuerySet.as_manager()

    class Meta:
        ordering = ["reference", "-version"]
        constraints = [
            models.UniqueConstraint(
                fields=["reference", "version"], name="custodian_agreement_version_once"
            ),
            models.UniqueConstraint(
                fields=["reference"],
                condition=Q(superseded_at__isnull=True),
                name="custodian_agreement_one_current_version",
            ),
            models.CheckConstraint(
                condition=Q(source_organisation__isnull=False) | ~Q(source_type=""),
                name="custodian_agreement_has_source",
            ),
            models.CheckConstraint(
                condition=Q(destination_organisation__isnull=False) | ~Q(destination_type=""),
                name="custodian_agreement_has_destination",
            ),
            models.CheckConstraint(
                condition=Q(valid_until__isnull=True) | Q(valid_until__gte=models.F("valid_from")),
                name="custodian_agreement_ends_after_it_starts",
            ),
        ]
        indexes = [models.Index(fields=["record_type", "purpose", "superseded_at"])]

    def __str__(self) -> str:
        return f"{self.reference} v{self.version}: {self.title}"

    @property
    def source_label(self) -> str:
        if self.source_organisation_id:
            return self.source_organisation.name
        return f"Any {OrganisationType(self.source_type).label.lower()} organisation"

    @property
    def destination_label(self) -> str:
        if self.destination_organisation_id:
            return self.destination_organisation.name
        return f"Any {OrganisationType(self.destination_type).label.lower()} organisation"

    def in_force_on(self, day) -> bool:
        return (
            self.superseded_at is None
            and self.valid_from <= day
            and (self.valid_until is None or day <= self.valid_until)
        )


class PersonalDetails(Person):
    """The `personal.details` record type of a child FamilyHub holds (a view of the person)."""

    class Meta:
        proxy = True
        verbose_name = "personal details record"


class ChildrensServicesDetails(Person):
    """The `childrens-services.details` record type of a child FamilyHub holds."""

    class Meta:
        proxy = True
        verbose_name = "children's services details record"


RECORD_MODELS: dict[str, type[Person]] = {
    RecordType.PERSONAL: PersonalDetails,
    RecordType.CHILDRENS_SERVICES: ChildrensServicesDetails,
}
