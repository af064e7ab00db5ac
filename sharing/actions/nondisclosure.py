"""Decisions not to share (the exception to the duty to share, Children Act 2004 s16LA):
recorded with what was withheld, from whom, why disclosing would be more detrimental to the
child, who decided and when it is reviewed; and each review."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

import audit
from access.doorway import action, bump, permit
from audit.models import Verb
from familyhub import errors
from organisations.queries import organisation_of
from people.actions import chronicle
from sharing import policy

from .. import lawful
from ..models import (
    SECTIONS,
    NonDisclosure,
    NonDisclosureReview,
    NonDisclosureReviewOutcome,
    NonDisclosureStatus,
)

CHILD_NEEDED = "Choose the child the information is about"
SECTIONS_NEEDED = "Choose what you did not share"
WITHHELD_NEEDED = "Describe the information you did not share"
RECIPIENT_ROLE_NEEDED = "Enter who at that agency would have received it, for example ‘GP’"
DETRIMENT_NEEDED = "Explain why sharing would be more detrimental to the child than not sharing"
REVIEW_ON_NEEDED = "Enter the date this decision will be reviewed"
REVIEW_ON_FUTURE = "The review date must be in the future"
REVIEW_ON_TOO_LATE = "Review the decision within 12 months"
REVIEW_NOTE_NEEDED = "Record what you considered at the review"
NEXT_REVIEW_NEEDED = "Enter the date of the next review"
NO_LONGER_WITHHELD = "This decision has already been reviewed and closed"
STALE_NON_DISCLOSURE = "Someone else reviewed this decision while you were working on it"
MAX_REVIEW_DAYS = 366


def _check_review_on(review_on: dt.date | None, field: str, errs: dict[str, list[str]]) -> None:
    today = timezone.localdate()
    if review_on is None:
        errs[field] = [REVIEW_ON_NEEDED if field == "review_on" else NEXT_REVIEW_NEEDED]
    elif review_on <= today:
        errs[field] = [REVIEW_ON_FUTURE]
    elif review_on > today + dt.timedelta(days=MAX_REVIEW_DAYS):
        errs[field] = [REVIEW_ON_TOO_LATE]


@action
def non_disclosure_record(
    *,
    by,
    family,
    child,
    sections: list[str],
    withheld: str,
    recipient,
    recipient_role: str,
    detriment_reasoning: str,
    review_on: dt.date | None,
) -> NonDisclosure:
    permit(policy.can_record_non_disclosure(by, family))
    errs: dict[str, list[str]] = {}
    if child is None or not family.memberships.filter(person=child, role="child").exists():
        errs["child"] = [CHILD_NEEDED]
    if not sections or not set(sections) <= {code for code, _ in SECTIONS}:
        errs["sections"] = [SECTIONS_NEEDED]
    if not (withheld or "").strip():
        errs["withheld"] = [WITHHELD_NEEDED]
    if recipient is None:
        errs["recipient"] = ["Choose the agency you did not share with"]
    if not (recipient_role or "").strip():
        errs["recipient_role"] = [RECIPIENT_ROLE_NEEDED]
    if not (detriment_reasoning or "").strip():
        errs["detriment_reasoning"] = [DETRIMENT_NEEDED]
    _check_review_on(review_on, "review_on", errs)
    agency = organisation_of(by)
    if errs or review_on is None or agency is None:  # (can_record_non_disclosure: an agency)
        raise errors.RuleViolation("Check the decision not to share", field_errors=errs)
    record = NonDisclosure.objects.create(
        family=family,
        child=child,
        sections=sections,
        withheld=withheld.strip(),
        recipient=recipient,
        recipient_role=recipient_role.strip(),
        detriment_reasoning=detriment_reasoning.strip(),
        decided_by=by.user,
        agency=agency,
        review_on=review_on,
        lawful_bases_version=lawful.version(),
    )
    audit.record(
        by,
        Verb.SHARE,
        record,
        family=family,
        person=child,
        reason=detriment_reasoning.strip()[:500],
        changes={
            "decision": "not_shared",
            "exception": "ca2004_s16la_more_detrimental",
            "recipient": recipient.name,
            "recipient_role": record.recipient_role,
            "sections": sections,
            "review_on": review_on.isoformat(),
        },
    )
    chronicle(
        by=by,
        family=family,
        person=child,
        kind="non_disclosure",
        summary=f"Decided not to share information with {recipient.name} "
        f"(review by {review_on:%-d %B %Y})",
    )
    return record


@action
def non_disclosure_review(
    *,
    by,
    record: NonDisclosure,
    expected_version: int,
    outcome: str,
    note: str,
    next_review_on: dt.date | None = None,
) -> NonDisclosureReview:
    """Review a decision not to share: keep withholding (with the next review date), share now,
    or close it. Sharing itself is then recorded as a sharing decision, as any other."""
    permit(policy.can_review_non_disclosure(by, record))
    if record.status != NonDisclosureStatus.WITHHELD:
        raise errors.RuleViolation(NO_LONGER_WITHHELD)
    errs: dict[str, list[str]] = {}
    if outcome not in NonDisclosureReviewOutcome.values:
        errs["outcome"] = ["Choose the outcome of the review"]
    if not (note or "").strip():
        errs["note"] = [REVIEW_NOTE_NEEDED]
    if outcome == NonDisclosureReviewOutcome.KEEP:
        _check_review_on(next_review_on, "next_review_on", errs)
    else:
        next_review_on = None
    if errs:
        raise errors.RuleViolation("Check the review", field_errors=errs)
    before = (record.status, record.review_on)
    status = {
        NonDisclosureReviewOutcome.KEEP: NonDisclosureStatus.WITHHELD,
        NonDisclosureReviewOutcome.SHARE: NonDisclosureStatus.SHARED,
        NonDisclosureReviewOutcome.CLOSE: NonDisclosureStatus.CLOSED,
    }[NonDisclosureReviewOutcome(outcome)]
    fields: dict = {"status": status}
    if next_review_on is not None:
        fields["review_on"] = next_review_on
    bump(record, expected_version, STALE_NON_DISCLOSURE, fields)
    review = NonDisclosureReview.objects.create(
        non_disclosure=record,
        outcome=outcome,
        note=note.strip(),
        next_review_on=next_review_on,
        reviewed_by=by.user,
    )
    audit.record(
        by,
        Verb.UPDATE,
        record,
        family=record.family,
        person=record.child,
        reason=note.strip()[:500],
        changes={
            "review": outcome,
            "status": [before[0], status],
            "review_on": [before[1].isoformat(), record.review_on.isoformat()],
        },
    )
    chronicle(
        by=by,
        family=record.family,
        person=record.child,
        kind="non_disclosure_review",
        summary=f"Reviewed a decision not to share with {record.recipient.name}: "
        + NonDisclosureReviewOutcome(outcome).label.split(":")[0].lower(),
    )
    return review
