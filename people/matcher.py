"""The register's matching engine, as the people app uses it.

people owns the register; the matching app builds its keys from people's rows and so depends
on people. Its engine is plugged in here from MatchingConfig.ready(), so the dependency runs one
way (matching -> people) while people's actions keep the keys in step and its queries search.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ImproperlyConfigured


@dataclass(frozen=True)
class Engine:
    find: Callable[..., list[Any]]  # (record, *, limit, scope, population, threshold) -> matches
    refresh: Callable[[Iterable[int]], int]  # rebuild these people's stored keys
    forget: Callable[[Iterable[int]], None]  # drop these people's keys (merged away)
    assess: Callable[[dict, dict], Any]  # two records -> probability, band, reasons
    link_threshold: float  # the probability at and above which two records are one person


_engine: Engine | None = None


def plug_in(engine: Engine) -> None:
    global _engine
    _engine = engine


def engine() -> Engine:
    if _engine is None:
        raise ImproperlyConfigured("No matching engine: the matching app plugs one in")
    return _engine


def find(record: dict, **options: Any) -> list[Any]:
    return engine().find(record, **options)


def refresh(person_ids: Iterable[int]) -> int:
    return engine().refresh(person_ids)


def forget(person_ids: Iterable[int]) -> None:
    engine().forget(person_ids)


def assess(a: dict, b: dict) -> Any:
    return engine().assess(a, b)


def link_threshold() -> float:
    return engine().link_threshold
