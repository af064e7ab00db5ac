"""Sealed records, named access lists and break-glass: recorded, audited, reviewed."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.utils import timezone

import audit
import rules
from access.doorway import action, permit
from audit.models import Verb
from familyhub import errors, links
from notices.actions import notify
from organisations import policy as org_policy
from organisations.models import Practitioner
from people.actions import chronicle
from people.models import Family
from people.policy import (
    can_break_glass,
    can_manage_access_list,
    can_review_break_glass,
    can_view_family,
)

from .models import BreakGlass, BreakGlassReview, RecordAccessGrant

REASON_TOO_SHORT = "Explain the urgent safeguarding need in at least 20 characters"
SEALED_NO_BREAK_GLASS = (
    "This record is sealed. It can only be opened by its named access list – contact "
    "information governance"
)
ALREADY_HAS_ACCESS = "You already have access to this family"


def break_glass_minutes() -> int:
    """The break_glass rule set's duration, unless FAMILYHUB["BREAK_GLASS_MINUTES"] overrides it."""
    configured: Any = settings.FAMILYHUB.get("BREAK_GLASS_MINUTES")
    return int(configured if configured is not None else rules.current("break_glass").minutes)


@action
def break_glass_open(*, by, family: Family, reason: str) -> BreakGlass:
    if family.is_restricted:
        raise errors.RuleViolation(SEALED_NO_BREAK_GLASS)
    permit(can_break_glass(by, family))
    if can_view_family(by, family):
        raise errors.RuleViolation(ALREADY_HAS_ACCESS)
    if len(reason.strip()) < 20:
        raise errors.RuleViolation(REASON_TOO_SHORT, field_errors={"reason": [REASON_TOO_SHORT]})
    practitioner = Practitioner.objects.get(user=by.user)
    now = timezone.now()
    glass = BreakGlass.objects.create(
        family=family,
        practitioner=practitioner,
        reason=reason.strip(),
        opened_at=now,
        expires_at=now + dt.timedelta(minutes=break_glass_minutes()),
    )
    audit.record(
        by,
        Verb.BREAK_GLASS,
        family,
        reason=reason.strip(),
        changes={"expires_at": glass.expires_at.isoformat()},
    )
    chronicle(
        by=by,
        family=family,
        kind="break_glass",
        significant=True,
        summary=f"{practitioner.name} ({practitioner.organisation.name}) opened this record "
        "under break-glass",
    )
    reviewers = org_policy.ig_officers()
    managers = org_policy.team_managers([practitioner.team_id]) if practitioner.team_id else []
    for reviewer in {*reviewers, *managers}:
        notify(
            recipient=reviewer.user,
            kind="break_glass",
            family=family,
            subject=f"Break-glass to review: {practitioner.name} opened {family.reference}",
            body=f"Reason given: {reason.strip()}",
            link=links.ref(glass),
        )
    return glass


@action
def break_glass_review(*, by, glass: BreakGlass, outcome: str, note: str) -> BreakGlass:
    permit(can_review_break_glass(by))
    if glass.practitioner.user_id == by.user_id:
        raise errors.NotPermitted("Nobody reviews their own break-glass")
    if glass.review != BreakGlassReview.PENDING:
        raise errors.RuleViolation("This break-glass has already been reviewed")
    if outcome not in (BreakGlassReview.JUSTIFIED, BreakGlassReview.NOT_JUSTIFIED):
        raise errors.RuleViolation(
            "Choose an outcome", field_errors={"outcome": ["Choose an outcome"]}
        )
    if not note.strip():
        raise errors.RuleViolation(
            "Record the reasons for the outcome",
            field_errors={"note": ["Record the reasons for the outcome"]},
        )
    BreakGlass.objects.filter(pk=glass.pk).update(
        review=outcome,
        reviewed_by=by.user,
        reviewed_at=timezone.now(),
        review_note=note.strip(),
        # A break-glass found not justified ends at once.
        **({"expires_at": timezone.now()} if outcome == BreakGlassReview.NOT_JUSTIFIED else {}),
    )
    glass.refresh_from_db()
    audit.record(
        by,
        Verb.UPDATE,
        glass,
        family=glass.family,
        reason=note.strip(),
        changes={"review": [BreakGlassReview.PENDING, outcome]},
    )
    return glass


@action
def family_seal(*, by, family: Family, reason: str, access_list: list[Practitioner]) -> Family:
    """Seal a family: from now on only the named access list sees it."""
    permit(can_manage_access_list(by))
    if not access_list:
        msg = "Name at least one person who keeps access"
        raise errors.RuleViolation(msg, field_errors={"access_list": [msg]})
    if not reason.strip():
        raise errors.RuleViolation(
            "Give the reason for sealing", field_errors={"reason": ["Give the reason for sealing"]}
        )
    for practitioner in access_list:
        _grant(by=by, family=family, practitioner=practitioner, reason=reason)
    Family.objects.filter(pk=family.pk).update(is_restricted=True)
    family.refresh_from_db()
    audit.record(
        by,
        Verb.ACCESS_CHANGE,
        family,
        reason=reason,
        changes={"is_restricted": [False, True], "access_list": [p.name for p in access_list]},
    )
    return family


def _grant(*, by, family, practitioner, reason) -> RecordAccessGrant:
    grant, created = RecordAccessGrant.objects.get_or_create(
        family=family,
        practitioner=practitioner,
        revoked_at__isnull=True,
        defaults={"reason": reason, "granted_by": by.user},
    )
    if created:
        audit.record(
            by, Verb.ACCESS_CHANGE, family, reason=reason, changes={"granted": practitioner.name}
        )
    return grant


@action
def access_grant(*, by, family: Family, practitioner: Practitioner, reason: str):
    permit(can_manage_access_list(by))
    return _grant(by=by, family=family, practitioner=practitioner, reason=reason)


@action
def access_revoke(*, by, grant: RecordAccessGrant, reason: str) -> RecordAccessGrant:
    permit(can_manage_access_list(by))
    RecordAccessGrant.objects.filter(pk=grant.pk).update(
        revoked_at=timezone.now(), revoked_by=by.user
    )
    grant.refresh_from_db()
    audit.record(
        by,
        Verb.ACCESS_CHANGE,
        grant.family,
        reason=reason,
        changes={"revoked": grant.practitioner.name},
    )
    return grant


@action
def family_unseal(*, by, family: Family, reason: str) -> Family:
    permit(can_manage_access_list(by))
    Family.objects.filter(pk=family.pk).update(is_restricted=False)
    family.refresh_from_db()
    audit.record(
        by, Verb.ACCESS_CHANGE, family, reason=reason, changes={"is_restricted": [True, False]}
    )
    return family
