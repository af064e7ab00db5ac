"""What the people.actions tests share: counts of every kind of row an action may write, and a
new person's details."""

import datetime as dt

from django.utils import timezone

from audit.models import AuditEvent
from organisations.models import Involvement
from people.models import Address, ChronologyEntry, Family, Membership, Person, Relationship

TODAY = timezone.localdate


def _counts():
    return {
        "people": Person.objects.count(),
        "memberships": Membership.objects.count(),
        "addresses": Address.objects.count(),
        "relationships": Relationship.objects.count(),
        "involvements": Involvement.objects.count(),
        "families": Family.objects.count(),
        "audit": AuditEvent.objects.count(),
        "chronology": ChronologyEntry.objects.count(),
    }


def _new_person(**extra):
    return {
        "given_name": "Mia",
        "family_name": "Smith",
        "date_of_birth": dt.date(2019, 1, 5),
        "sex": "F",
        **extra,
    }
