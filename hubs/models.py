"""Family hubs at work: connection requests from practitioners to the services in the
directory (New -> Accepted / Declined with a reason), and (later in the issue) sessions,
enrolments, waiting lists and registers."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone


class ConnectionStatus(models.TextChoices):
    NEW = "new", "New"
    ACCEPTED = "accepted", "Accepted"
    DECLINED = "declined", "Declined"


class ConnectionRequest(models.Model):
    """A practitioner asks a service to take a family on (DfE's family hubs "connection
    request"). The provider sees the request, not the family's record."""

    family = models.ForeignKey(
        "people.Family", on_delete=models.PROTECT, related_name="connection_requests"
    )
    person = models.ForeignKey(
        "people.Person",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="connection_requests",
        help_text="who in the family the service is for",
    )
    service = models.ForeignKey(
        "directory.HubService", on_delete=models.PROTECT, related_name="connection_requests"
    )
    message = models.TextField(help_text="what the family would like help with, in brief")
    family_agreed = models.BooleanField(default=False)
    status = models.CharField(
        max_length=10, choices=ConnectionStatus.choices, default=ConnectionStatus.NEW
    )
    reason = models.TextField(blank=True, help_text="why it was declined")
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    requested_at = models.DateTimeField(default=timezone.now)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["-requested_at", "-pk"]
        indexes = [models.Index(fields=["service", "status"], name="connection_service_status")]

    def __str__(self) -> str:
        return f"Connection request to {self.service.name} ({self.get_status_display()})"


# --- Sessions, enrolment, waiting lists, registers ---------------------------------------------


class SessionKind(models.TextChoices):
    ONE_OFF = "one_off", "One-off session"
    DROP_IN = "drop_in", "Weekly drop-in"
    COURSE = "course", "Course"


class Session(models.Model):
    """A run of a service: a one-off, a weekly drop-in or a course (a 10-week parenting
    programme), with its places, venue, facilitator and ages, and its completion rule."""

    # Services are never deleted by the app (a withdrawn one is kept, marked); the demo reset
    # removes its services with their sessions.
    service = models.ForeignKey(
        "directory.HubService", on_delete=models.CASCADE, related_name="sessions"
    )
    title = models.CharField(max_length=200)
    kind = models.CharField(max_length=10, choices=SessionKind.choices, default=SessionKind.COURSE)
    venue = models.ForeignKey(
        "directory.Location", on_delete=models.PROTECT, related_name="sessions"
    )
    facilitator = models.ForeignKey(
        "organisations.Practitioner",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="facilitated_sessions",
    )
    capacity = models.PositiveSmallIntegerField()
    minimum_age = models.PositiveSmallIntegerField(null=True, blank=True)
    maximum_age = models.PositiveSmallIntegerField(null=True, blank=True)
    complete_after = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text="meetings attended to complete the course"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    updated_at = models.DateTimeField(null=True, blank=True)
    cancelled_at = models.DateTimeField(null=True, blank=True)
    cancel_reason = models.TextField(blank=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["title", "pk"]

    def __str__(self) -> str:
        return self.title

    @property
    def is_cancelled(self) -> bool:
        return self.cancelled_at is not None


class Meeting(models.Model):
    """One date of a session (week 3 of the course): the register is taken for it."""

    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="meetings")
    number = models.PositiveSmallIntegerField()
    on = models.DateField()
    starts_at = models.TimeField()
    ends_at = models.TimeField()

    class Meta:
        ordering = ["session", "on", "starts_at"]
        constraints = [
            models.UniqueConstraint(fields=["session", "number"], name="meeting_number_once")
        ]

    def __str__(self) -> str:
        return f"{self.session.title}, week {self.number}"


class EnrolmentStatus(models.TextChoices):
    ENROLLED = "enrolled", "Has a place"
    WAITING = "waiting", "On the waiting list"
    OFFERED = "offered", "Offered a place"
    WITHDRAWN = "withdrawn", "Withdrawn"
    OFFER_LAPSED = "offer_lapsed", "Offer not taken up in time"
    COMPLETED = "completed", "Completed"
    CANCELLED = "cancelled", "Session cancelled"


class Priority(models.IntegerChoices):
    """Waiting-list order: lower first, then first come, first served."""

    LEAD_REFERRAL = 1, "Referred by the lead worker of a family on a plan"
    PRACTITIONER = 2, "Referred by a practitioner"
    SELF_REFERRAL = 3, "Self-referral"


class Enrolment(models.Model):
    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="enrolments")
    person = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="enrolments")
    family = models.ForeignKey("people.Family", on_delete=models.PROTECT, related_name="enrolments")
    plan_action = models.ForeignKey(
        "casework.PlanAction",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="enrolments",
    )
    status = models.CharField(max_length=20, choices=EnrolmentStatus.choices)
    priority = models.PositiveSmallIntegerField(choices=Priority.choices)
    requested_at = models.DateTimeField(default=timezone.now)
    offered_at = models.DateTimeField(null=True, blank=True)
    offer_expires_at = models.DateTimeField(null=True, blank=True)
    enrolled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["session", "priority", "requested_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["session", "person"],
                condition=~models.Q(status__in=["withdrawn", "offer_lapsed", "cancelled"]),
                name="enrolment_once_per_session",
            )
        ]

    def __str__(self) -> str:
        return f"{self.person} – {self.session} ({self.get_status_display()})"


