"""The consistent child identifier (Children Act 2004 s16LC, added by the Children's Wellbeing
and Schools Act 2026 s4): the NHS number, with where it came from and whether (and when) it was
verified; or, when a child has none, which of the Act's reasons applies:

- s16LC(6): including it is not likely to help anyone's safeguarding or welfare function;
- s16LC(7): including it would be more detrimental to the child;
- s16LC(8): it is not known, and finding it would cause unreasonable delay.

`check` applies these to a person's record as it would be after a change. The reason is asked
for when someone records or changes a child's identifier details; an edit of other details (a
name, an address) is not refused because an older record lacks a reason: the data-quality page
(people.queries.identifier_gaps) lists those children until someone records one.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

FIELDS = (
    "nhs_number",
    "nhs_number_source",
    "nhs_number_status",
    "nhs_number_verified_on",
    "nhs_number_absent_reason",
)

REASON_NEEDED = "Select why the child has no NHS number"
REASON_WITH_NUMBER = (
    "Remove the reason for having no NHS number, or remove the NHS number: the record has one"
)
SOURCE_NEEDED = "Select where the NHS number came from"
SOURCE_WITHOUT_NUMBER = "Enter the NHS number, or clear where it came from"
STATUS_NEEDED = "Select whether the NHS number has been verified"
STATUS_WITHOUT_NUMBER = "Enter the NHS number, or clear whether it was verified"
VERIFIED_DATE_NEEDED = "Enter the date the NHS number was verified"
VERIFIED_DATE_FUTURE = "The date the NHS number was verified must be today or in the past"
VERIFIED_DATE_UNVERIFIED = (
    "Remove the verification date, or select that the NHS number has been verified"
)


def check(
    merged: dict[str, Any], *, is_child: bool, changed: bool, today: dt.date
) -> dict[str, list[str]]:
    """Field errors for the identifier fields of `merged` (the record with the change applied).

    `changed` says whether this save touches the identifier fields: the rules that ask for
    something missing apply only then; those that refuse a contradiction apply always."""
    errors: dict[str, list[str]] = {}
    number = merged.get("nhs_number") or ""
    source = merged.get("nhs_number_source") or ""
    status = merged.get("nhs_number_status") or ""
    verified_on = merged.get("nhs_number_verified_on")
    reason = merged.get("nhs_number_absent_reason") or ""
    if number:
        if reason:
            errors["nhs_number_absent_reason"] = [REASON_WITH_NUMBER]
        if changed and not source:
            errors["nhs_number_source"] = [SOURCE_NEEDED]
        if changed and not status:
            errors["nhs_number_status"] = [STATUS_NEEDED]
        if status == "verified" and verified_on is None and changed:
            errors["nhs_number_verified_on"] = [VERIFIED_DATE_NEEDED]
        if verified_on is not None and status != "verified":
            errors["nhs_number_verified_on"] = [VERIFIED_DATE_UNVERIFIED]
        if verified_on is not None and verified_on > today:
            errors["nhs_number_verified_on"] = [VERIFIED_DATE_FUTURE]
    else:
        if source:
            errors["nhs_number_source"] = [SOURCE_WITHOUT_NUMBER]
        if status or verified_on is not None:
            errors["nhs_number_status"] = [STATUS_WITHOUT_NUMBER]
        if changed and is_child and not reason:
            errors["nhs_number_absent_reason"] = [REASON_NEEDED]
    return errors


def check_record(out, merged, existing, field_errors, today) -> None:
    """The consistent child identifier's rules (people.identifiers.child_identifier). A caller
    that sends the identifier's provenance fields (the person form) has them checked in full;
    one that does not (an import, the API) only for contradictions."""
    aware = any(k in out for k in FIELDS[1:])
    if aware and not merged.get("nhs_number"):
        # Where a number came from and whether it was verified belong to the number: removing
        # the number removes them.
        for name, empty in (
            ("nhs_number_source", ""),
            ("nhs_number_status", ""),
            ("nhs_number_verified_on", None),
        ):
            if merged.get(name) not in ("", None):
                out[name] = merged[name] = empty
    changed = aware and (
        existing is None or any(merged.get(f) != getattr(existing, f) for f in FIELDS)
    )
    found = check(merged, is_child=_is_child(merged, existing, today), changed=changed, today=today)
    for name, messages in found.items():
        if name not in field_errors:
            field_errors[name] = messages


def _is_child(merged, existing, today) -> bool:
    born = merged.get("date_of_birth")
    if born is None and merged.get("expected_date_of_birth"):
        return True  # unborn
    if born is not None:
        age = today.year - born.year - ((today.month, today.day) < (born.month, born.day))
        if age < 18:
            return True
    return (
        existing is not None
        and existing.memberships.filter(role="child", left_on__isnull=True).exists()
    )
