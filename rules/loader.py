"""The one loader: every rule set, every version, read from rules/data/<name>/<version>.json.

A data file is

    {
      "name": "timescales",                 # the folder it sits in
      "version": "wt2023-demo-2",           # the file's name; recorded on what it shapes
      "effective_from": "2023-12-15",       # in force from this day until a later version
      "title": "…",
      "source": "…",                        # where the set as a whole comes from
      "rules": {"assessment_working_days": {"value": 45, "source": "Working Together …"}, …}
    }

Every rule names its source in words. Files are validated when first read: a bad file raises
`RulesError` naming the file and the rule. Versions of one rule set are ordered by
`effective_from`; `version_for(name, on=day)` is the newest in force on that day, `current`
is the one in force today, `get(name, version)` is the version a record was made under (so a
case keeps the rules it started under when a new version takes effect).
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator
from contextlib import contextmanager
from functools import cache
from pathlib import Path
from typing import Any

from django.utils import timezone

from .base import KINDS, RulesError, RuleSet, Values

DATA_DIR = Path(__file__).parent / "data"
ENVELOPE = {"name", "version", "effective_from", "title", "source", "rules"}
REQUIRED = ENVELOPE - {"title"}

_extra_dirs: tuple[Path, ...] = ()


def read_file(path: Path) -> RuleSet:
    """One data file, validated, as its rule set."""
    where = f"{path.parent.name}/{path.name}"
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise RulesError(f"{where}: cannot be read as JSON ({exc})") from exc
    if not isinstance(data, dict):
        raise RulesError(f"{where}: must hold one JSON object")
    missing, unknown = sorted(REQUIRED - set(data)), sorted(set(data) - ENVELOPE)
    if missing:
        raise RulesError(f"{where}: missing {', '.join(missing)}")
    if unknown:
        raise RulesError(f"{where}: unknown field(s) {', '.join(unknown)}")
    name, version = data["name"], data["version"]
    if name != path.parent.name:
        raise RulesError(f"{where}: name {name!r} does not match its folder")
    if version != path.stem:
        raise RulesError(f"{where}: version {version!r} does not match the file name")
    cls = KINDS.get(name)
    if cls is None:
        raise RulesError(f"{where}: no rule set is called {name!r} (known: {sorted(KINDS)})")
    try:
        effective_from = dt.date.fromisoformat(data["effective_from"])
    except (TypeError, ValueError) as exc:
        raise RulesError(f"{where}: effective_from must be a date (YYYY-MM-DD)") from exc
    if not isinstance(data["source"], str) or not data["source"].strip():
        raise RulesError(f"{where}: the rule set must name its source")
    values, sources = _rules(where, data["rules"])
    reader = Values(where, values)
    ruleset = cls.from_rules(
        reader,
        version=version,
        effective_from=effective_from,
        title=data.get("title", ""),
        source=data["source"],
        sources=sources,
    )
    reader.check_all_read()
    return ruleset


def _rules(where: str, rules: Any) -> tuple[dict[str, Any], dict[str, str]]:
    if not isinstance(rules, dict) or not rules:
        raise RulesError(f"{where}: rules must be a non-empty mapping")
    values, sources = {}, {}
    for key, rule in rules.items():
        if not isinstance(rule, dict) or set(rule) != {"value", "source"}:
            raise RulesError(f"{where}: rule {key!r} must be {{'value': …, 'source': …}}")
        if not isinstance(rule["source"], str) or not rule["source"].strip():
            raise RulesError(f"{where}: rule {key!r} must name its source")
        values[key], sources[key] = rule["value"], rule["source"]
    return values, sources


def read_dirs(dirs: tuple[Path, ...]) -> dict[str, tuple[RuleSet, ...]]:
    """Every version of every rule set under `dirs`, each set ordered by effective_from."""
    found: dict[str, dict[str, RuleSet]] = {}
    for base in dirs:
        for path in sorted(Path(base).glob("*/*.json")):
            ruleset = read_file(path)
            versions = found.setdefault(ruleset.name, {})
            if ruleset.version in versions:
                raise RulesError(f"{ruleset.name}: version {ruleset.version!r} is given twice")
            versions[ruleset.version] = ruleset
    library = {}
    for name, versions in found.items():
        ordered = tuple(sorted(versions.values(), key=lambda r: r.effective_from))
        days = [r.effective_from for r in ordered]
        if len(set(days)) != len(days):
            raise RulesError(f"{name}: two versions take effect on the same day")
        library[name] = ordered
    absent = sorted(set(KINDS) - set(library))
    if absent:
        raise RulesError(f"no data file for rule set(s) {', '.join(absent)} in {dirs}")
    return library


@cache
def library() -> dict[str, tuple[RuleSet, ...]]:
    return read_dirs((DATA_DIR, *_extra_dirs))


def versions(name: str) -> tuple[RuleSet, ...]:
    """Every version of one rule set, oldest first."""
    try:
        return library()[name]
    except KeyError:
        raise RulesError(f"no rule set is called {name!r}") from None


def version_for(name: str, on: dt.date) -> Any:
    """The version of `name` in force on `on`: the newest that took effect on or before it."""
    in_force = [r for r in versions(name) if r.effective_from <= on]
    if not in_force:
        raise RulesError(f"no version of {name} is in force on {on:%Y-%m-%d}")
    return in_force[-1]


def current(name: str) -> Any:
    """The version of `name` in force today (Europe/London)."""
    return version_for(name, timezone.localdate())


def get(name: str, version: str) -> Any:
    """The version a record was made under."""
    for ruleset in versions(name):
        if ruleset.version == version:
            return ruleset
    raise RulesError(f"{name} has no version {version!r}")


@contextmanager
def data_added(*dirs: Path) -> Iterator[None]:
    """Read extra data folders as well (tests: a later version as test data)."""
    global _extra_dirs
    before = _extra_dirs
    _extra_dirs = before + tuple(Path(d) for d in dirs)
    library.cache_clear()
    try:
        yield
    finally:
        _extra_dirs = before
        library.cache_clear()
