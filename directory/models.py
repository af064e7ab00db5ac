"""The service directory, modelled on the Open Referral UK 3.0 profile (HSDS 3.0 based).

Objects and their ORUK names: DirectoryOrganisation (`organization`), HubService (`service`),
Location (`location` with its one `address`), Accessibility (`accessibility`), ServiceAtLocation
(`service_at_location`), Schedule (`schedule`), Contact (`contact`, with its phone), CostOption
(`cost_option`), ServiceLanguage (`language`), Taxonomy and TaxonomyTerm (`taxonomy`,
`taxonomy_term`; a service's terms are its `attributes`). Every published object carries a
UUID (`uid`), which is its ORUK `id`; imported objects keep the publisher's id.

Family hubs (main sites and spokes) are organisations.Hub; a Location names the hub site it is.
Statutory and voluntary-sector services sit side by side (DirectoryOrganisation.sector)."""

from __future__ import annotations

import uuid

from django.db import models
from django.utils import timezone


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


class Sector(models.TextChoices):
    STATUTORY = "statutory", "Statutory"
    VOLUNTARY = "voluntary", "Voluntary and community sector"


class LocationType(models.TextChoices):
    PHYSICAL = "physical", "A place to go"
    VIRTUAL = "virtual", "Online or by phone"


class AttendingType(models.TextChoices):
    IN_PERSON = "in_person", "In person"
    ONLINE = "online", "Online"
    PHONE = "phone", "By phone"


class Frequency(models.TextChoices):
    WEEKLY = "WEEKLY", "Every week"
    MONTHLY = "MONTHLY", "Every month"


def _uid() -> uuid.UUID:
    return uuid.uuid4()


class Feed(models.Model):
    """Another publisher's ORUK feed we import (a URL or a file), and when we last read it."""

    source = models.CharField(max_length=500, unique=True, help_text="URL or file path")
    name = models.CharField(max_length=200, blank=True)
    last_imported_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return self.name or self.source


class Taxonomy(models.Model):
    uid = models.UUIDField(default=_uid, unique=True)
    name = models.CharField(max_length=200)
    description = models.TextField()
    uri = models.URLField(blank=True)
    version = models.CharField(max_length=40, blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "taxonomies"

    def __str__(self) -> str:
        return self.name


class TaxonomyTerm(models.Model):
    uid = models.UUIDField(default=_uid, unique=True)
    taxonomy = models.ForeignKey(Taxonomy, on_delete=models.CASCADE, related_name="terms")
    code = models.CharField("term", max_length=100, help_text="the term's code, e.g. a CURIE")
    name = models.CharField(max_length=200)
    description = models.TextField()
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="children"
    )
    term_uri = models.URLField(blank=True)

    class Meta:
        ordering = ["taxonomy__name", "name"]

    def __str__(self) -> str:
        return self.name


