"""Family hub sessions (rules/data/hub_sessions/): how long a freed place is held for the
family it is offered to."""

from __future__ import annotations

from dataclasses import dataclass

from .base import RuleSet, Values, kind


@kind("hub_sessions")
@dataclass(frozen=True)
class HubSessionRules(RuleSet):
    version: str
    offer_hours: int

    @classmethod
    def from_rules(cls, values: Values, **meta) -> HubSessionRules:
        return cls(offer_hours=values.whole("offer_hours", minimum=1), **meta)
