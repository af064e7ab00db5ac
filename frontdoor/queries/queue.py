"""The front-door queue: contacts to screen and decide, filtered and counted."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Count, F, Prefetch, Q
from django.http import Http404
from django.utils import timezone

import audit
import rules
from audit.models import Verb
from familyhub.paging import Page, page_of
from frontdoor import policy
from organisations.models import Team

from .. import clock
from ..models import (
    OPEN_STATUSES,
    Contact,
    ContactPerson,
    ContactStatus,
    Dissent,
    DissentStatus,
    Rag,
    SignOff,
)


@dataclass
class QueueRow:
    contact: Contact
    clock: clock.Clock
    names: list[str]


# What a row of the queue shows, and no more: a page is fifty contacts, each with its family,
# referrer, worker and the people named, and the contact's own text (the concern, the
# decision's reasons) is not read for the list. A field a row comes to need goes here (else it
# is read once a row: the query pins in tests/test_list_queries.py catch that).
QUEUE_FIELDS = (
    "reference",
    "kind",
    "urgent",
    "received_at",
    "due_at",
    "decided_at",
    "status",
    "rag",
    "rules_version",
    "family__name",
    "referrer_organisation__name",
    "assigned_to__user__full_name",
)


def _for_the_list(contacts):
    """The contacts with what a row shows (QUEUE_FIELDS) and the names of the people named."""
    return (
        contacts.select_related("family", "referrer_organisation", "assigned_to__user")
        .only(*QUEUE_FIELDS)
        .prefetch_related(Prefetch("people", queryset=_named_people()))
    )


def _named_people():
    """The people a contact names, with no more than their names (NamedPerson.display_name)."""
    return ContactPerson.objects.select_related("person").only(
        "contact_id",
        "given_name",
        "family_name",
        "unborn",
        "person__given_name",
        "person__family_name",
        "person__date_of_birth",
        "person__expected_date_of_birth",
    )


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
    page: int = 1,
) -> Page:
    """A page (PAGE_SIZE) of the front door's contacts with their clocks: urgent first, then
    soonest due. The page has a next page when there are more; the queue is not counted."""
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
    found = page_of(_for_the_list(contacts), page)
    rows = []
    for contact in found.rows:
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
    found.rows = rows
    audit.record(
        user,
        Verb.LIST,
        None,
        changes={"list": "front door queue", "count": len(rows), "page": found.number},
    )
    return found


def queue_filters() -> dict:
    return {
        "teams": list(Team.objects.filter(pk__in=policy.front_door_team_ids()).order_by("name")),
        "localities": list(rules.current("routing").localities),
    }


def queue_counts(user, *, now: dt.datetime | None = None, cards: bool = False) -> dict[str, int]:
    """The front door's sub-navigation figures (open contacts, open disagreements); with
    `cards`, also the queue page's cards: urgent, overdue, waiting for sign-off and, for a
    front-door manager (the only one shown it), overdue or decided late in all, a count over
    every contact ever decided that the others need not wait for."""
    if not policy.is_front_door(user):
        return {}
    now = now or timezone.now()
    contacts = Contact.objects.filter(policy.contact_visibility_q(user))
    open_ = contacts.filter(status__in=OPEN_STATUSES)
    if cards:  # the open contacts' three figures in one pass
        counts = open_.aggregate(
            open=Count("pk"),
            urgent=Count("pk", filter=Q(urgent=True)),
            overdue=Count("pk", filter=Q(due_at__lt=now)),
        )
    else:
        counts = {"open": open_.count()}
    counts["dissent"] = Dissent.objects.filter(
        policy.dissent_visibility_q(user), status=DissentStatus.OPEN
    ).count()
    if not cards:
        return counts
    counts |= {
        "sign_off": contacts.filter(
            status=ContactStatus.DECIDED, decisions__sign_off=SignOff.PENDING
        )
        .distinct()
        .count(),
    }
    if policy.is_front_door_manager(user):
        counts["breached"] = contacts.filter(
            Q(status__in=OPEN_STATUSES, due_at__lt=now) | Q(decided_at__gt=F("due_at"))
        ).count()
    return counts
