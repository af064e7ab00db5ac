"""Information-governance durations: break-glass (rules/data/break_glass/), the subject
access month (rules/data/subject_access/) and the retention schedule (rules/data/retention/)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from .base import RuleSet, Values, kind
from .timescales import add_months


@kind("break_glass")
@dataclass(frozen=True)
class BreakGlassRules(RuleSet):
    version: str
    minutes: int

    @classmethod
    def from_rules(cls, values: Values, **meta) -> BreakGlassRules:
        return cls(minutes=values.whole("minutes", minimum=1), **meta)


@kind("subject_access")
@dataclass(frozen=True)
class SubjectAccessRules(RuleSet):
    version: str
    response_months: int

    @classmethod
    def from_rules(cls, values: Values, **meta) -> SubjectAccessRules:
        return cls(response_months=values.whole("response_months", minimum=1), **meta)

    def due_on(self, received_on: dt.date) -> dt.date:
        """The ICO's 'calendar month': the corresponding date in the month the answer is due
        (or that month's last day when it has no such date)."""
        return add_months(received_on, self.response_months)


@kind("retention")
@dataclass(frozen=True)
class RetentionRules(RuleSet):
    """How long a family's record is kept once nobody works with the family."""

    version: str
    keep_until_youngest_child_age: int
    keep_at_least_years_after_last_involvement: int

    @classmethod
    def from_rules(cls, values: Values, **meta) -> RetentionRules:
        return cls(
            keep_until_youngest_child_age=values.whole("keep_until_youngest_child_age", minimum=1),
            keep_at_least_years_after_last_involvement=values.whole(
                "keep_at_least_years_after_last_involvement", minimum=1
            ),
            **meta,
        )
