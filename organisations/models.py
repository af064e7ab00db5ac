"""Organisations and the people who work with families, and who is involved with whom."""

from __future__ import annotations

from django.conf import settings
from django.core.validators import RegexValidator
from django.db import models
from django.utils import timezone


class OrganisationType(models.TextChoices):
    CHILDRENS_SOCIAL_CARE = "csc", "Children's social care"
    EARLY_HELP = "early_help", "Early help / family hub"
    SCHOOL = "school", "School or nursery"
    HEALTH_VISITING = "health_visiting", "Health visiting"
    GP_PRACTICE = "gp", "GP practice"
    MIDWIFERY = "midwifery", "Midwifery"
    ADULT_MENTAL_HEALTH = "adult_mental_health", "Adult mental health"
    DRUG_AND_ALCOHOL = "drug_alcohol", "Drug and alcohol service"
    DOMESTIC_ABUSE = "domestic_abuse", "Domestic abuse service"
    HOUSING = "housing", "Housing"
    POLICE = "police", "Police"
    INTEGRATED_CARE_BOARD = "icb", "Integrated care board (NHS)"
    JOB_CENTRE = "job_centre", "Job centre"
    VOLUNTARY = "voluntary", "Voluntary sector"


class Role(models.TextChoices):
    """What a practitioner does in FamilyHub. Each app's policy.py decides what each may see
    and do."""

    PARTNER = "partner", "Partner practitioner"
    FAMILY_WORKER = "family_worker", "Family worker"
    SOCIAL_WORKER = "social_worker", "Social worker"
    FRONT_DOOR = "front_door", "Front-door practitioner"
    TEAM_MANAGER = "team_manager", "Team manager"
    HUB_COORDINATOR = "hub_coordinator", "Hub coordinator"
    IG_OFFICER = "ig_officer", "Information governance officer"
    DATA_OFFICER = "data_officer", "Data officer"
    ADMIN = "admin", "Administrator"


class Designation(models.TextChoices):
    DSL = "dsl", "Designated safeguarding lead"
    LEAD_PRACTITIONER = "lead_practitioner", "Lead practitioner"
    EMBEDDED_SOCIAL_WORKER = "embedded_sw", "Embedded social worker"
    CALDICOTT_GUARDIAN = "caldicott", "Caldicott guardian"
    PARTNERSHIP_LEAD = "partnership_lead", "Safeguarding partnership lead"
    # Kept by the MACPT register's actions for the navigation (no query per page); what a
    # member sees is decided from their current seats (organisations.policy.macpt_team_ids).
    MACPT_MEMBER = "macpt_member", "Member of a multi-agency child protection team"


class Organisation(models.Model):
    name = models.CharField(max_length=200, unique=True)
    org_type = models.CharField("type", max_length=30, choices=OrganisationType.choices)
    code = models.CharField(
        max_length=20, blank=True, help_text="ODS code, URN or LA establishment number"
    )
    phone = models.CharField(max_length=40, blank=True)
    email = models.EmailField(blank=True)
    address = models.CharField(max_length=300, blank=True)
    locality = models.CharField(max_length=100, blank=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Hub(models.Model):
    """A family hub site: a main site with spokes."""

    name = models.CharField(max_length=200, unique=True)
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="hubs")
    main_site = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="spokes"
    )
    locality = models.CharField(max_length=100)
    address = models.CharField(max_length=300, blank=True)
    phone = models.CharField(max_length=40, blank=True)
    evening_weekend_phone = models.CharField(max_length=40, blank=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Team(models.Model):
    name = models.CharField(max_length=200)
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="teams")
    hub = models.ForeignKey(Hub, null=True, blank=True, on_delete=models.SET_NULL)
    locality = models.CharField(max_length=100, blank=True)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["organisation", "name"], name="team_unique_in_org")
        ]

    def __str__(self) -> str:
        return self.name