class Mark(models.TextChoices):
    PRESENT = "present", "Present"
    ABSENT = "absent", "Absent"


class Attendance(models.Model):
    """One mark per person per meeting on a register (a later mark corrects it)."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="attendance")
    enrolment = models.ForeignKey(Enrolment, on_delete=models.CASCADE, related_name="attendance")
    mark = models.CharField(max_length=10, choices=Mark.choices)
    marked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    marked_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["meeting", "enrolment"], name="one_mark_per_meeting")
        ]

    def __str__(self) -> str:
        return f"{self.enrolment_id} {self.mark} at {self.meeting}"


class MarkReceipt(models.Model):
    """Each tap a phone sent, by the id the phone gave it: a tap sent twice (kept offline, then
    sent again) is applied once, and an old tap arriving late never undoes a newer one."""

    client_id = models.UUIDField(unique=True)
    attendance = models.ForeignKey(Attendance, on_delete=models.CASCADE, related_name="receipts")
    received_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return str(self.client_id)


# --- Self-referral from the public hub offer page ------------------------------------------------


class SelfReferralStatus(models.TextChoices):
    NEW = "new", "New"
    ENROLLED = "enrolled", "Enrolled"
    DECLINED = "declined", "Declined"


class SelfReferral(models.Model):
    """A parent asks for a place on a session from the public hub page, without signing in: the
    least the hub needs to match them to the register and call back, and the consent wording
    they agreed to. It waits in the hub coordinator's queue until enrolled or declined."""

    session = models.ForeignKey(Session, on_delete=models.PROTECT, related_name="self_referrals")
    parent_name = models.CharField(max_length=100)
    phone = models.CharField(max_length=30, blank=True)
    email = models.EmailField(blank=True)
    child_given_name = models.CharField(max_length=60, blank=True)
    child_family_name = models.CharField(max_length=60, blank=True)
    child_date_of_birth = models.DateField(null=True, blank=True)
    postcode = models.CharField(max_length=8, blank=True)
    message = models.CharField(max_length=500, blank=True)
    consent_text = models.TextField(help_text="the consent wording the parent agreed to")
    received_at = models.DateTimeField(default=timezone.now)
    status = models.CharField(
        max_length=10, choices=SelfReferralStatus.choices, default=SelfReferralStatus.NEW
    )
    family = models.ForeignKey(
        "people.Family", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    enrolment = models.ForeignKey(
        Enrolment, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reason = models.TextField(blank=True, help_text="why it was declined")
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["received_at", "pk"]
        indexes = [models.Index(fields=["status", "received_at"], name="self_referral_queue")]

    def __str__(self) -> str:
        return f"Self-referral for {self.session.title} ({self.get_status_display()})"

    @property
    def child_name(self) -> str:
        return f"{self.child_given_name} {self.child_family_name}".strip()


class AreaDeprivation(models.Model):
    """The Index of Multiple Deprivation decile of a postcode sector (1 = the most deprived
    tenth of areas in England), where the hub knows it: reach is broken down by it."""

    postcode_sector = models.CharField(max_length=6, unique=True, help_text="e.g. DB1 2")
    decile = models.PositiveSmallIntegerField()
    source = models.CharField(max_length=200)

    class Meta:
        ordering = ["postcode_sector"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(decile__gte=1, decile__lte=10), name="deprivation_decile_1_10"
            )
        ]

    def __str__(self) -> str:
        return f"{self.postcode_sector}: decile {self.decile}"
