"""The family's own view (issue 13): a family member's sign-in (invited by the lead worker,
with a one-time code on a printed letter), and what they tell us about the help ("how the help
feels" relationship checks). Their answers are theirs: a check is written once, by them, and
never changed by anyone (the model refuses an update or a delete)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone


class MemberKind(models.TextChoices):
    PARENT = "parent", "Parent or carer"
    OTHER_ADULT = "other_adult", "Another adult in the household"
    YOUNG_PERSON = "young_person", "Young person (13 or over)"


class FamilyAccount(models.Model):
    """A family member's own sign-in to FamilyHub: one person of one family. The sign-in name is
    printed on the invitation letter; the User behind it has no practitioner."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="family_account"
    )
    family = models.ForeignKey(
        "people.Family", on_delete=models.PROTECT, related_name="family_accounts"
    )
    person = models.ForeignKey(
        "people.Person", on_delete=models.PROTECT, related_name="family_accounts"
    )
    kind = models.CharField(max_length=20, choices=MemberKind.choices)
    sign_in_name = models.CharField(max_length=20, unique=True)
    judgement = models.TextField(
        blank=True, help_text="young people: why the lead judges they are able to use it"
    )
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    invited_at = models.DateTimeField(default=timezone.now)
    activated_at = models.DateTimeField(null=True, blank=True)
    ended_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["family", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["family", "person"],
                condition=models.Q(ended_at__isnull=True),
                name="one_open_family_account_per_person",
            )
        ]

    def __str__(self) -> str:
        return f"{self.person.full_name} ({self.get_kind_display()})"

    @property
    def is_young_person(self) -> bool:
        return self.kind == MemberKind.YOUNG_PERSON


class Invitation(models.Model):
    """A one-time code for an account: hashed at rest, expires, used once, wrong tries
    counted (and counted against the sign-in lockout too)."""

    account = models.ForeignKey(FamilyAccount, on_delete=models.CASCADE, related_name="invitations")
    code_hash = models.CharField(max_length=200)
    expires_at = models.DateTimeField()
    used_at = models.DateTimeField(null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    withdrawn_at = models.DateTimeField(null=True, blank=True)
    notify_reference = models.CharField(max_length=100, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"Invitation for {self.account}"


# The relationship check: each question scored 1 (never) to 5 (always).
SCALE = [
    (1, "Never"),
    (2, "Hardly ever"),
    (3, "Sometimes"),
    (4, "Mostly"),
    (5, "Always"),
]
QUESTIONS = ("open", "honest", "reliable", "persistent", "listened")


class AnswersAreTheirs(Exception):
    """A relationship check is the family member's own: it cannot be changed or removed."""


class CheckQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise AnswersAreTheirs("A family member's answers cannot be changed.")

    def delete(self):
        raise AnswersAreTheirs("A family member's answers cannot be removed.")


class RelationshipCheck(models.Model):
    """'How the help feels', answered by a family member after a review: is my worker open,
    honest, reliable and persistent, was I listened to, what would make it better."""

    account = models.ForeignKey(FamilyAccount, on_delete=models.PROTECT, related_name="checks")
    family = models.ForeignKey(
        "people.Family", on_delete=models.PROTECT, related_name="relationship_checks"
    )
    person = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="+")
    worker = models.ForeignKey(
        "organisations.Practitioner",
        null=True,
        on_delete=models.PROTECT,
        related_name="relationship_checks",
        help_text="the lead practitioner when it was answered",
    )
    review = models.ForeignKey(
        "casework.Meeting", null=True, on_delete=models.PROTECT, related_name="+"
    )
    wording = models.CharField(max_length=20, choices=MemberKind.choices)
    open = models.PositiveSmallIntegerField(choices=SCALE)
    honest = models.PositiveSmallIntegerField(choices=SCALE)
    reliable = models.PositiveSmallIntegerField(choices=SCALE)
    persistent = models.PositiveSmallIntegerField(choices=SCALE)
    listened = models.PositiveSmallIntegerField(choices=SCALE)
    better = models.TextField(blank=True)
    answered_on = models.DateField(default=timezone.localdate)
    answered_at = models.DateTimeField(default=timezone.now)

    objects = CheckQuerySet.as_manager()

    class Meta:
        ordering = ["answered_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(
                    open__range=(1, 5),
                    honest__range=(1, 5),
                    reliable__range=(1, 5),
                    persistent__range=(1, 5),
                    listened__range=(1, 5),
                ),
                name="relationship_check_scores_1_to_5",
            ),
            models.UniqueConstraint(
                fields=["account", "review"], name="one_relationship_check_per_review"
            ),
        ]

    def __str__(self) -> str:
        return f"How the help feels, {self.answered_on}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise AnswersAreTheirs("A family member's answers cannot be changed.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AnswersAreTheirs("A family member's answers cannot be removed.")

    @property
    def mean(self) -> float:
        return sum(getattr(self, q) for q in QUESTIONS) / len(QUESTIONS)
