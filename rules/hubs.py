"""Family hub sessions (rules/data/hub_sessions/): how long a freed place is held for the
family it is offered to; from local-2026-2, how many self-referrals one connection may send in
an hour, the age of the health visitor's two-year review, and the Best Start local plan's
reach targets for the year."""

from __future__ import annotations

from dataclasses import dataclass, field

from .base import RuleSet, Values, kind

TARGET_MEASURES = (
    "families_reached",
    "children_reached",
    "children_0_5_reached",
    "first_time_families_percent",
    "most_deprived_families_percent",
    "seen_before_two_year_review_percent",
)


@kind("hub_sessions")
@dataclass(frozen=True)
class HubSessionRules(RuleSet):
    version: str
    offer_hours: int
    self_referrals_per_hour: int = 5
    two_year_review_months: int = 24
    reach_targets: dict[str, int] = field(default_factory=dict)

    @classmethod
    def from_rules(cls, values: Values, **meta) -> HubSessionRules:
        extra: dict = {}
        if values.has("self_referrals_per_hour"):
            extra["self_referrals_per_hour"] = values.whole("self_referrals_per_hour", minimum=1)
        if values.has("two_year_review_months"):
            extra["two_year_review_months"] = values.whole("two_year_review_months", minimum=1)
        if values.has("reach_targets"):
            targets = values.mapping("reach_targets")
            unknown = sorted(set(targets) - set(TARGET_MEASURES))
            if unknown:
                raise values.fail("reach_targets", f"names unknown measures {unknown}")
            if any(
                isinstance(v, bool) or not isinstance(v, int) or v < 0 for v in targets.values()
            ):
                raise values.fail("reach_targets", "must give each target as a whole number")
            extra["reach_targets"] = dict(targets)
        return cls(offer_hours=values.whole("offer_hours", minimum=1), **extra, **meta)
