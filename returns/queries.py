"""Reads for the returns page: census runs and their findings, with the link to the record and
field each finding asks to be fixed. Lists and views are audited (the findings name children)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.core.exceptions import FieldDoesNotExist
from django.db.models import QuerySet
from django.http import Http404
from django.urls import reverse

import audit
from access.registry import get_for
from audit.models import Verb
from casework.models import Episode
from people.models import Family, Person

from . import claims, disproportionality, policy
from .models import CensusFinding, CensusRun, FamilyClaim, FindingKind

# The person form's first input for a field (dates, radios and checkboxes have parts).
PERSON_ANCHORS = {
    "sex": "id_sex_0",
    "disabilities": "id_disabilities_0",
    "date_of_birth": "id_date_of_birth_0",
    "expected_date_of_birth": "id_expected_date_of_birth_0",
    "date_of_death": "id_date_of_death_0",
}


@dataclass(frozen=True)
class FindingRow:
    pk: int
    kind: str
    kind_label: str
    rule_code: str
    message: str
    child: str
    where: str
    value: str
    record_label: str
    field_label: str
    link: str


def runs_for(user) -> QuerySet[CensusRun]:
    if not policy.can_run_returns(user):
        return CensusRun.objects.none()
    return CensusRun.objects.select_related("by")


def get_run_for(user, pk, *, record_view: bool = True) -> CensusRun:
    run = get_for(user, CensusRun, pk, record=False)  # Http404 when missing or not allowed
    if record_view:
        audit.record(user, Verb.VIEW, run)
    return run


def _label(model, field: str) -> str:
    try:
        return str(model._meta.get_field(field).verbose_name)
    except FieldDoesNotExist:
        return field.replace("_", " ")


def _row(f: CensusFinding) -> FindingRow:
    link, record, field_label = "", "", ""
    if f.episode_id:
        link = reverse("casework:episode", args=[f.episode_id])
        record = "Episode"
        field_label = _label(Episode, f.field) if f.field else ""
        link += f"#{f.field}" if f.field else ""
    elif f.person_id:
        link = reverse("people:person-edit", args=[f.person_id])
        record = "Child's details"
        field_label = _label(Person, f.field) if f.field else ""
        if f.field:
            link += "#" + PERSON_ANCHORS.get(f.field, f"id_{f.field}")
    return FindingRow(
        pk=f.pk,
        kind=f.kind,
        kind_label=FindingKind(f.kind).label,
        rule_code=f.rule_code,
        message=f.message,
        child=f.la_child_id,
        where=f"{f.module}: {f.item}" if f.module else "The whole return",
        value=f.value,
        record_label=record,
        field_label=field_label,
        link=link,
    )


def findings_for(user, run: CensusRun, *, kind: str = "", limit: int = 1000) -> list[FindingRow]:
    """The run's errors then queries (or one kind), each with its link; the list is audited."""
    if not policy.can_run_returns(user):
        return []
    qs = CensusFinding.objects.filter(run=run)
    if kind in FindingKind.values:
        qs = qs.filter(kind=kind)
    rows = [_row(f) for f in qs.order_by("kind", "la_child_id", "rule_code", "pk")[:limit]]
    if rows:
        audit.record(
            user,
            Verb.LIST,
            run,
            changes={"census_findings": [[r.child, r.rule_code] for r in rows]},
        )
    return rows


def disproportionality_for(
    user, *, start: dt.date, end: dt.date, export: bool = False
) -> disproportionality.Report:
    """The disproportionality report for a period (counts, small numbers suppressed); the view
    and the CSV download are audited (a download as an export)."""
    if not policy.can_view_disproportionality(user):
        raise Http404("Not found")
    report = disproportionality.compute(start=start, end=end)
    audit.record(
        user,
        Verb.EXPORT if export else Verb.VIEW,
        None,
        changes={
            "report": "disproportionality",
            "from": start.isoformat(),
            "to": end.isoformat(),
            "sources": [s.key for s in report.sources],
            **({"format": "csv"} if export else {}),
        },
    )
    return report


# --- Supporting Families / Family Help claims ------------------------------------------------


@dataclass(frozen=True)
class ClaimRow:
    family_id: int
    family_name: str
    check: claims.ClaimCheck
    claim: FamilyClaim | None


def claims_for(user, start: dt.date, end: dt.date) -> list[ClaimRow]:
    """The claim list for a period: each family whose sustained outcome check was recorded in
    it, with eligibility, each condition and any approved claim (the list is audited)."""
    if not policy.can_view_claims(user):
        raise Http404("Not found")
    ids = claims.candidates(start, end)
    names = dict(Family.objects.filter(pk__in=ids).values_list("pk", "name"))
    approved = {c.family_id: c for c in FamilyClaim.objects.filter(family_id__in=ids)}
    rows = [
        ClaimRow(pk, names.get(pk, ""), claims.check_family(pk), approved.get(pk)) for pk in ids
    ]
    audit.record(
        user,
        Verb.LIST,
        reason="Supporting Families claim list",
        changes={"period": [start.isoformat(), end.isoformat()], "families": ids},
    )
    return rows


def get_claim_family_for(user, pk: int) -> Family:
    """A family on a claim list (to approve its claim); 404 unless the user sees claims."""
    if not policy.can_view_claims(user):
        raise Http404("Not found")
    family = Family.objects.filter(pk=pk).first()
    if family is None:
        raise Http404("Not found")
    return family
