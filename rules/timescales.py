"""Statutory and local timescales for casework (rules/data/timescales/), and the out-of-hours
arrangement shown with them (rules/data/out_of_hours/). Every clock and decision records the
timescales version it was made under; an episode keeps the version it was opened under."""

from __future__ import annotations

import calendar as _calendar
import datetime as dt
from dataclasses import dataclass

from . import loader
from .base import RuleSet, Values, kind


def add_months(day: dt.date, months: int) -> dt.date:
    """Calendar months, clamped to the month's last day (31 Jan + 1 month = 28/29 Feb)."""
    index = day.year * 12 + (day.month - 1) + months
    year, month = divmod(index, 12)
    last = _calendar.monthrange(year, month + 1)[1]
    return dt.date(year, month + 1, min(day.day, last))


def _calendar_in_force():
    return loader.current("working_calendar")


@kind("timescales")
@dataclass(frozen=True)
class Timescales(RuleSet):
    version: str
    assessment_working_days: int
    icpc_working_days: int
    first_core_group_working_days: int
    first_rcpc_months: int
    later_rcpc_months: int
    core_group_interval_weeks: int
    cin_review_interval_weeks: int
    eh_review_interval_weeks: int
    step_down_acceptance_working_days: int
    re_referral_window_months: int
    sustained_outcome_check_months: int
    # Unborn children (from Working Together 2026): None in a version without pre-birth timings.
    pre_birth_assessment_weeks_before_due: int | None = None
    pre_birth_icpc_weeks_before_due: int | None = None

    @classmethod
    def from_rules(cls, values: Values, **meta) -> Timescales:
        names = [f for f in cls.__dataclass_fields__ if f not in _META_FIELDS]
        optional = {f for f in names if f.startswith("pre_birth_")}
        return cls(
            **{
                name: values.whole(name, minimum=1)
                for name in names
                if name not in optional or values.has(name)
            },
            **meta,
        )

    @property
    def has_pre_birth_timings(self) -> bool:
        return self.pre_birth_assessment_weeks_before_due is not None

    # --- the clocks -------------------------------------------------------------------------
    def assessment_due(self, referral_date: dt.date) -> dt.date:
        return _calendar_in_force().add_working_days(referral_date, self.assessment_working_days)

    def icpc_due(self, strategy_discussion_on: dt.date) -> dt.date:
        return _calendar_in_force().add_working_days(strategy_discussion_on, self.icpc_working_days)

    def pre_birth_assessment_due(self, referral_date: dt.date, expected_birth: dt.date) -> dt.date:
        """An unborn child's assessment: the set weeks before the expected date of birth, or the
        usual working days from referral if sooner (never before the referral itself)."""
        usual = self.assessment_due(referral_date)
        if self.pre_birth_assessment_weeks_before_due is None:
            return usual
        by_birth = expected_birth - dt.timedelta(weeks=self.pre_birth_assessment_weeks_before_due)
        return max(min(usual, by_birth), referral_date)

    def pre_birth_icpc_due(
        self, strategy_discussion_on: dt.date, expected_birth: dt.date
    ) -> dt.date:
        """An unborn child's initial conference: the set weeks before the expected date of birth,
        or the usual working days from the strategy discussion if sooner."""
        usual = self.icpc_due(strategy_discussion_on)
        if self.pre_birth_icpc_weeks_before_due is None:
            return usual
        by_birth = expected_birth - dt.timedelta(weeks=self.pre_birth_icpc_weeks_before_due)
        return max(min(usual, by_birth), strategy_discussion_on)

    def first_core_group_due(self, icpc_on: dt.date) -> dt.date:
        return _calendar_in_force().add_working_days(icpc_on, self.first_core_group_working_days)

    def core_group_due(self, last_on: dt.date) -> dt.date:
        return last_on + dt.timedelta(weeks=self.core_group_interval_weeks)

    def first_rcpc_due(self, icpc_on: dt.date) -> dt.date:
        return add_months(icpc_on, self.first_rcpc_months)

    def later_rcpc_due(self, last_rcpc_on: dt.date) -> dt.date:
        return add_months(last_rcpc_on, self.later_rcpc_months)

    def cin_review_due(self, last_on: dt.date) -> dt.date:
        return last_on + dt.timedelta(weeks=self.cin_review_interval_weeks)

    def eh_review_due(self, last_on: dt.date) -> dt.date:
        return last_on + dt.timedelta(weeks=self.eh_review_interval_weeks)

    def step_down_accept_by(self, proposed_on: dt.date) -> dt.date:
        return _calendar_in_force().add_working_days(
            proposed_on, self.step_down_acceptance_working_days
        )

    def sustained_outcome_check_due(self, closed_on: dt.date) -> dt.date:
        """Supporting Families: outcomes must be sustained this long after an early help
        episode closes with needs met."""
        return add_months(closed_on, self.sustained_outcome_check_months)

    def re_referral_window_start(self, referral_date: dt.date) -> dt.date:
        return add_months(referral_date, -self.re_referral_window_months)


_META_FIELDS = {"version", *RuleSet.__dataclass_fields__}


@kind("out_of_hours")
@dataclass(frozen=True)
class OutOfHours(RuleSet):
    version: str
    edt_name: str
    edt_phone: str
    edt_hours: str
    emergency: str
    hub_note: str

    @classmethod
    def from_rules(cls, values: Values, **meta) -> OutOfHours:
        names = [f for f in cls.__dataclass_fields__ if f not in _META_FIELDS]
        return cls(**{name: values.text(name) for name in names}, **meta)
