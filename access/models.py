"""Sign-in accounts. A User is a *principal's credentials*, not a practitioner.

Practitioners (organisations.Practitioner), and later family members and API clients,
hang off a User one-to-one; access.principals turns a user into a Principal.
"""

from django.contrib.auth.base_user import AbstractBaseUser, BaseUserManager
from django.contrib.auth.models import PermissionsMixin
from django.db import models
from django.utils import timezone


class UserManager(BaseUserManager):
    use_in_migrations = True

    def create_user(self, email, password=None, **extra):
        if not email:
            raise ValueError("An email address is required.")
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_superuser(self, email, password=None, **extra):
        extra.setdefault("is_staff", True)
        extra.setdefault("is_superuser", True)
        return self.create_user(email, password, **extra)


class User(AbstractBaseUser, PermissionsMixin):
    email = models.EmailField(unique=True)
    full_name = models.CharField(max_length=200)
    is_active = models.BooleanField(default=True)
    is_staff = models.BooleanField(default=False)
    date_joined = models.DateTimeField(default=timezone.now)

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = ["full_name"]

    class Meta:
        ordering = ["full_name"]

    def __str__(self) -> str:
        return self.full_name or self.email

    def get_full_name(self) -> str:
        return self.full_name

    def get_short_name(self) -> str:
        return self.full_name.split(" ")[0] if self.full_name else self.email


class RecordAccessGrant(models.Model):
    """The named access list of a sealed (restricted) family: only these people see it."""

    family = models.ForeignKey("people.Family", on_delete=models.PROTECT, related_name="+")
    practitioner = models.ForeignKey(
        "organisations.Practitioner", on_delete=models.PROTECT, related_name="access_grants"
    )
    reason = models.CharField(max_length=300)
    granted_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    granted_at = models.DateTimeField(default=timezone.now)
    revoked_at = models.DateTimeField(null=True, blank=True)
    revoked_by = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["family", "practitioner"],
                condition=models.Q(revoked_at__isnull=True),
                name="one_live_grant_per_practitioner",
            )
        ]

    def __str__(self) -> str:
        return f"Access to {self.family} for {self.practitioner}"


class BreakGlassReview(models.TextChoices):
    PENDING = "pending", "Waiting for review"
    JUSTIFIED = "justified", "Justified"
    NOT_JUSTIFIED = "not_justified", "Not justified"


class BreakGlass(models.Model):
    """Emergency, time-limited sight of a record by someone without access, with a stated
    reason, loudly audited and queued for review by information governance or a manager."""

    family = models.ForeignKey("people.Family", on_delete=models.PROTECT, related_name="+")
    practitioner = models.ForeignKey(
        "organisations.Practitioner", on_delete=models.PROTECT, related_name="break_glasses"
    )
    reason = models.TextField()
    opened_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()
    review = models.CharField(
        max_length=20, choices=BreakGlassReview.choices, default=BreakGlassReview.PENDING
    )
    reviewed_by = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)
    review_note = models.TextField(blank=True)

    class Meta:
        ordering = ["-opened_at"]
        indexes = [models.Index(fields=["practitioner", "expires_at"])]

    def __str__(self) -> str:
        return f"Break-glass by {self.practitioner} into {self.family}"

    @property
    def is_open(self) -> bool:
        return self.expires_at > timezone.now()
