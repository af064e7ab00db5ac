"""The choices the casework forms offer: practitioners, organisations, members, children."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from organisations.models import Organisation, Practitioner
from organisations.policy import CASE_ROLES, absence_manageable_q
from people.models import Family, Person

from ..models import (
    Assessment,
    Episode,
    FamilyPlan,
    Goal,
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
    """Adults first, then the children, each oldest first (as on the family page)."""
    from django.db.models import Exists, F, OuterRef

    from people.models import Membership

    is_child = Exists(
        Membership.objects.filter(
            family=family, person=OuterRef("pk"), left_on__isnull=True, role="child"
        )
    )
    return (
        Person.objects.filter(memberships__family=family, memberships__left_on__isnull=True)
        .distinct()
        .annotate(is_child=is_child)
        .order_by("is_child", F("date_of_birth").asc(nulls_last=True), "pk")
    )


def current_children(family: Family) -> QuerySet[Person]:
    return Person.objects.filter(
        memberships__family=family, memberships__left_on__isnull=True, memberships__role="child"
    ).distinct()


def has_open_early_help(family: Family) -> bool:
    """Whether the family has an open early help episode (a step-up without one needs a reason)."""
    return Episode.objects.open().filter(family=family, kind="EH").exists()


def open_cin_episodes(family: Family) -> QuerySet[Episode]:
    return Episode.objects.open().filter(family=family, kind="CIN").select_related("child")


def goals_for_choice(plan: FamilyPlan | None, *, active_only: bool = False) -> QuerySet[Goal]:
    """The plan's goals (the active ones only, for a meeting's review), for a form's choices."""
    if plan is None:
        return Goal.objects.none()
    goals = Goal.objects.filter(plan=plan)
    return goals.filter(status="active") if active_only else goals


def assessment_answers(assessment: Assessment) -> dict[str, Any]:
    """What the assessment form starts from: each member's needs and the notes about them."""
    answers: dict[str, Any] = {}
    for need in assessment.needs.order_by("pk"):
        answers.setdefault(f"needs_{need.person_id}", []).append(need.area)
    for note in assessment.person_notes.order_by("pk"):
        answers[f"about_{note.person_id}"] = note.text
    return answers
