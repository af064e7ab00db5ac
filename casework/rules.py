"""Statutory timescales and the out-of-hours arrangement, as versioned data files under
casework/data/. Every clock and decision records the version it was made under.

All working-day arithmetic goes through calendar_rules.working_days (England & Wales bank
holidays, shared with the front door)."""

from __future__ import annotations

import calendar as _calendar
import datetime as dt
import json
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from calendar_rules.working_days import calendar

DATA_DIR = Path(__file__).parent / "data"
TIMESCALES_FILE = "timescales-wt2023.json"
OUT_OF_HOURS_FILE = "out_of_hours-demo.json"


@dataclass(frozen=True)
class Timescales:
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

    # --- the clocks -------------------------------------------------------------------------
    def assessment_due(self, referral_date: dt.date) -> dt.date:
        return calendar().add_working_days(referral_date, self.assessment_working_days)

    def icpc_due(self, strategy_discussion_on: dt.date) -> dt.date:
        return calendar().add_working_days(strategy_discussion_on, self.icpc_working_days)

    def first_core_group_due(self, icpc_on: dt.date) -> dt.date:
        return calendar().add_working_days(icpc_on, self.first_core_group_working_days)

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
        return calendar().add_working_days(proposed_on, self.step_down_acceptance_working_days)

    def sustained_outcome_check_due(self, closed_on: dt.date) -> dt.date:
        """Supporting Families: outcomes must be sustained this long after an early help
        episode closes with needs met."""
        return add_months(closed_on, self.sustained_outcome_check_months)

    def re_referral_window_start(self, referral_date: dt.date) -> dt.date:
        return add_months(referral_date, -self.re_referral_window_months)


def add_months(day: dt.date, months: int) -> dt.date:
    """Calendar months, clamped to the month's last day (31 Jan + 1 month = 28/29 Feb)."""
    index = day.year * 12 + (day.month - 1) + months
    year, month = divmod(index, 12)
    last = _calendar.monthrange(year, month + 1)[1]
    return dt.date(year, month + 1, min(day.day, last))


@cache
def timescales() -> Timescales:
    data = json.loads((DATA_DIR / TIMESCALES_FILE).read_text(encoding="utf-8"))
    national, local = data["national"], data["local"]
    return Timescales(
        version=data["version"],
        assessment_working_days=national["assessment_working_days"],
        icpc_working_days=national["icpc_working_days_after_strategy_discussion"],
        first_core_group_working_days=national["first_core_group_working_days_after_icpc"],
        first_rcpc_months=national["first_rcpc_months_after_icpc"],
        later_rcpc_months=national["later_rcpc_months"],
        core_group_interval_weeks=local["core_group_interval_weeks"],
        cin_review_interval_weeks=local["cin_review_interval_weeks"],
        eh_review_interval_weeks=local["eh_review_interval_weeks"],
        step_down_acceptance_working_days=local["step_down_acceptance_working_days"],
        re_referral_window_months=local["re_referral_window_months"],
        sustained_outcome_check_months=data["supporting_families"][
            "sustained_outcome_check_months_after_closure"
        ],
    )


@dataclass(frozen=True)
class OutOfHours:
    version: str
    edt_name: str
    edt_phone: str
    edt_hours: str
    emergency: str
    hub_note: str


@cache
def out_of_hours() -> OutOfHours:
    data = json.loads((DATA_DIR / OUT_OF_HOURS_FILE).read_text(encoding="utf-8"))
    edt = data["emergency_duty_team"]
    return OutOfHours(
        version=data["version"],
        edt_name=edt["name"],
        edt_phone=edt["phone"],
        edt_hours=edt["hours"],
        emergency=data["emergency"],
        hub_note=data["hub_evening_weekend_note"],
    )
