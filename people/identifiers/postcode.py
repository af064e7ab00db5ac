"""UK postcodes: normalised to upper case with one space before the inward code."""

from __future__ import annotations

import re

from django.core.exceptions import ValidationError

INVALID = "Enter a real postcode, like SW1A 1AA"
_PATTERN = re.compile(r"^([A-Z]{1,2}\d[A-Z\d]?)(\d[A-Z]{2})$")


def normalise(value: str) -> str:
    compact = re.sub(r"\s", "", value or "").upper()
    match = _PATTERN.match(compact)
    if not match:
        return compact
    return f"{match.group(1)} {match.group(2)}"


def validate(value: str) -> str:
    compact = re.sub(r"\s", "", value or "").upper()
    if not _PATTERN.match(compact):
        raise ValidationError(INVALID, code="postcode")
    return normalise(compact)


def sector(value: str) -> str:
    """'E17 4AB' -> 'E17 4' (a blocking key for matching)."""
    pc = normalise(value)
    return pc[:-2] if " " in pc else ""
