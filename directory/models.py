"""The service directory: the services family hubs offer (Open Referral UK's `service`). The
hubs issue grows it with sessions, enrolments and attendance."""

from django.db import models


class HubServiceCategory(models.TextChoices):
    PARENTING = "parenting", "Parenting programme"
    EARLY_YEARS = "early_years", "Early years and Start for Life"
    INFANT_FEEDING = "infant_feeding", "Infant feeding"
    PERINATAL_MH = "perinatal_mh", "Perinatal mental health and parent-infant relationships"
    RELATIONSHIPS = "relationships", "Family relationships"
    MONEY = "money", "Money, debt and work"
    YOUTH = "youth", "Youth and activities"
    OTHER = "other", "Other support"


class HubServiceStatus(models.TextChoices):
    """Open Referral UK `service.status`."""

    ACTIVE = "active", "Active"
    INACTIVE = "inactive", "Inactive"
    DEFUNCT = "defunct", "Defunct"
    TEMPORARILY_CLOSED = "temporarily closed", "Temporarily closed"


class HubService(models.Model):
    """A service a family hub offers, which a plan action can be (parenting support as one part
    of the package). Field names follow Open Referral UK's `service` (name, description, url,
    email, status) so the later service directory can publish and consume ORUK feeds."""

    hub = models.ForeignKey("organisations.Hub", on_delete=models.PROTECT, related_name="services")
    name = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    category = models.CharField(max_length=20, choices=HubServiceCategory.choices)
    url = models.URLField(blank=True)
    email = models.EmailField(blank=True)
    contact = models.CharField("contact name or phone", max_length=200, blank=True)
    status = models.CharField(
        max_length=20, choices=HubServiceStatus.choices, default=HubServiceStatus.ACTIVE
    )

    class Meta:
        ordering = ["hub__name", "name"]
        constraints = [
            models.UniqueConstraint(fields=["hub", "name"], name="hub_service_name_unique")
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.hub.name})"
