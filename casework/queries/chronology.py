"""The family's chronology: filters, the list, the export."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import QuerySet

import audit
from access.principals import principal_for
from audit.models import Verb
from organisations.models import Organisation
from people.models import ChronologyEntry, Family
from people.policy import can_view_section

KIND_GROUPS = {
    "episodes": (
        "Episodes and decisions",
        (
            "episode_eh",
            "episode_cin",
            "episode_cp",
            "looked_after",
            "allocation",
            "outcome_check",
        ),
    ),
    "assessment": ("Assessments", ("assessment",)),
    "plan": ("Plan and goals", ("plan",)),
    "meeting": ("Meetings and reviews", ("meeting",)),
    "case_note": ("Case notes", ("case_note",)),
    "steps": ("Step up and step down", ("step_up", "step_down")),
    "people": (
        "People and involvement",
        (
            "family_created",
            "family_updated",
            "member_added",
            "person_updated",
            "address_added",
            "relationship_added",
            "involvement_started",
            "involvement_ended",
            "lead_practitioner",
        ),
    ),
}


@dataclass
class ChronologyFilters:
    agency: int | None = None
    group: str = ""
    significant_only: bool = False
    person: int | None = None

    def describe(self) -> str:
        parts = []
        if self.group in KIND_GROUPS:
            parts.append(KIND_GROUPS[self.group][0])
        if self.significant_only:
            parts.append("significant events only")
        return ", ".join(parts) or "everything"


def chronology(user, family: Family, filters: ChronologyFilters) -> QuerySet[ChronologyEntry]:
    qs = ChronologyEntry.objects.filter(family=family).select_related(
        "recorded_by", "agency", "person"
    )
    if not can_view_section(user, family, "chronology"):
        # A partner sees its own agency's entries unless the chronology is shared with it.
        qs = qs.filter(agency_id=principal_for(user).organisation_id)
    if filters.agency:
        qs = qs.filter(agency_id=filters.agency)
    if filters.group in KIND_GROUPS:
        qs = qs.filter(kind__in=KIND_GROUPS[filters.group][1])
    if filters.significant_only:
        qs = qs.filter(significance="significant")
    if filters.person:
        qs = qs.filter(person_id=filters.person)
    return qs.order_by("-occurred_at", "-pk")


def chronology_agencies(family: Family) -> QuerySet[Organisation]:
    return Organisation.objects.filter(
        pk__in=ChronologyEntry.objects.filter(family=family, agency__isnull=False).values(
            "agency_id"
        )
    ).order_by("name")


def chronology_for_export(
    user, family: Family, filters: ChronologyFilters
) -> list[ChronologyEntry]:
    """The entries for a PDF export; the export itself is audited."""
    entries = list(chronology(user, family, filters)[:5000])
    audit.record(
        user,
        Verb.EXPORT,
        family,
        reason="chronology PDF",
        changes={"filters": filters.describe(), "entries": len(entries)},
    )
    return entries