class Practitioner(models.Model):
    """A person who works with families: a signed-in user with an organisation and a role."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="practitioner"
    )
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="practitioners"
    )
    team = models.ForeignKey(
        Team, null=True, blank=True, on_delete=models.SET_NULL, related_name="members"
    )
    manages = models.ManyToManyField(Team, blank=True, related_name="managers")
    role = models.CharField(max_length=30, choices=Role.choices)
    job_title = models.CharField(max_length=120)
    designations = models.JSONField(default=list, blank=True)
    phone = models.CharField(max_length=40, blank=True)
    mobile = models.CharField(max_length=40, blank=True)
    # A qualified social worker's registration with Social Work England (SW and digits): the
    # worker id DfE's daily collection asks for (returns.daily).
    swe_number = models.CharField(
        "Social Work England number",
        max_length=12,
        blank=True,
        validators=[
            RegexValidator(r"^SW[0-9]{1,10}$", "Enter the number as SW and digits, like SW12345")
        ],
    )

    class Meta:
        ordering = ["user__full_name"]

    def __str__(self) -> str:
        return f"{self.user.full_name} ({self.job_title}, {self.organisation.name})"

    @property
    def name(self) -> str:
        return self.user.full_name

    @property
    def email(self) -> str:
        return self.user.email

    def designation_labels(self) -> list[str]:
        return [Designation(d).label for d in self.designations if d in Designation.values]


class InvolvementRole(models.TextChoices):
    LEAD_PRACTITIONER = "lead_practitioner", "Lead practitioner"
    COVER = "cover", "Cover for the lead practitioner"
    SOCIAL_WORKER = "social_worker", "Allocated social worker"
    LEAD_CP_PRACTITIONER = "lead_cp", "Lead child protection practitioner"
    FAMILY_WORKER = "family_worker", "Family worker"
    DSL = "dsl", "School safeguarding lead"
    HEALTH_VISITOR = "health_visitor", "Health visitor"
    GP = "gp", "GP"
    MIDWIFE = "midwife", "Midwife"
    ADULT_WORKER = "adult_worker", "Adult services worker"
    HOUSING_OFFICER = "housing_officer", "Housing officer"
    POLICE = "police", "Police contact"
    OTHER = "other", "Other"


class InvolvementQuerySet(models.QuerySet):
    def active(self, on=None):
        today = timezone.localdate() if on is None else on
        return self.filter(started_on__lte=today).filter(
            models.Q(ended_on__isnull=True) | models.Q(ended_on__gte=today)
        )


class Involvement(models.Model):
    """Which practitioner or agency works with which family (or one person in it), from/to."""

    family = models.ForeignKey(
        "people.Family", on_delete=models.PROTECT, related_name="involvements"
    )
    person = models.ForeignKey(
        "people.Person",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="involvements",
    )
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    practitioner = models.ForeignKey(
        Practitioner, null=True, blank=True, on_delete=models.PROTECT, related_name="involvements"
    )
    team = models.ForeignKey(
        Team, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    role = models.CharField(max_length=30, choices=InvolvementRole.choices)
    started_on = models.DateField(default=timezone.localdate)
    ended_on = models.DateField(null=True, blank=True)
    end_reason = models.CharField(max_length=200, blank=True)
    notes = models.CharField(max_length=500, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    objects = InvolvementQuerySet.as_manager()

    class Meta:
        ordering = ["-started_on", "pk"]
        indexes = [
            models.Index(fields=["practitioner", "ended_on"]),
            models.Index(fields=["team", "ended_on"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ended_on__isnull=True)
                | models.Q(ended_on__gte=models.F("started_on")),
                name="involvement_ends_after_start",
            )
        ]

    def __str__(self) -> str:
        who = self.practitioner.name if self.practitioner else self.organisation.name
        return f"{who} – {self.get_role_display()}"

    @property
    def is_active(self) -> bool:
        today = timezone.localdate()
        return self.started_on <= today and (self.ended_on is None or self.ended_on >= today)


# --- Multi-agency child protection teams (Children Act 2004 s16EA) -------------------------


class StatutorySeat(models.TextChoices):
    """The minimum membership of a MACPT (CA 2004 s16EA, inserted by the Children's Wellbeing
    and Schools Act 2026 s3): each seat names who nominates its member."""

    EDUCATION = "education", "Education (nominated by the local authority)"
    SOCIAL_WORK = "social_work", "Social worker (nominated by the local authority)"
    HEALTH = "health", "Registered health professional (nominated by the integrated care board)"
    POLICE = "police", "Police (nominated by the chief officer of police)"


class ChildProtectionTeam(models.Model):
    """A multi-agency child protection team (MACPT) that the safeguarding partners set up to
    support section 47 enquiries. It is complete only when every statutory seat is filled."""

    name = models.CharField(max_length=200, unique=True)
    locality = models.CharField(max_length=100, blank=True)
    email = models.EmailField(blank=True)
    phone = models.CharField(max_length=40, blank=True)
    established_on = models.DateField(default=timezone.localdate)
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["name"]
        verbose_name = "multi-agency child protection team"

    def __str__(self) -> str:
        return self.name

    def current_members(self, on=None) -> list[ChildProtectionTeamMember]:
        today = timezone.localdate() if on is None else on
        return [m for m in self.members.all() if m.is_current(today)]

    def missing_seats(self, on=None) -> list[str]:
        """The statutory seats nobody fills today (empty: the team is complete)."""
        filled = {m.seat for m in self.current_members(on)}
        return [seat for seat in StatutorySeat.values if seat not in filled]

    @property
    def is_complete(self) -> bool:
        return not self.missing_seats()


class ChildProtectionTeamMember(models.Model):
    """A practitioner sitting in one statutory seat of a MACPT, and the partner that nominated
    them. Leaving the team ends the row (kept for the record of who was a member when): from
    the day in `ended_on` they are no longer a member."""

    team = models.ForeignKey(ChildProtectionTeam, on_delete=models.PROTECT, related_name="members")
    seat = models.CharField(max_length=20, choices=StatutorySeat.choices)
    practitioner = models.ForeignKey(
        Practitioner, on_delete=models.PROTECT, related_name="macpt_seats"
    )
    nominated_by = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    started_on = models.DateField(default=timezone.localdate)
    ended_on = models.DateField(null=True, blank=True)
    end_reason = models.CharField(max_length=300, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["team", "seat", "started_on", "pk"]
        indexes = [models.Index(fields=["practitioner", "ended_on"])]
        constraints = [
            models.UniqueConstraint(
                fields=["team", "seat", "practitioner"],
                condition=models.Q(ended_on__isnull=True),
                name="macpt_member_once_per_seat",
            ),
            models.CheckConstraint(
                condition=models.Q(ended_on__isnull=True)
                | models.Q(ended_on__gte=models.F("started_on")),
                name="macpt_member_ends_after_start",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.practitioner.name}: {self.get_seat_display()} ({self.team.name})"

    def is_current(self, on=None) -> bool:
        today = timezone.localdate() if on is None else on
        return self.started_on <= today and (self.ended_on is None or self.ended_on > today)