class DirectoryOrganisation(models.Model):
    """An organisation that provides services (ORUK `organization`)."""

    uid = models.UUIDField(default=_uid, unique=True)
    name = models.CharField(max_length=200)
    description = models.TextField()
    email = models.EmailField(blank=True)
    website = models.URLField(blank=True)
    sector = models.CharField(max_length=20, choices=Sector.choices, default=Sector.STATUTORY)
    identifier_type = models.CharField(max_length=60, blank=True, help_text="e.g. charity number")
    identifier = models.CharField(max_length=60, blank=True)
    organisation = models.ForeignKey(
        "organisations.Organisation",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="directory_entries",
        help_text="the partner organisation in FamilyHub, where it is one",
    )
    feed = models.ForeignKey(Feed, null=True, blank=True, on_delete=models.PROTECT)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Location(models.Model):
    """Where services happen (ORUK `location` with its one address). A hub site's location
    names the hub (a main site or a spoke)."""

    uid = models.UUIDField(default=_uid, unique=True)
    name = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    location_type = models.CharField(
        max_length=20, choices=LocationType.choices, default=LocationType.PHYSICAL
    )
    hub = models.ForeignKey(
        "organisations.Hub",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="directory_locations",
    )
    address_1 = models.CharField(max_length=200, blank=True)
    city = models.CharField(max_length=100, blank=True)
    state_province = models.CharField(max_length=100, blank=True)
    postal_code = models.CharField(max_length=10, blank=True)
    country = models.CharField(max_length=2, default="GB")
    latitude = models.FloatField(null=True, blank=True)
    longitude = models.FloatField(null=True, blank=True)
    how_to_get_there = models.TextField(blank=True)
    feed = models.ForeignKey(Feed, null=True, blank=True, on_delete=models.PROTECT)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Accessibility(models.Model):
    uid = models.UUIDField(default=_uid, unique=True)
    location = models.ForeignKey(Location, on_delete=models.CASCADE, related_name="accessibility")
    description = models.CharField(max_length=300)
    details = models.TextField(blank=True)

    class Meta:
        verbose_name_plural = "accessibility"

    def __str__(self) -> str:
        return str(self.description)


class HubService(models.Model):
    """A service (ORUK `service`): run by a family hub (`hub`, a main site) or by another
    organisation, or read from another publisher's feed (`feed`). A plan action can be one.
    A withdrawn service (gone from its feed) is kept, marked, never deleted."""

    uid = models.UUIDField(default=_uid, unique=True)
    hub = models.ForeignKey(
        "organisations.Hub",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="services",
    )
    organisation = models.ForeignKey(
        DirectoryOrganisation,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="services",
    )
    name = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    category = models.CharField(
        max_length=20, choices=HubServiceCategory.choices, default=HubServiceCategory.OTHER
    )
    url = models.URLField(blank=True)
    email = models.EmailField(blank=True)
    status = models.CharField(
        max_length=20, choices=HubServiceStatus.choices, default=HubServiceStatus.ACTIVE
    )
    minimum_age = models.PositiveSmallIntegerField(null=True, blank=True)
    maximum_age = models.PositiveSmallIntegerField(null=True, blank=True)
    alert = models.CharField(max_length=300, blank=True)
    terms = models.ManyToManyField(TaxonomyTerm, blank=True, related_name="services")
    feed = models.ForeignKey(
        Feed, null=True, blank=True, on_delete=models.PROTECT, related_name="services"
    )
    withdrawn_at = models.DateTimeField(null=True, blank=True)
    feed_hash = models.CharField(
        max_length=64, blank=True, help_text="fingerprint of the feed record last imported"
    )
    last_modified = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["hub__name", "name"]
        constraints = [
            models.UniqueConstraint(fields=["hub", "name"], name="hub_service_name_unique")
        ]

    def __str__(self) -> str:
        where = self.hub.name if self.hub else (self.organisation or "directory")
        return f"{self.name} ({where})"

    def cost_label(self) -> str:
        """'Free', or each cost option in plain words."""
        options = list(self.cost_options.all())
        if not options:
            return "Ask the service"
        words = []
        for option in options:
            if option.amount:
                words.append(
                    f"£{option.amount:.2f} ({option.option})"
                    if option.option
                    else f"£{option.amount:.2f}"
                )
            else:
                words.append(option.option or "Free")
        return "; ".join(words)

    def ages(self) -> str:
        low, high = self.minimum_age, self.maximum_age
        if low is None and high is None:
            return "All ages"
        if high is None:
            return f"Aged {low} and over"
        if low is None or low == 0:
            return f"Up to age {high}"
        return f"Aged {low} to {high}"


DAY_NAMES = {
    "MO": "Monday",
    "TU": "Tuesday",
    "WE": "Wednesday",
    "TH": "Thursday",
    "FR": "Friday",
    "SA": "Saturday",
    "SU": "Sunday",
}


