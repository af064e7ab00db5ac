"""The whole-family record: people, their identifiers and addresses, families, relationships,
and one chronology per family."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

import codelists


class Sex(models.TextChoices):
    FEMALE = "F", "Female"
    MALE = "M", "Male"
    UNKNOWN = "U", "Not known"


class NhsNumberSource(models.TextChoices):
    """Where the NHS number came from (the consistent child identifier, CA 2004 s16LC)."""

    PDS_TRACE = "pds_trace", "A trace of the NHS Personal Demographics Service (PDS)"
    HEALTH_PARTNER = "health_partner", "A health partner (GP, health visitor, hospital)"
    PARENT = "parent", "A parent or carer"
    SCHOOL = "school", "A school"


class NhsNumberStatus(models.TextChoices):
    UNVERIFIED = "unverified", "Not verified"
    VERIFIED = "verified", "Verified"


class NhsNumberAbsentReason(models.TextChoices):
    """Why a child's record carries no consistent identifier: the Children Act 2004 s16LC
    exceptions, subsections (6), (7) and (8)."""

    NOT_HELPFUL = "s16lc_6", "It would not help anyone's safeguarding or welfare work (s16LC(6))"
    MORE_DETRIMENTAL = "s16lc_7", "Including it would be more detrimental to the child (s16LC(7))"
    UNKNOWN_DELAY = (
        "s16lc_8",
        ("Not known, and finding it would cause unreasonable delay (s16LC(8))"),
    )


class Person(models.Model):
    given_name = models.CharField(max_length=100)
    family_name = models.CharField(max_length=100)
    other_names = models.CharField(
        max_length=300, blank=True, help_text="Previous names, aliases and other spellings"
    )
    preferred_name = models.CharField(max_length=100, blank=True)
    date_of_birth = models.DateField(null=True, blank=True)
    expected_date_of_birth = models.DateField(null=True, blank=True)
    sex = models.CharField(max_length=1, choices=Sex.choices, default=Sex.UNKNOWN)
    gender = models.CharField(max_length=60, blank=True)
    ethnicity = models.CharField(
        max_length=4,
        blank=True,
        default="NOBT",
        help_text="DfE code: REFU when the person declined to say, NOBT when not yet asked",
    )
    first_language = models.CharField(max_length=3, blank=True)
    interpreter_needed = models.BooleanField(default=False)
    disabilities = models.JSONField(default=list, blank=True)
    date_of_death = models.DateField(null=True, blank=True)

    nhs_number = models.CharField(max_length=10, blank=True, db_index=True)
    # The consistent child identifier (CA 2004 s16LC): where the NHS number came from, whether
    # it was verified (and when), or, with none, which of the Act's reasons applies.
    nhs_number_source = models.CharField(
        "NHS number source", max_length=20, blank=True, choices=NhsNumberSource.choices
    )
    nhs_number_status = models.CharField(
        "NHS number verification", max_length=12, blank=True, choices=NhsNumberStatus.choices
    )
    nhs_number_verified_on = models.DateField("NHS number verified on", null=True, blank=True)
    nhs_number_absent_reason = models.CharField(
        "reason for no NHS number", max_length=10, blank=True, choices=NhsNumberAbsentReason.choices
    )
    upn = models.CharField("UPN", max_length=13, blank=True, db_index=True)
    former_upn = models.CharField("former UPN", max_length=13, blank=True)
    upn_unknown_reason = models.CharField(max_length=4, blank=True)
    la_child_id = models.CharField("LA child ID", max_length=20, unique=True)

    # Search keys, kept in step with the names by people.search.index_keys().
    given_key = models.CharField(max_length=100, db_index=True, editable=False)
    family_key = models.CharField(max_length=100, db_index=True, editable=False)
    given_sound = models.CharField(max_length=20, db_index=True, editable=False)
    family_sound = models.CharField(max_length=20, db_index=True, editable=False)

    is_restricted = models.BooleanField(
        default=False, help_text="Sealed record: visible only to a named access list"
    )
    is_synthetic = models.BooleanField(default=False, help_text="Demo or test data")
    # Set when this record was found to be the same person as another and merged into it
    # (people.merge): the record is kept, hidden from search and lists, and can be un-merged.
    merged_into = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="merged_from"
    )
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["family_name", "given_name"]
        indexes = [models.Index(fields=["date_of_birth"])]
        constraints = [
            models.CheckConstraint(
                condition=~(
                    models.Q(date_of_birth__isnull=False)
                    & models.Q(expected_date_of_birth__isnull=False)
                ),
                name="person_born_or_expected_not_both",
            )
        ]

    def __str__(self) -> str:
        return self.full_name

    @property
    def full_name(self) -> str:
        return f"{self.given_name} {self.family_name}".strip()

    @property
    def is_unborn(self) -> bool:
        return self.date_of_birth is None and self.expected_date_of_birth is not None

    def age_on(self, on: dt.date) -> int | None:
        if self.date_of_birth is None:
            return None
        end = min(on, self.date_of_death) if self.date_of_death else on
        years = end.year - self.date_of_birth.year
        if (end.month, end.day) < (self.date_of_birth.month, self.date_of_birth.day):
            years -= 1
        return years

    @property
    def age(self) -> int | None:
        return self.age_on(timezone.localdate())

    @property
    def ethnicity_label(self) -> str:
        return codelists.label("ethnicity", self.ethnicity or "NOBT")

    @property
    def first_language_label(self) -> str:
        return codelists.label("language", self.first_language)

    def disability_labels(self) -> list[str]:
        return [codelists.label("disability", c) for c in self.disabilities]

    @property
    def nhs_number_verified(self) -> bool:
        return bool(self.nhs_number) and self.nhs_number_status == NhsNumberStatus.VERIFIED

    @property
    def identifier_summary(self) -> str:
        """The consistent child identifier in plain words, for pages, exports and shares."""
        if self.nhs_number:
            source = self.get_nhs_number_source_display() or "source not recorded"
            if self.nhs_number_verified:
                when = self.nhs_number_verified_on
                return f"Verified{f' on {when:%-d %B %Y}' if when else ''}; from {source.lower()}"
            return f"Not verified; from {source.lower()}"
        if self.nhs_number_absent_reason:
            return f"No NHS number: {self.get_nhs_number_absent_reason_display()}"
        return "No NHS number, and no reason recorded"

    def identifier_export(self) -> dict:
        """The consistent child identifier as every share, export and return carries it."""
        return {
            "nhs_number": self.nhs_number,
            "nhs_number_source": self.nhs_number_source if self.nhs_number else "",
            "nhs_number_verified": self.nhs_number_verified,
            "nhs_number_verified_on": (
                self.nhs_number_verified_on.isoformat()
                if self.nhs_number and self.nhs_number_verified_on
                else ""
            ),
            "nhs_number_absent_reason": "" if self.nhs_number else self.nhs_number_absent_reason,
        }


class IdentifierType(models.TextChoices):
    ULN = "uln", "Unique Learner Number"
    CASE_NUMBER = "case_number", "Case number (other system)"
    HOME_OFFICE = "home_office", "Home Office reference"
    NI_NUMBER = "ni_number", "National Insurance number"
    YOT = "yot", "Youth justice number"
    COURT = "court", "Court case number"
    POLICE = "police", "Police reference"
    OTHER = "other", "Other"


class PersonIdentifier(models.Model):
    """Other linked identifiers (NHS number and UPN live on Person)."""

    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="identifiers")
    id_type = models.CharField("type", max_length=20, choices=IdentifierType.choices)
    value = models.CharField(max_length=60)
    issuer = models.CharField(max_length=120, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["person", "id_type", "value"], name="person_identifier_unique"
            )
        ]
        indexes = [models.Index(fields=["id_type", "value"])]

    def __str__(self) -> str:
        return f"{self.get_id_type_display()} of {self.person}"


class Address(models.Model):
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="addresses")
    line_1 = models.CharField("address line 1", max_length=150)
    line_2 = models.CharField("address line 2", max_length=150, blank=True)
    town = models.CharField("town or city", max_length=100, blank=True)
    postcode = models.CharField(max_length=8, db_index=True)
    uprn = models.CharField("UPRN", max_length=12, blank=True)
    moved_in_on = models.DateField(null=True, blank=True)
    moved_out_on = models.DateField(null=True, blank=True)
    is_confidential = models.BooleanField(
        "confidential address",
        default=False,
        help_text="For example a refuge: never shown outside the named access list",
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-moved_in_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(moved_out_on__isnull=True)
                | models.Q(moved_in_on__isnull=True)
                | models.Q(moved_out_on__gte=models.F("moved_in_on")),
                name="address_moved_out_after_in",
            )
        ]

    def __str__(self) -> str:
        return f"Address of {self.person}"

    @property
    def is_current(self) -> bool:
        return self.moved_out_on is None or self.moved_out_on >= timezone.localdate()

    def one_line(self) -> str:
        return ", ".join(p for p in [self.line_1, self.line_2, self.town, self.postcode] if p)


class Family(models.Model):
    """The whole-family unit the hub works with."""

    name = models.CharField(max_length=150, help_text="How the family is known, e.g. Smith family")
    reference = models.CharField(max_length=20, unique=True)
    hub = models.ForeignKey(
        "organisations.Hub", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    locality = models.CharField(max_length=100, blank=True)
    summary = models.TextField(blank=True, help_text="What the family wants help with")
    is_restricted = models.BooleanField(default=False)
    is_synthetic = models.BooleanField(default=False)
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["name", "pk"]
        verbose_name_plural = "families"
        # The sealed families are few: lists leave them out by this index (a subquery of their
        # ids) instead of joining every family to read its flag.
        indexes = [
            models.Index(fields=["id"], condition=Q(is_restricted=True), name="family_sealed")
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.reference})"


class MemberRole(models.TextChoices):
    CHILD = "child", "Child"
    PARENT_CARER = "parent_carer", "Parent or carer"
    OTHER_ADULT = "other_adult", "Other adult in the household"
    WIDER_FAMILY = "wider_family", "Wider family network"


class Membership(models.Model):
    family = models.ForeignKey(Family, on_delete=models.PROTECT, related_name="memberships")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="memberships")
    role = models.CharField(max_length=20, choices=MemberRole.choices)
    in_household = models.BooleanField(default=True)
    joined_on = models.DateField(default=timezone.localdate)
    left_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["family", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["family", "person"],
                condition=models.Q(left_on__isnull=True),
                name="one_current_membership_per_family",
            )
        ]

    def __str__(self) -> str:
        return f"{self.person} in {self.family.name}"

    @property
    def is_current(self) -> bool:
        return self.left_on is None


class RelationshipKind(models.TextChoices):
    PARENT = "parent", "Parent"
    STEP_PARENT = "step_parent", "Step-parent"
    SIBLING = "sibling", "Sibling"
    HALF_SIBLING = "half_sibling", "Half-sibling"
    PARTNER = "partner", "Partner"
    GRANDPARENT = "grandparent", "Grandparent"
    CARER = "carer", "Carer"
    OTHER = "other", "Other"


# How a relationship reads from the other side: "A is parent of B" -> "B is child of A".
INVERSE_LABELS = {
    "parent": "Child",
    "step_parent": "Step-child",
    "sibling": "Sibling",
    "half_sibling": "Half-sibling",
    "partner": "Partner",
    "grandparent": "Grandchild",
    "carer": "Cared for by",
    "other": "Other",
}


class Relationship(models.Model):
    """`from_person` is <kind> of `to_person` (e.g. Kelly is parent of Jaden)."""

    from_person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="relations_out")
    to_person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="relations_in")
    kind = models.CharField(max_length=20, choices=RelationshipKind.choices)
    parental_responsibility = models.BooleanField(default=False)
    started_on = models.DateField(null=True, blank=True)
    ended_on = models.DateField(null=True, blank=True)
    notes = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(from_person=models.F("to_person")),
                name="relationship_not_with_self",
            ),
            models.UniqueConstraint(
                fields=["from_person", "to_person", "kind"], name="relationship_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.from_person} is {self.get_kind_display().lower()} of {self.to_person}"


class Significance(models.TextChoices):
    ROUTINE = "routine", "Routine"
    SIGNIFICANT = "significant", "Significant"


class ChronologyEntry(models.Model):
    """One event in the family's story, written by the action that made it happen."""

    family = models.ForeignKey(Family, on_delete=models.PROTECT, related_name="chronology")
    person = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.PROTECT, related_name="chronology"
    )
    occurred_at = models.DateTimeField(default=timezone.now, db_index=True)
    kind = models.CharField(max_length=40)
    summary = models.CharField(max_length=500)
    detail = models.TextField(blank=True)
    significance = models.CharField(
        max_length=20, choices=Significance.choices, default=Significance.ROUTINE
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    agency = models.ForeignKey(
        "organisations.Organisation",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-occurred_at", "-pk"]
        verbose_name_plural = "chronology entries"
        indexes = [models.Index(fields=["family", "-occurred_at"])]

    def __str__(self) -> str:
        return self.summary


class PersonMerge(models.Model):
    """`other` was found to be the same person as `keep` and merged into it: every row that
    pointed at `other` was re-pointed at `keep` and is listed in `moved` as
    [app_label.model, pk, field] so that an un-merge can put back exactly those rows."""

    keep = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="merges_kept")
    other = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="merges_away")
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(default=timezone.now)
    reason = models.CharField(max_length=500)
    moved = models.JSONField(default=list, blank=True)
    # Rows left on `other` because moving them would have duplicated one of `keep`'s
    # (e.g. both were current members of the same family): [label, pk, field, why].
    not_moved = models.JSONField(default=list, blank=True)
    # Rows of `other` changed (not re-pointed) by the merge: [label, pk, field, old value].
    changed = models.JSONField(default=list, blank=True)
    undone_at = models.DateTimeField(null=True, blank=True)
    undone_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    undo_reason = models.CharField(max_length=500, blank=True)

    # History: these rows keep pointing at the people they were written about.
    PERSON_MERGE_EXEMPT = True

    class Meta:
        ordering = ["-at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(keep=models.F("other")), name="person_merge_two_people"
            ),
            models.UniqueConstraint(
                fields=["other"],
                condition=models.Q(undone_at__isnull=True),
                name="person_merge_one_active_per_other",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.other} merged into {self.keep}"

    @property
    def is_active(self) -> bool:
        return self.undone_at is None
