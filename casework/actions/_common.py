"""Shared helpers for the casework actions: field labels, error collection, the CIN census
date and code checks. (The doorway, access.doorway, does the rest: permit, bump, principal;
involvements start and end through organisations.actions.)"""

from __future__ import annotations

import datetime as dt

from django.db.models import Q
from django.utils import timezone

import codelists
from familyhub import errors
from people.models import Family, Membership, Person

from .. import messages as msg
from ..models import Episode

SYSTEM = "casework reminders"

FIELD_LABELS = {
    "referral_date": "the referral date",
    "referral_source": "referral source",
    "primary_need": "primary need",
    "strategy_discussion_on": "the date of the strategy discussion",
    "closed_on": "the closure date",
    "closure_reason": "the reason for closure",
    "eh_closure_reason": "the reason for closure",
    "consent_given_on": "the date the family consented",
    "allocated_to": "the lead practitioner",
    "assessment_started_on": "the date the assessment started",
    "assessment_completed_on": "the date the assessment was completed",
    "assessment_authorised_on": "the date the assessment was authorised",
    "assessment_factors": "the factors identified at assessment",
    "assessment_late_reason": "why the assessment took longer",
    "plan_started_on": "the date the family plan was agreed",
    "cin_plan_started_on": "the date the child in need plan started",
    "cin_plan_ended_on": "the date the child in need plan ended",
    "s47_started_on": "the date the section 47 enquiry started",
    "s47_ended_on": "the date the section 47 enquiry ended",
    "icpc_planned_on": "the date of the initial conference",
    "icpc_on": "the date the initial conference was held",
    "cp_plan_started_on": "the date the child protection plan started",
    "cp_plan_ended_on": "the date the child protection plan ended",
    "cp_category_initial": "the category of abuse",
    "cp_category_latest": "the latest category of abuse",
    "rcpc_on": "the date of the review conference",
}


def _label(name: str) -> str:
    text = FIELD_LABELS.get(name, name.replace("_", " "))
    return text[0].upper() + text[1:]


def _today() -> dt.date:
    return timezone.localdate()


def _when(day: dt.date | None) -> dt.datetime:
    """A chronology time for something that happened on `day` (now, if it is today)."""
    if day is None or day == _today():
        return timezone.now()
    return dt.datetime.combine(day, dt.time(12, 0), tzinfo=timezone.get_current_timezone())


def _plain(value):
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    if hasattr(value, "pk"):
        return str(value)
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    return value


class _Errors:
    """Collects field errors and raises them together, so a form shows every problem at once."""

    def __init__(self):
        self.fields: dict[str, list[str]] = {}

    def add(self, field: str, message: str) -> None:
        self.fields.setdefault(field, []).append(message)

    def raise_if_any(self) -> None:
        if self.fields:
            first = next(iter(self.fields.values()))[0]
            raise errors.RuleViolation(first, field_errors=self.fields)


def _is_current_child(family: Family, child: Person) -> bool:
    return Membership.objects.filter(
        family=family, person=child, role="child", left_on__isnull=True
    ).exists()


def _is_member(family: Family, person: Person) -> bool:
    return Membership.objects.filter(family=family, person=person, left_on__isnull=True).exists()


def _check_date(errs, name, value, *, child, referral=None):
    """The CIN census date rules: not in the future, not before the referral (or birth), not
    after death."""
    if value is None:
        return
    label = _label(name)
    if value > _today():
        errs.add(name, msg.DATE_IN_FUTURE.format(label=label))
    if referral and value < referral:
        errs.add(
            name, msg.DATE_BEFORE_REFERRAL.format(label=label, referral=f"{referral:%-d %B %Y}")
        )
    if child.date_of_death and value > child.date_of_death:
        errs.add(
            name, msg.DATE_AFTER_DEATH.format(label=label, died=f"{child.date_of_death:%-d %B %Y}")
        )
    if child.date_of_birth and value < child.date_of_birth and name == "referral_date":
        errs.add(name, msg.DATE_BEFORE_BIRTH.format(label=label))


def _check_code(errs, name, list_name, code, on=None):
    if not code:
        errs.add(name, msg.REQUIRED.format(label=FIELD_LABELS.get(name, name)))
    elif code not in dict(codelists.choices(list_name, on=on)):
        errs.add(name, msg.BAD_CODE.format(label=FIELD_LABELS.get(name, name)))


def had_plan_or_protection(episode: Episode) -> bool:
    """A child in need episode that went beyond its assessment: a CIN plan, or a section 47
    enquiry, conference or plan under it (the census then allows no RC8 or RC9 closure)."""
    if episode.cin_plan_started_on or episode.state == "cin_plan":
        return True
    return (
        Episode.objects.filter(parent=episode, kind="CP")
        .filter(
            Q(s47_started_on__isnull=False)
            | Q(icpc_on__isnull=False)
            | Q(cp_plan_started_on__isnull=False)
        )
        .exists()
    )
