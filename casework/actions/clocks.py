"""Statutory clocks: opened, met and stopped by the episode, meeting and step actions."""

from __future__ import annotations

import datetime as dt

import rules

from ..models import (
    Episode,
    StatutoryClock,
)


def timescales_of(episode: Episode) -> rules.Timescales:
    """The timescales an episode runs under: the version it was opened under, kept when a new
    version takes effect (the version in force for an episode made without one, as by a
    factory)."""
    if episode.rules_version:
        return rules.get("timescales", episode.rules_version)
    return rules.current("timescales")


def timescales_for_start(started_on: dt.date | None) -> rules.Timescales:
    """The timescales a new case runs under: the version in force on the day it started (its
    referral, or the strategy discussion), so a case started in 2025 keeps Working Together
    2023 when it is recorded late, and one started after Working Together 2026 took effect
    runs under it. Without a start date, the version in force today; before the first version
    took effect, the first."""
    if started_on is None:
        return rules.current("timescales")
    earliest = rules.versions("timescales")[0]
    if started_on < earliest.effective_from:  # a case older than any version we hold
        started_on = earliest.effective_from
    return rules.version_for("timescales", on=started_on)


def _open_clock(episode: Episode, kind: str, starts_on: dt.date, due_on: dt.date):
    return StatutoryClock.objects.create(
        episode=episode,
        family_id=episode.family_id,
        kind=kind,
        starts_on=starts_on,
        due_on=due_on,
        rules_version=timescales_of(episode).version,
    )


def _meet_clocks(episode: Episode, kinds, on: dt.date, late_reason: str = "") -> None:
    StatutoryClock.objects.running().filter(episode=episode, kind__in=list(kinds)).update(
        met_on=on, late_reason=late_reason
    )


def _stop_clocks(episode: Episode, on: dt.date, kinds=None) -> None:
    clocks = StatutoryClock.objects.running().filter(episode=episode)
    if kinds is not None:
        clocks = clocks.filter(kind__in=list(kinds))
    clocks.update(stopped_on=on)
