"""Pre-proceedings and family group decision-making timescales (rules/data/pre_proceedings/):
when the letter before proceedings, the meetings and the step decision fall due. A child's
pre-proceedings keeps the version it started under."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from . import loader
from .base import RuleSet, Values, kind


@kind("pre_proceedings")
@dataclass(frozen=True)
class PreProceedingsRules(RuleSet):
    version: str
    letter_within_working_days: int
    initial_meeting_within_working_days: int
    fgdm_meeting_within_working_days: int
    review_interval_weeks: int
    decision_within_weeks: int

    @classmethod
    def from_rules(cls, values: Values, **meta) -> PreProceedingsRules:
        return cls(
            letter_within_working_days=values.whole("letter_within_working_days", minimum=1),
            initial_meeting_within_working_days=values.whole(
                "initial_meeting_within_working_days", minimum=1
            ),
            fgdm_meeting_within_working_days=values.whole(
                "fgdm_meeting_within_working_days", minimum=1
            ),
            review_interval_weeks=values.whole("review_interval_weeks", minimum=1),
            decision_within_weeks=values.whole("decision_within_weeks", minimum=1),
            **meta,
        )

    def _working_days(self, day: dt.date, days: int) -> dt.date:
        return loader.current("working_calendar").add_working_days(day, days)

    def letter_due(self, started_on: dt.date) -> dt.date:
        return self._working_days(started_on, self.letter_within_working_days)

    def initial_meeting_due(self, letter_sent_on: dt.date) -> dt.date:
        return self._working_days(letter_sent_on, self.initial_meeting_within_working_days)

    def fgdm_meeting_due(self, accepted_on: dt.date) -> dt.date:
        return self._working_days(accepted_on, self.fgdm_meeting_within_working_days)

    def review_due(self, last_meeting_on: dt.date) -> dt.date:
        return last_meeting_on + dt.timedelta(weeks=self.review_interval_weeks)

    def decision_due(self, started_on: dt.date) -> dt.date:
        return started_on + dt.timedelta(weeks=self.decision_within_weeks)
