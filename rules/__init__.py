"""Rules as data, in one place: one versioned package, one loader (see docs/decisions/0008).

    import rules
    rules.current("timescales")                      # the version in force today
    rules.version_for("timescales", on=some_day)     # the version in force on a day
    rules.get("timescales", episode.rules_version)   # the version a record was made under

Rule sets (each a folder under rules/data/, one JSON file per version, every rule with its
source): timescales, out_of_hours, working_calendar, front_door, routing, early_warning,
subject_access, break_glass, retention, hub_sessions, pre_proceedings, unit_costs. This
package imports no FamilyHub app.
"""

from __future__ import annotations

from .base import RulesError, RuleSet
from .calendar import WorkingCalendar
from .front_door import EarlyWarningRules, FrontDoorSettings, Routing, RoutingRule
from .governance import BreakGlassRules, RetentionRules, SubjectAccessRules
from .hubs import HubSessionRules
from .loader import current, data_added, get, read_file, version_for, versions
from .pre_proceedings import PreProceedingsRules
from .timescales import OutOfHours, Timescales, add_months
from .unit_costs import UnitCosts


def calendar() -> WorkingCalendar:
    """The working calendar in force today (working days, hours, bank holidays)."""
    return current("working_calendar")


__all__ = [
    "BreakGlassRules",
    "EarlyWarningRules",
    "FrontDoorSettings",
    "HubSessionRules",
    "OutOfHours",
    "PreProceedingsRules",
    "RetentionRules",
    "Routing",
    "RoutingRule",
    "RuleSet",
    "RulesError",
    "SubjectAccessRules",
    "Timescales",
    "UnitCosts",
    "WorkingCalendar",
    "add_months",
    "calendar",
    "current",
    "data_added",
    "get",
    "read_file",
    "version_for",
    "versions",
]