def clock(value) -> str:
    """10:00 -> '10am', 13:30 -> '1:30pm' (GOV.UK style)."""
    hour = value.hour % 12 or 12
    minutes = f":{value.minute:02d}" if value.minute else ""
    return f"{hour}{minutes}{'am' if value.hour < 12 else 'pm'}"


class ServiceAtLocation(models.Model):
    uid = models.UUIDField(default=_uid, unique=True)
    service = models.ForeignKey(HubService, on_delete=models.CASCADE, related_name="at_locations")
    location = models.ForeignKey(Location, on_delete=models.PROTECT, related_name="services_at")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["service", "location"], name="service_at_location_once")
        ]

    def __str__(self) -> str:
        return str(f"{self.service_id} at {self.location_id}")


class Schedule(models.Model):
    """When a service runs (ORUK `schedule`, iCalendar-style: freq, interval, byday)."""

    uid = models.UUIDField(default=_uid, unique=True)
    service = models.ForeignKey(HubService, on_delete=models.CASCADE, related_name="schedules")
    service_at_location = models.ForeignKey(
        ServiceAtLocation, null=True, blank=True, on_delete=models.CASCADE
    )
    freq = models.CharField(max_length=10, choices=Frequency.choices, blank=True)
    interval = models.PositiveSmallIntegerField(null=True, blank=True)
    byday = models.CharField(max_length=40, blank=True, help_text="e.g. MO,WE")
    opens_at = models.TimeField(null=True, blank=True)
    closes_at = models.TimeField(null=True, blank=True)
    valid_from = models.DateField(null=True, blank=True)
    valid_to = models.DateField(null=True, blank=True)
    description = models.CharField(max_length=300, blank=True)
    attending_type = models.CharField(
        max_length=20, choices=AttendingType.choices, default=AttendingType.IN_PERSON
    )

    def __str__(self) -> str:
        return str(self.description or f"{self.freq} {self.byday}")

    def times(self) -> str:
        if self.opens_at and self.closes_at:
            return f"{clock(self.opens_at)} to {clock(self.closes_at)}"
        return clock(self.opens_at) if self.opens_at else ""

    def when(self) -> str:
        """'Every Tuesday, 10am to 12pm' (or the publisher's own words)."""
        days = [DAY_NAMES[d] for d in self.byday.split(",") if d in DAY_NAMES]
        if not days:
            return self.description or self.times() or "Ask the service"
        every = "Every" if self.freq != Frequency.MONTHLY else "Monthly on"
        text = f"{every} {' and '.join(days)}"
        return f"{text}, {self.times()}" if self.times() else text


class Contact(models.Model):
    uid = models.UUIDField(default=_uid, unique=True)
    service = models.ForeignKey(HubService, on_delete=models.CASCADE, related_name="contacts")
    name = models.CharField(max_length=200, blank=True)
    title = models.CharField(max_length=200, blank=True)
    email = models.EmailField(blank=True)
    phone = models.CharField(max_length=40, blank=True)
    phone_uid = models.UUIDField(default=_uid, unique=True)

    def __str__(self) -> str:
        return str(self.name or self.phone or self.email)


class CostOption(models.Model):
    uid = models.UUIDField(default=_uid, unique=True)
    service = models.ForeignKey(HubService, on_delete=models.CASCADE, related_name="cost_options")
    option = models.CharField(max_length=200, blank=True)
    amount = models.DecimalField(max_digits=8, decimal_places=2, null=True, blank=True)
    amount_description = models.CharField(max_length=300, blank=True)

    def __str__(self) -> str:
        return str(self.option)


class ServiceLanguage(models.Model):
    uid = models.UUIDField(default=_uid, unique=True)
    service = models.ForeignKey(HubService, on_delete=models.CASCADE, related_name="languages")
    name = models.CharField(max_length=100)
    code = models.CharField(max_length=10, blank=True, help_text="ISO 639 code")

    def __str__(self) -> str:
        return str(self.name)
