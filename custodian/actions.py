"""Writes for the custodian: the data-sharing agreements (administrators). An agreement is
never edited in place: a revision is its next version, and the version it replaces is kept
(superseded) so every logged decision still names the text it relied on."""

from __future__ import annotations

from typing import Any

from django.utils import timezone

import audit
from access.doorway import action, permit
from audit.models import Verb
from familyhub import errors

from . import policy
from .models import SOURCE_TYPES, Agreement

REFERENCE_REQUIRED = "Enter the agreement's reference, for example DSA-SUI-001"
REFERENCE_TAKEN = "An agreement with this reference exists: revise it instead"
TITLE_REQUIRED = "Enter the agreement's title"
ONE_SOURCE = "Choose the source organisation or a type of organisation, not both"
SOURCE_NOT_OURS = (
    "The source must be the local authority's children's social care or early help: the "
    "records FamilyHub holds as custodian are theirs"
)
ONE_DESTINATION = "Choose the destination organisation or a type of organisation, not both"
ENDS_BEFORE_START = "The agreement must end on or after the day it starts"
STALE_AGREEMENT = "Someone else revised this agreement while you were looking at it"
FIELDS = (
    "title",
    "source_organisation",
    "source_type",
    "destination_organisation",
    "destination_type",
    "record_type",
    "purpose",
    "mode",
    "valid_from",
    "valid_until",
    "change_note",
)


def _one_of(data: dict, org: str, kind: str, field_errors: dict, message: str) -> None:
    if bool(data.get(org)) == bool(data.get(kind)):
        field_errors.setdefault(org, []).append(message)


def _problems(data: dict[str, Any]) -> dict[str, list[str]]:
    field_errors: dict[str, list[str]] = {}
    if not (data.get("title") or "").strip():
        field_errors["title"] = [TITLE_REQUIRED]
    _one_of(data, "source_organisation", "source_type", field_errors, ONE_SOURCE)
    source = data.get("source_organisation")
    source_type = source.org_type if source else data.get("source_type")
    if "source_organisation" not in field_errors and source_type not in SOURCE_TYPES:
        field_errors["source_organisation"] = [SOURCE_NOT_OURS]
    _one_of(data, "destination_organisation", "destination_type", field_errors, ONE_DESTINATION)
    start, end = data.get("valid_from"), data.get("valid_until")
    if start and end and end < start:
        field_errors["valid_until"] = [ENDS_BEFORE_START]
    return field_errors


def _refuse(field_errors: dict[str, list[str]]) -> None:
    if field_errors:
        raise errors.RuleViolation(next(iter(field_errors.values()))[0], field_errors=field_errors)


def _values(data: dict[str, Any]) -> dict[str, Any]:
    values = {name: data.get(name) for name in FIELDS}
    values["title"] = (values["title"] or "").strip()[:200]
    values["change_note"] = (values["change_note"] or "").strip()[:300]
    values["source_type"] = "" if values["source_organisation"] else values["source_type"] or ""
    values["destination_type"] = (
        "" if values["destination_organisation"] else values["destination_type"] or ""
    )
    return values


def _changes(agreement: Agreement) -> dict[str, Any]:
    return {
        "reference": agreement.reference,
        "version": agreement.version,
        "source": agreement.source_label,
        "destination": agreement.destination_label,
        "record_type": agreement.record_type,
        "purpose": agreement.purpose,
        "mode": agreement.mode,
        "valid_from": agreement.valid_from.isoformat(),
        "valid_until": agreement.valid_until.isoformat() if agreement.valid_until else None,
    }


@action
def agreement_create(*, by, reference: str, data: dict[str, Any]) -> Agreement:
    """A new agreement, version 1."""
    permit(policy.can_manage_agreements(by))
    reference = (reference or "").strip().upper()[:40]
    field_errors = _problems(data)
    if not reference:
        field_errors = {"reference": [REFERENCE_REQUIRED], **field_errors}
    elif Agreement.objects.filter(reference=reference).exists():
        field_errors = {"reference": [REFERENCE_TAKEN], **field_errors}
    _refuse(field_errors)
    agreement = Agreement.objects.create(
        reference=reference, version=1, created_by_label=by.label, **_values(data)
    )
    audit.record(by, Verb.CREATE, agreement, changes=_changes(agreement))
    return agreement


@action
def agreement_revise(
    *, by, agreement: Agreement, expected_version: int, data: dict[str, Any]
) -> Agreement:
    """The agreement's next version (the current one is kept, superseded). To end an
    agreement, revise it with the day it ends."""
    permit(policy.can_manage_agreements(by))
    _refuse(_problems(data))
    current = Agreement.objects.select_for_update().filter(
        reference=agreement.reference, superseded_at__isnull=True
    )
    found = current.first()
    if found is None or found.version != expected_version:
        raise errors.StaleVersion(STALE_AGREEMENT, current=found or agreement)
    Agreement.objects.filter(pk=found.pk).update(superseded_at=timezone.now())
    revised = Agreement.objects.create(
        reference=found.reference,
        version=found.version + 1,
        created_by_label=by.label,
        **_values(data),
    )
    audit.record(by, Verb.UPDATE, revised, changes=_changes(revised))
    return revised
