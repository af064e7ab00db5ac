"""The shape every rule set shares: its version, when it takes effect, where it comes from.

A rule set is a frozen dataclass built from one data file. `RuleSet` carries the file's
metadata (keyword-only, with defaults, so tests may still build a rule set by hand); `kind`
registers the class under the rule-set name the data files use."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any, ClassVar, TypeVar


class RulesError(Exception):
    """A rule data file is missing, malformed or inconsistent, or a version is unknown."""


@dataclass(frozen=True, kw_only=True)
class RuleSet:
    effective_from: dt.date = field(default=dt.date.min, repr=False)
    title: str = field(default="", compare=False, repr=False)
    source: str = field(default="", compare=False, repr=False)
    sources: Mapping[str, str] = field(default_factory=dict, compare=False, repr=False)

    name: ClassVar[str] = ""

    @classmethod
    def from_rules(cls, values: Values, **meta: Any) -> RuleSet:
        raise NotImplementedError


KINDS: dict[str, type[RuleSet]] = {}

T = TypeVar("T", bound=type[RuleSet])


def kind(name: str) -> Callable[[T], T]:
    """Register a rule-set class under the name its data files carry."""

    def register(cls: T) -> T:
        cls.name = name
        KINDS[name] = cls
        return cls

    return register


class Values:
    """The `rules` of one data file, read with a check of type; every rule must be read."""

    def __init__(self, where: str, values: dict[str, Any]):
        self.where = where
        self._values = values
        self._read: set[str] = set()

    def _raw(self, key: str) -> Any:
        if key not in self._values:
            raise RulesError(f"{self.where}: rule {key!r} is missing")
        self._read.add(key)
        return self._values[key]

    def has(self, key: str) -> bool:
        """Whether the file gives this rule (for rules a later version added)."""
        return key in self._values

    def fail(self, key: str, problem: str) -> RulesError:
        return RulesError(f"{self.where}: rule {key!r} {problem}")

    def whole(self, key: str, *, minimum: int = 0) -> int:
        value = self._raw(key)
        if isinstance(value, bool) or not isinstance(value, int):
            raise self.fail(key, f"must be a whole number, not {value!r}")
        if value < minimum:
            raise self.fail(key, f"must be at least {minimum}, not {value}")
        return value

    def number(self, key: str) -> float:
        value = self._raw(key)
        if isinstance(value, bool) or not isinstance(value, int | float) or value < 0:
            raise self.fail(key, f"must be a number of at least 0, not {value!r}")
        return float(value)

    def text(self, key: str) -> str:
        value = self._raw(key)
        if not isinstance(value, str) or not value.strip():
            raise self.fail(key, f"must be some text, not {value!r}")
        return value

    def items(self, key: str) -> list:
        value = self._raw(key)
        if not isinstance(value, list):
            raise self.fail(key, f"must be a list, not {value!r}")
        return value

    def mapping(self, key: str) -> dict:
        value = self._raw(key)
        if not isinstance(value, dict):
            raise self.fail(key, f"must be a mapping, not {value!r}")
        return value

    def convert(self, key: str, parse: Callable[[Any], Any], expected: str) -> Any:
        value = self._raw(key)
        try:
            return parse(value)
        except (TypeError, ValueError, KeyError, LookupError) as exc:
            raise self.fail(key, f"must be {expected}, not {value!r} ({exc})") from exc

    def check_all_read(self) -> None:
        unknown = sorted(set(self._values) - self._read)
        if unknown:
            raise RulesError(f"{self.where}: unknown rule(s) {', '.join(map(repr, unknown))}")
