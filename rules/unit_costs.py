"""Unit costs for the dashboards' cost-avoided figure (rules/data/unit_costs/): what a week of
care and an initial child protection conference cost, and the local assumptions the figure
applies to the children kept safely at home. Versioned like every rule set, so a figure can
say which costs it used."""

from __future__ import annotations

from dataclasses import dataclass

from .base import RuleSet, Values, kind


@kind("unit_costs")
@dataclass(frozen=True)
class UnitCosts(RuleSet):
    version: str
    week_of_care_pounds: int
    weeks_of_care: int
    care_share_percent: int
    icpc_pounds: int
    icpc_share_percent: int

    @classmethod
    def from_rules(cls, values: Values, **meta) -> UnitCosts:
        return cls(
            week_of_care_pounds=values.whole("week_of_care_pounds"),
            weeks_of_care=values.whole("weeks_of_care"),
            care_share_percent=values.whole("care_share_percent"),
            icpc_pounds=values.whole("icpc_pounds"),
            icpc_share_percent=values.whole("icpc_share_percent"),
            **meta,
        )

    def avoided_per_child(self) -> float:
        """Pounds avoided for each child kept safely at home, by the method shown."""
        care = self.care_share_percent / 100 * self.weeks_of_care * self.week_of_care_pounds
        icpc = self.icpc_share_percent / 100 * self.icpc_pounds
        return care + icpc
