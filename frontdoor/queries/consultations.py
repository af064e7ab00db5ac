"""Consultations with an embedded social worker, and their duty slots."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import QuerySet
from django.utils import timezone

import audit
from access.principals import principal_for
from audit.models import Verb
from frontdoor import policy

from ..models import (
    PENDING_STATUSES,
    Consultation,
    DutySlot,
)
from .records import PAGE_LIMIT, _fetch, _get


def consultations_visible_to(user) -> QuerySet[Consultation]:
    return Consultation.objects.filter(policy.consultation_visibility_q(user))


def pending_consultations_for(user, family) -> list[Consultation]:
    """Consultations about this family still waiting to be held, that the user may see: offered
    before another is booked (one consultation per worry)."""
    if family is None:
        return []
    return list(
        consultations_visible_to(user)
        .filter(family=family, status__in=PENDING_STATUSES)
        .select_related("social_worker__user", "slot")
        .order_by("-created_at", "-pk")
    )


def linked_consultations(user, consultation: Consultation) -> list[Consultation]:
    """The consultations linked as about the same family's worry (either way), that the user
    may see."""
    from django.db.models import Q

    q = Q(duplicate_of_id=consultation.pk)
    if consultation.duplicate_of_id:
        q |= Q(pk=consultation.duplicate_of_id) | Q(duplicate_of_id=consultation.duplicate_of_id)
    return list(
        consultations_visible_to(user)
        .filter(q)
        .exclude(pk=consultation.pk)
        .select_related("social_worker__user")
        .order_by("created_at", "pk")
    )


def get_consultation_for(user, pk, *, record_view: bool = True) -> Consultation:
    """Through the registry (frontdoor.policy's rule): 404 for missing and forbidden alike."""
    return _fetch(
        user,
        Consultation,
        pk,
        select=(
            "family",
            "social_worker__user",
            "social_worker__team",
            "requested_by",
            "requester_organisation",
            "slot",
            "concern",
        ),
        record=record_view,
    )


@dataclass
class ConsultationLists:
    requested: list[Consultation]
    with_me: list[Consultation]
    my_slots: list[DutySlot]
    is_embedded: bool


def consultation_lists(user) -> ConsultationLists:
    p = principal_for(user)
    base = consultations_visible_to(user).select_related(
        "family", "social_worker__user", "slot", "requester_organisation", "requested_by"
    )
    requested = list(base.filter(requested_by=user).order_by("-created_at")[:PAGE_LIMIT])
    with_me = list(
        base.filter(social_worker_id=p.practitioner_id).order_by(
            "status", "slot__starts_at", "-created_at"
        )[:PAGE_LIMIT]
    )
    is_embedded = "embedded_sw" in p.designations
    slots = (
        list(
            DutySlot.objects.filter(
                social_worker_id=p.practitioner_id,
                cancelled_at__isnull=True,
                ends_at__gte=timezone.now(),
            )
            .select_related("consultation")
            .order_by("starts_at")[:PAGE_LIMIT]
        )
        if is_embedded
        else []
    )
    audit.record(
        user,
        Verb.LIST,
        None,
        changes={"list": "consultations", "count": len(requested) + len(with_me)},
    )
    return ConsultationLists(requested, with_me, slots, is_embedded)


def open_slots(user, *, limit: int = 60) -> list[DutySlot]:
    """Published times not yet booked, soonest first (any partner may see them)."""
    if not policy.can_request_consultation(user):
        return []
    return list(
        DutySlot.objects.filter(
            cancelled_at__isnull=True, starts_at__gt=timezone.now(), consultation__isnull=True
        )
        .select_related("social_worker__user", "social_worker__team")
        .order_by("starts_at", "pk")[:limit]
    )


def get_open_slot(user, pk) -> DutySlot:
    return _get(
        DutySlot,
        pk,
        select=("social_worker__user",),
        allowed=lambda s: policy.can_request_consultation(user) and s.cancelled_at is None,
    )


def get_slot_to_manage(user, pk) -> DutySlot:
    return _get(
        DutySlot,
        pk,
        select=("social_worker__user",),
        allowed=lambda s: policy.can_offer_consultations(user, s.social_worker),
    )
