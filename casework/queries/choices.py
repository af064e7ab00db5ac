"""The choices the casework forms offer: practitioners, organisations, members, children."""

from __future__ import annotations

from django.db.models import QuerySet

from organisations.models import Organisation, Practitioner
from organisations.policy import CASE_ROLES, absence_manageable_q
from people.models import Family, Person

from ..models import (
    Episode,
)


def practitioners_for_choice() -> QuerySet[Practitioner]:
    """Anyone who works with families can lead or cover (a teacher or health visitor too)."""
    return (
        Practitioner.objects.filter(role__in=sorted(CASE_ROLES))
        .select_related("user", "organisation")
        .order_by("user__full_name")
    )


def absence_practitioners_for(user) -> QuerySet[Practitioner]:
    return Practitioner.objects.filter(absence_manageable_q(user)).select_related("user")


def organisations_for_choice() -> QuerySet[Organisation]:
    return Organisation.objects.order_by("name")


def current_members(family: Family) -> QuerySet[Person]:
    return Person.objects.filter(
        memberships__family=family, memberships__left_on__isnull=True
    ).distinct()


def current_children(family: Family) -> QuerySet[Person]:
    return Person.objects.filter(
        memberships__family=family, memberships__left_on__isnull=True, memberships__role="child"
    ).distinct()


def has_open_early_help(family: Family) -> bool:
    """Whether the family has an open early help episode (a step-up without one needs a reason)."""
    return Episode.objects.open().filter(family=family, kind="EH").exists()


def open_cin_episodes(family: Family) -> QuerySet[Episode]:
    return Episode.objects.open().filter(family=family, kind="CIN").select_related("child")
