"""The front door's rules, as versioned data files under frontdoor/data/ (rules are data).

- The continuum of need (continuum-<partnership>-<version>.json) is loaded into the
  Continuum table: one row per version, never edited in place. A decision points at the row
  it was made under, so it keeps its meaning after a new version is loaded.
- Routing rules, early-warning settings and the front door's own settings (phone numbers,
  clocks) are read from their newest file; every record they shape stores the file's version.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from familyhub import errors

DATA_DIR = Path(__file__).parent / "data"

CONTINUUM_CHANGED = (
    "Continuum {partnership} version {version} is already loaded with different content. "
    "A continuum is never changed in place: give the new text a new version."
)


# --- Continuum of need ------------------------------------------------------------------------


def continuum_files(data_dir: Path = DATA_DIR) -> list[Path]:
    return sorted(data_dir.glob("continuum-*.json"))


def read_continuum_file(path: Path) -> dict:
    raw = path.read_bytes()
    data = json.loads(raw.decode("utf-8"))
    levels = sorted(int(level["level"]) for level in data["levels"])
    if not levels or levels != list(range(1, len(levels) + 1)):
        raise errors.RuleViolation(f"{path.name}: levels must be numbered 1, 2, 3 …")
    codes = [i["code"] for g in data["indicator_groups"] for i in g["indicators"]]
    if len(codes) != len(set(codes)):
        raise errors.RuleViolation(f"{path.name}: indicator codes must be unique")
    sign_off = data.get("manager_sign_off") or {}
    return {
        "partnership": data["partnership"],
        "version": data["version"],
        "title": data["title"],
        "effective_from": dt.date.fromisoformat(data["effective_from"]),
        "source": data.get("source", ""),
        "levels": data["levels"],
        "indicator_groups": data["indicator_groups"],
        "sign_off_from_level": sign_off.get("from_level") if sign_off.get("required") else None,
        "source_file": path.name,
        "content_hash": hashlib.sha256(raw).hexdigest(),
    }


def load_continuum_file(continuum_model, path: Path) -> tuple[object, bool]:
    """Load one file into the Continuum table. Returns (row, created). Loading the same
    version again is a no-op; the same version with different content is refused."""
    fields = read_continuum_file(path)
    existing = continuum_model.objects.filter(
        partnership=fields["partnership"], version=fields["version"]
    ).first()
    if existing is not None:
        if existing.content_hash != fields["content_hash"]:
            raise errors.RuleViolation(
                CONTINUUM_CHANGED.format(
                    partnership=fields["partnership"], version=fields["version"]
                )
            )
        return existing, False
    return continuum_model.objects.create(**fields), True


def load_all_continua(continuum_model, data_dir: Path = DATA_DIR) -> list[tuple[object, bool]]:
    return [load_continuum_file(continuum_model, p) for p in continuum_files(data_dir)]


# --- Versioned settings files ------------------------------------------------------------------


def _newest(prefix: str) -> dict:
    files = sorted(DATA_DIR.glob(f"{prefix}-*.json"))
    if not files:
        raise FileNotFoundError(f"No {prefix}-*.json in {DATA_DIR}")
    data = json.loads(files[-1].read_text(encoding="utf-8"))
    data["_file"] = files[-1].name
    return data


@dataclass(frozen=True)
class FrontDoorSettings:
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


@cache
def front_door() -> FrontDoorSettings:
    d = _newest("front-door")
    return FrontDoorSettings(
        version=d["version"],
        front_door_phone=d["front_door_phone"],
        out_of_hours_phone=d["out_of_hours_phone"],
        emergency_phone=d["emergency_phone"],
        decision_working_days=int(d["decision_working_days"]),
        near_breach_working_hours=float(d["near_breach_working_hours"]),
        partner_info_working_hours=float(d["partner_info_working_hours"]),
        partner_info_urgent_working_hours=float(d["partner_info_urgent_working_hours"]),
        re_contact_days=int(d["re_contact_days"]),
        source_by_organisation_type=dict(d["source_by_organisation_type"]),
        rag=dict(d["rag"]),
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


@dataclass(frozen=True)
class Routing:
    version: str
    rules: tuple[RoutingRule, ...]
    localities: tuple[str, ...]

    def route(self, *, outcome: str, locality: str, level: int | None, need: str = ""):
        """The first rule that matches, or None (the decision-maker then names the team)."""
        for rule in self.rules:
            if rule.matches(outcome=outcome, locality=locality, level=level, need=need):
                return rule
        return None


def routing_from_dict(d: dict) -> Routing:
    return Routing(
        version=d["version"],
        rules=tuple(
            RoutingRule(
                id=r["id"],
                outcome=r["outcome"],
                team=r["team"],
                localities=tuple(r.get("localities", ())),
                levels=tuple(int(v) for v in r.get("levels", ())),
                primary_needs=tuple(r.get("primary_needs", ())),
            )
            for r in d["rules"]
        ),
        localities=tuple(d.get("localities", ())),
    )


@cache
def routing() -> Routing:
    return routing_from_dict(_newest("routing"))


@dataclass(frozen=True)
class EarlyWarningRules:
    version: str
    window_days: int
    min_agencies: int
    attendance_threshold_percent: float
    signal_kinds: tuple[tuple[str, str], ...]

    def kind_label(self, code: str) -> str:
        return dict(self.signal_kinds).get(code, code)


def early_warning_from_dict(d: dict) -> EarlyWarningRules:
    return EarlyWarningRules(
        version=d["version"],
        window_days=int(d["window_days"]),
        min_agencies=int(d["min_agencies"]),
        attendance_threshold_percent=float(d["attendance_threshold_percent"]),
        signal_kinds=tuple((k["code"], k["label"]) for k in d["signal_kinds"]),
    )


@cache
def early_warning() -> EarlyWarningRules:
    return early_warning_from_dict(_newest("early-warning"))
