"""Times as the GOV.UK style guide writes them: "7:07pm", "10am", "midday", "midnight",
with the day after: "7:07pm on 6 December 2026". One format everywhere (issue 17, point 7)."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone


def _local(value: dt.datetime | dt.time) -> dt.datetime | dt.time:
    if isinstance(value, dt.datetime) and timezone.is_aware(value):
        return timezone.localtime(value)
    return value


def time_text(value: dt.datetime | dt.time | None) -> str:
    """The time of day: 7:07pm, 10am, midday, midnight."""
    if value is None:
        return ""
    value = _local(value)
    hour, minute = value.hour, value.minute
    if minute == 0 and hour == 0:
        return "midnight"
    if minute == 0 and hour == 12:
        return "midday"
    twelve = hour % 12 or 12
    suffix = "am" if hour < 12 else "pm"
    return f"{twelve}:{minute:02d}{suffix}" if minute else f"{twelve}{suffix}"


def date_text(value: dt.date | dt.datetime | None, *, short: bool = False) -> str:
    """6 December 2026 (or 6 Dec 2026 when short)."""
    if value is None:
        return ""
    value = _local(value) if isinstance(value, dt.datetime) else value
    return f"{value.day} {value:%b %Y}" if short else f"{value.day} {value:%B %Y}"


def time_and_date(value: dt.datetime | None, *, short: bool = False) -> str:
    """7:07pm on 6 December 2026."""
    if value is None:
        return ""
    return f"{time_text(value)} on {date_text(value, short=short)}"
