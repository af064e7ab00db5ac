"""The front-door queue: contacts to screen and decide, filtered and counted."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import F, Q
from django.http import Http404
from django.utils import timezone

import audit
import rules
from audit.models import Verb
from frontdoor import policy
from organisations.models import Team

from .. import clock
from ..models import (
    OPEN_STATUSES,
    Contact,
    ContactStatus,
    Dissent,
    DissentStatus,
    Rag,
    SignOff,
)
from .records import PAGE_LIMIT


@dataclass
class QueueRow:
    contact: Contact
    clock: clock.Clock
    names: list[str]


SORTS = {
    "due": ("-urgent", "due_at", "pk"),
    "received": ("received_at", "pk"),
    "-received": ("-received_at", "-pk"),
    "rag": ("rag_order", "due_at", "pk"),
}


def queue(
    user,
    *,
    team: int | None = None,
    locality: str = "",
    rag: str = "",
    urgency: str = "",
    status: str = "open",
    sort: str = "due",
    now: dt.datetime | None = None,
) -> list[QueueRow]:
    """The front door's contacts with their clocks: urgent first, then soonest due."""
    from django.db.models import Case, IntegerField, Value, When

    if not policy.is_front_door(user):
        raise Http404("Not found")
    now = now or timezone.now()
    contacts = Contact.objects.filter(policy.contact_visibility_q(user))
    if status == "open":
        contacts = contacts.filter(status__in=OPEN_STATUSES)
    elif status == "sign_off":
        contacts = contacts.filter(
            status=ContactStatus.DECIDED, decisions__sign_off=SignOff.PENDING
        ).distinct()
    elif status == "breached":
        contacts = contacts.filter(
            Q(status__in=OPEN_STATUSES, due_at__lt=now) | Q(decided_at__gt=F("due_at"))
        )
    elif status in ContactStatus.values:
        contacts = contacts.filter(status=status)
    if team:
        contacts = contacts.filter(assigned_to__team_id=team)
    if locality:
        contacts = contacts.filter(locality=locality)
    if rag == "none":
        contacts = contacts.filter(rag="")
    elif rag in Rag.values:
        contacts = contacts.filter(rag=rag)
    if urgency == "urgent":
        contacts = contacts.filter(urgent=True)
    elif urgency == "not_urgent":
        contacts = contacts.filter(urgent=False)
    contacts = contacts.annotate(
        rag_order=Case(
            When(rag=Rag.RED, then=Value(0)),
            When(rag=Rag.AMBER, then=Value(1)),
            When(rag=Rag.GREEN, then=Value(2)),
            default=Value(3),
            output_field=IntegerField(),
        )
    ).order_by(*SORTS.get(sort, SORTS["due"]))
    contacts = contacts.select_related(
        "family", "referrer_organisation", "assigned_to__user"
    ).prefetch_related("people__person")[:PAGE_LIMIT]
    rows = []
    for contact in contacts:
        done = contact.decided_at if contact.status not in OPEN_STATUSES else None
        rows.append(
            QueueRow(
                contact=contact,
                clock=clock.clock_for(
                    due_at=contact.due_at,
                    now=now,
                    done_at=done,
                    elapsed=clock.runs_in_elapsed_time(contact),
                ),
                names=[p.display_name for p in contact.people.all()],
            )
        )
    audit.record(user, Verb.LIST, None, changes={"list": "front door queue", "count": len(rows)})
    return rows


def queue_filters() -> dict:
    return {
        "teams": list(Team.objects.filter(pk__in=policy.front_door_team_ids()).order_by("name")),
        "localities": list(rules.current("routing").localities),
    }


def queue_counts(user, *, now: dt.datetime | None = None) -> dict[str, int]:
    if not policy.is_front_door(user):
        return {}
    now = now or timezone.now()
    contacts = Contact.objects.filter(policy.contact_visibility_q(user))
    open_ = contacts.filter(status__in=OPEN_STATUSES)
    return {
        "open": open_.count(),
        "urgent": open_.filter(urgent=True).count(),
        "overdue": open_.filter(due_at__lt=now).count(),
        "sign_off": contacts.filter(
            status=ContactStatus.DECIDED, decisions__sign_off=SignOff.PENDING
        )
        .distinct()
        .count(),
        "breached": contacts.filter(
            Q(status__in=OPEN_STATUSES, due_at__lt=now) | Q(decided_at__gt=F("due_at"))
        ).count(),
        "dissent": Dissent.objects.filter(
            policy.dissent_visibility_q(user), status=DissentStatus.OPEN
        ).count(),
    }
