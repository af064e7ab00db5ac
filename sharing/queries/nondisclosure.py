"""Reads of decisions not to share (CA 2004 s16LA exception): the family's own list, the IG
officer's list of all of them with filters, one decision, and the safeguarding partnership's
counts by agency with small numbers suppressed. Every read is audited."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Count, Q, QuerySet
from django.http import Http404
from django.utils import timezone

import audit
from audit.models import Verb
from familyhub.suppression import FEWER_THAN, is_small, suppress
from people import queries as people_queries
from people.models import Family
from sharing import policy

from ..models import NonDisclosure, NonDisclosureStatus

PAGE_SIZE = 50


def visible_non_disclosures(user) -> QuerySet[NonDisclosure]:
    return NonDisclosure.objects.filter(policy.non_disclosure_visibility_q(user)).select_related(
        "family", "child", "recipient", "agency", "decided_by"
    )


def family_non_disclosures(user, family: Family) -> list[NonDisclosure]:
    """Shown on the family's information sharing page (already audited as its view)."""
    return list(visible_non_disclosures(user).filter(family=family))


def get_family_for_non_disclosure(user, pk) -> Family:
    family = Family.objects.filter(pk=people_queries._pk(pk)).first()
    if family is None or not policy.can_record_non_disclosure(user, family):
        raise Http404("No family found")
    audit.record(user, Verb.VIEW, family, reason="recording a decision not to share")
    return family


def get_non_disclosure_for(user, pk) -> NonDisclosure:
    record = visible_non_disclosures(user).filter(pk=people_queries._pk(pk)).first()
    if record is None:
        raise Http404("No decision found")
    audit.record(user, Verb.VIEW, record, family=record.family, person=record.child)
    return record


@dataclass
class Filters:
    agency: int | None = None
    recipient: int | None = None
    status: str = ""
    review: str = ""  # "overdue" or "due" (within 30 days)
    decided_from: dt.date | None = None
    decided_to: dt.date | None = None

    def as_changes(self) -> dict:
        return {k: str(v) for k, v in self.__dict__.items() if v not in (None, "")}


def ig_non_disclosures(user, filters: Filters) -> QuerySet[NonDisclosure]:
    """Every decision not to share, for information governance, newest first."""
    if not policy.can_list_non_disclosures(user):
        raise Http404("Not found")
    today = timezone.localdate()
    qs = visible_non_disclosures(user)
    if filters.agency:
        qs = qs.filter(agency_id=filters.agency)
    if filters.recipient:
        qs = qs.filter(recipient_id=filters.recipient)
    if filters.status:
        qs = qs.filter(status=filters.status)
    if filters.review == "overdue":
        qs = qs.filter(status=NonDisclosureStatus.WITHHELD, review_on__lt=today)
    elif filters.review == "due":
        qs = qs.filter(
            status=NonDisclosureStatus.WITHHELD,
            review_on__gte=today,
            review_on__lte=today + dt.timedelta(days=30),
        )
    if filters.decided_from:
        qs = qs.filter(decided_at__date__gte=filters.decided_from)
    if filters.decided_to:
        qs = qs.filter(decided_at__date__lte=filters.decided_to)
    audit.record(
        user,
        Verb.LIST,
        None,
        changes={"list": "decisions not to share", "filters": filters.as_changes()},
    )
    return qs


@dataclass
class AgencyCount:
    agency: str
    decisions: str
    withheld: str
    reviewed: str


@dataclass
class PartnershipCounts:
    period_from: dt.date
    period_to: dt.date
    rows: list[AgencyCount] = field(default_factory=list)
    total: int | str = 0


def partnership_counts(user, *, period_from: dt.date, period_to: dt.date) -> PartnershipCounts:
    """Decisions not to share made in the period, by the agency that decided, counts of 1 to 4
    shown as "fewer than 5". Agencies with none are left out."""
    if not policy.can_view_partnership_counts(user):
        raise Http404("Not found")
    rows = (
        NonDisclosure.objects.filter(
            decided_at__date__gte=period_from, decided_at__date__lte=period_to
        )
        .values("agency__name")
        .annotate(
            decisions=Count("pk", distinct=True),
            withheld=Count("pk", filter=Q(status=NonDisclosureStatus.WITHHELD), distinct=True),
            reviewed=Count("reviews__non_disclosure", distinct=True),
        )
        .order_by("agency__name")
    )
    out = PartnershipCounts(period_from=period_from, period_to=period_to)
    rows = list(rows)
    columns = {
        name: suppress([row[name] for row in rows])
        for name in ("decisions", "withheld", "reviewed")
    }
    for i, row in enumerate(rows):
        out.rows.append(
            AgencyCount(
                agency=row["agency__name"],
                decisions=columns["decisions"][i].text,
                withheld=columns["withheld"][i].text,
                reviewed=columns["reviewed"][i].text,
            )
        )
    total = sum(row["decisions"] for row in rows)
    out.total = FEWER_THAN if is_small(total) else total
    audit.record(
        user,
        Verb.LIST,
        None,
        changes={
            "list": "decisions not to share: partnership counts",
            "from": period_from.isoformat(),
            "to": period_to.isoformat(),
        },
    )
    return out
