"""Statutory clocks: opened, met and stopped by the episode, meeting and step actions."""

from __future__ import annotations

import datetime as dt

from ..models import (
    Episode,
    StatutoryClock,
)
from ..rules import timescales


def _open_clock(episode: Episode, kind: str, starts_on: dt.date, due_on: dt.date):
    return StatutoryClock.objects.create(
        episode=episode,
        family_id=episode.family_id,
        kind=kind,
        starts_on=starts_on,
        due_on=due_on,
        rules_version=timescales().version,
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
