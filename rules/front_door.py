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
    # Added in 2026-1 (issue 17); earlier versions: only immediate risk made a contact urgent,
    # and an urgent contact ran on the ordinary working-day clock.
    urgent_when: tuple[str, ...] = ("immediate_risk",)
    urgent_decision_hours: float | None = None

    def source_for(self, org_type: str) -> str:
        return self.source_by_organisation_type.get(org_type, "10")

    def is_urgent(self, answers: dict[str, bool | None]) -> bool:
        """Whether the referrer's answers make a contact urgent (red, same-day clock): a yes
        to any question this version names in `urgent_when`."""
        return any(answers.get(question) for question in self.urgent_when)

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
            **_urgency(values),
            **meta,
        )


URGENT_QUESTIONS = frozenset({"immediate_risk", "disclosure"})


def _urgency(values: Values) -> dict:
    """The urgency rules, when the version gives them (2026-1 on)."""
    out: dict = {}
    if values.has("urgent_when"):
        out["urgent_when"] = values.convert(
            "urgent_when", _questions, f"a list of questions from {sorted(URGENT_QUESTIONS)}"
        )
    if values.has("urgent_decision_hours"):
        out["urgent_decision_hours"] = values.number("urgent_decision_hours")
    return out


def _questions(value: list) -> tuple[str, ...]:
    if not isinstance(value, list) or not set(value) <= URGENT_QUESTIONS:
        raise ValueError("unknown question")
    return tuple(value)


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
