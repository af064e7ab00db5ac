"""The front door's rules: its clocks and settings (rules/data/front_door/), routing
(rules/data/routing/) and the joined-up early-warning rule (rules/data/early_warning/). Every
contact records the front-door version, every routed decision the routing version."""

from __future__ import annotations

from dataclasses import dataclass

from .base import RuleSet, Values, kind


@kind("front_door")
@dataclass(frozen=True)
class FrontDoorSettings(RuleSet):
    version: str
    front_door_phone: str
    out_of_hours_phone: str
    emergency_phone: str
    decision_working_days: int
    near_breach_working_hours: float
    partner_info_working_hours: float
    partner_info_urgent_working_hours: float
    re_contact_days: int
    source_by_organisation_type: dict
    rag: dict

    def source_for(self, org_type: str) -> str:
        return self.source_by_organisation_type.get(org_type, "10")

    @classmethod
    def from_rules(cls, values: Values, **meta) -> FrontDoorSettings:
        return cls(
            front_door_phone=values.text("front_door_phone"),
            out_of_hours_phone=values.text("out_of_hours_phone"),
            emergency_phone=values.text("emergency_phone"),
            decision_working_days=values.whole("decision_working_days", minimum=1),
            near_breach_working_hours=values.number("near_breach_working_hours"),
            partner_info_working_hours=values.number("partner_info_working_hours"),
            partner_info_urgent_working_hours=values.number("partner_info_urgent_working_hours"),
            re_contact_days=values.whole("re_contact_days"),
            source_by_organisation_type=dict(values.mapping("source_by_organisation_type")),
            rag=dict(values.mapping("rag")),
            **meta,
        )


@dataclass(frozen=True)
class RoutingRule:
    id: str
    outcome: str
    team: str
    localities: tuple[str, ...] = ()
    levels: tuple[int, ...] = ()
    primary_needs: tuple[str, ...] = ()

    def matches(self, *, outcome: str, locality: str, level: int | None, need: str) -> bool:
        return (
            self.outcome == outcome
            and (not self.localities or locality in self.localities)
            and (not self.levels or level in self.levels)
            and (not self.primary_needs or need in self.primary_needs)
        )


def _routing_rules(value: list) -> tuple[RoutingRule, ...]:
    return tuple(
        RoutingRule(
            id=r["id"],
            outcome=r["outcome"],
            team=r["team"],
            localities=tuple(r.get("localities", ())),
            levels=tuple(int(v) for v in r.get("levels", ())),
            primary_needs=tuple(r.get("primary_needs", ())),
        )
        for r in value
    )


@kind("routing")
@dataclass(frozen=True)
class Routing(RuleSet):
    version: str
    rules: tuple[RoutingRule, ...]
    localities: tuple[str, ...]

    @classmethod
    def from_rules(cls, values: Values, **meta) -> Routing:
        return cls(
            rules=values.convert(
                "rules", _routing_rules, "a list of {id, outcome, team, [localities, levels, …]}"
            ),
            localities=tuple(values.items("localities")),
            **meta,
        )

    def route(self, *, outcome: str, locality: str, level: int | None, need: str = ""):
        """The first rule that matches, or None (the decision-maker then names the team)."""
        for rule in self.rules:
            if rule.matches(outcome=outcome, locality=locality, level=level, need=need):
                return rule
        return None


@kind("early_warning")
@dataclass(frozen=True)
class EarlyWarningRules(RuleSet):
    version: str
    window_days: int
    min_agencies: int
    attendance_threshold_percent: float
    signal_kinds: tuple[tuple[str, str], ...]

    def kind_label(self, code: str) -> str:
        return dict(self.signal_kinds).get(code, code)

    @classmethod
    def from_rules(cls, values: Values, **meta) -> EarlyWarningRules:
        return cls(
            window_days=values.whole("window_days", minimum=1),
            min_agencies=values.whole("min_agencies", minimum=1),
            attendance_threshold_percent=values.number("attendance_threshold_percent"),
            signal_kinds=values.convert(
                "signal_kinds",
                lambda v: tuple((k["code"], k["label"]) for k in v),
                "a list of {code, label}",
            ),
            **meta,
        )
