"""Retention: which family records are due for review or destruction, under versioned rules."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Max, Q

import rules
from organisations.models import Involvement
from people.models import Family


def _add_years(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


@dataclass
class Due:
    family: Family
    keep_until: dt.date
    reasons: list[str]


def keep_until(family: Family, rule: rules.RetentionRules) -> tuple[dt.date | None, list[str]]:
    """The date the family's record may be destroyed, or None while anyone is involved."""
    if family.involvements.filter(ended_on__isnull=True).exists():
        return None, ["someone is still involved"]
    last_end = family.involvements.aggregate(last=Max("ended_on"))["last"]
    dates, reasons = [], []
    if last_end:
        years = rule.keep_at_least_years_after_last_involvement
        dates.append(_add_years(last_end, years))
        reasons.append(f"last involvement ended {last_end:%-d %B %Y} (+{years} years)")
    births = [
        m.person.date_of_birth or m.person.expected_date_of_birth
        for m in family.memberships.filter(role="child").select_related("person")
    ]
    births = [b for b in births if b]
    if births:
        age = rule.keep_until_youngest_child_age
        youngest = max(births)
        dates.append(_add_years(youngest, age))
        reasons.append(f"youngest child born {youngest:%-d %B %Y} (kept to age {age})")
    if not dates:
        return None, ["no dates to apply the rule to – review by hand"]
    return max(dates), reasons


def due_for_review(*, on: dt.date, limit: int = 200) -> list[Due]:
    rule = rules.current("retention")
    # Only families nobody works with now are candidates (indexable pre-filter).
    open_ids = Involvement.objects.filter(ended_on__isnull=True).values("family_id")
    candidates = (
        Family.objects.exclude(pk__in=open_ids)
        .filter(Q(involvements__isnull=False))
        .distinct()
        .order_by("pk")
    )
    due = []
    for family in candidates.iterator(chunk_size=500):
        until, reasons = keep_until(family, rule)
        if until is not None and until <= on:
            due.append(Due(family, until, reasons))
            if len(due) >= limit:
                break
    return due
