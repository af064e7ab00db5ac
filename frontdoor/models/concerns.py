"""A partner's concern: drafted as they go, sent in at most three screens."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models
from django.utils import timezone


class NamedRole(models.TextChoices):
    CHILD = "child", "Child"
    ADULT = "adult", "Parent, carer or other adult"


class NamedPerson(models.Model):
    """Someone a concern or contact is about: a person already in the register, or the details
    the referrer typed (the front door matches them to the register later)."""

    person = models.ForeignKey(
        "people.Person", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    given_name = models.CharField(max_length=100, blank=True)
    family_name = models.CharField(max_length=100, blank=True)
    date_of_birth = models.DateField(null=True, blank=True)
    expected_date_of_birth = models.DateField(null=True, blank=True, help_text="For an unborn baby")
    unborn = models.BooleanField("not born yet", default=False)
    role = models.CharField(max_length=10, choices=NamedRole.choices, default=NamedRole.CHILD)
    notes = models.CharField(max_length=300, blank=True)

    class Meta:
        abstract = True
        ordering = ["pk"]

    def __str__(self) -> str:
        return self.display_name

    @property
    def display_name(self) -> str:
        if self.person_id:
            return self.person.full_name
        name = f"{self.given_name} {self.family_name}".strip()
        if not name and self.is_unborn:
            return "Unborn baby"
        return name or "Name not known"

    @property
    def is_unborn(self) -> bool:
        if self.person_id:
            return self.person.is_unborn
        return self.unborn

    @property
    def born_on(self) -> dt.date | None:
        return self.person.date_of_birth if self.person_id else self.date_of_birth

    @property
    def due_on(self) -> dt.date | None:
        return self.person.expected_date_of_birth if self.person_id else self.expected_date_of_birth


class ConcernStatus(models.TextChoices):
    DRAFT = "draft", "Draft (not sent)"
    SENT = "sent", "Sent"
    WITHDRAWN = "withdrawn", "Deleted draft"


class Wants(models.TextChoices):
    ADVICE = "advice", "Advice from the front door"
    CONSULTATION = "consultation", "A consultation with a social worker"
    REFERRAL = "referral", "A referral for a service for the family"


class ConsentStatus(models.TextChoices):
    GIVEN = "given", "Sought and given"
    REFUSED = "refused", "Sought and refused"
    NOT_SOUGHT = "not_sought", "Not sought"


class Concern(models.Model):
    reference = models.CharField(max_length=20, unique=True)
    raised_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    raised_by_organisation = models.ForeignKey(
        "organisations.Organisation",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    status = models.CharField(
        max_length=12, choices=ConcernStatus.choices, default=ConcernStatus.DRAFT
    )
    family = models.ForeignKey(
        "people.Family",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="A family the referrer already works with, chosen on the first screen",
    )
    worries = models.TextField("what you are worried about", blank=True)
    indicators = models.JSONField(default=list, blank=True)
    continuum = models.ForeignKey(
        "frontdoor.Continuum", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    immediate_risk = models.BooleanField(null=True, blank=True)
    disclosure = models.BooleanField(
        "a child has disclosed harm",
        null=True,
        blank=True,
        help_text="Has a child told or shown the referrer that they have been harmed?",
    )
    wants = models.CharField(max_length=20, choices=Wants.choices, blank=True)
    consent = models.CharField(max_length=12, choices=ConsentStatus.choices, blank=True)
    consent_reason = models.TextField(blank=True)
    referrer_view = models.TextField("what the referrer thinks would help", blank=True)
    after_consultation = models.ForeignKey(
        "frontdoor.Consultation",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="The consultation that suggested this concern, if any",
    )
    version = models.PositiveIntegerField(default=1)
    edit_token = models.CharField(
        max_length=32,
        blank=True,
        help_text="The page that saved last: its own autosaves never count as someone else's",
    )
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-updated_at", "-pk"]
        indexes = [models.Index(fields=["raised_by", "status"])]

    def __str__(self) -> str:
        return f"Concern {self.reference}"

    @property
    def is_draft(self) -> bool:
        return self.status == ConcernStatus.DRAFT

    @property
    def is_urgent(self) -> bool:
        return bool(self.immediate_risk or self.disclosure)


class ConcernPerson(NamedPerson):
    concern = models.ForeignKey(Concern, on_delete=models.CASCADE, related_name="people")

    class Meta(NamedPerson.Meta):
        pass
