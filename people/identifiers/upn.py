"""Unique Pupil Number (UPN): 13 characters, position 1 a check letter.

GDSC UPN v2.0 (shared/docs/domain.md 5.8): positions 2-4 the LA number, 5-8 establishment,
9-10 year of allocation, 11-13 serial. Check letter = sum(char value x position) for positions
2..13, mod 23, mapped to ABCDEFGHJKLMNPQRTUVWXYZ (no I, O or S). A temporary UPN has a letter
at position 13, counted as its index in that alphabet.
"""

from __future__ import annotations

import re

from django.core.exceptions import ValidationError

import codelists

ALPHABET = "ABCDEFGHJKLMNPQRTUVWXYZ"

WRONG_LENGTH = "Enter a UPN with 13 characters, like R801200101001"
BAD_FORMAT = (
    "Enter a UPN that starts with a letter followed by 11 digits and ends with a digit or a letter"
)
BAD_CHECK_LETTER = (
    "Enter a valid UPN – the first letter does not match the other characters, "
    "so one of them is probably wrong"
)

BAD_LA_NUMBER = (
    "Enter a valid UPN – characters 2 to 4 ({number}) are not a recognised local authority number"
)

_PATTERN = re.compile(rf"[{ALPHABET}][0-9]{{11}}[0-9{ALPHABET}]")


def normalise(value: str) -> str:
    return re.sub(r"\s", "", value or "").upper()


def _char_value(ch: str) -> int:
    return int(ch) if ch.isdigit() else ALPHABET.index(ch)


def check_letter(last_twelve: str) -> str:
    total = sum(_char_value(ch) * pos for pos, ch in enumerate(last_twelve, start=2))
    return ALPHABET[total % 23]


def validate(value: str) -> str:
    upn = normalise(value)
    if len(upn) != 13:
        raise ValidationError(WRONG_LENGTH, code="upn_length")
    if not _PATTERN.fullmatch(upn):
        raise ValidationError(BAD_FORMAT, code="upn_format")
    if check_letter(upn[1:]) != upn[0]:
        raise ValidationError(BAD_CHECK_LETTER, code="upn_check_letter")
    if not codelists.is_valid("la_number", upn[1:4]):
        # DfE's CIN census rule 1530 (returns/tests/test_entry_rules.py keeps the two in step)
        raise ValidationError(BAD_LA_NUMBER.format(number=upn[1:4]), code="upn_la_number")
    return upn


def is_valid(value: str) -> bool:
    try:
        validate(value)
    except ValidationError:
        return False
    return True


def is_temporary(value: str) -> bool:
    return normalise(value)[-1:].isalpha()


def make(la: int, establishment: int, year: int, serial: int) -> str:
    """Build a valid permanent UPN (used by the demo borough and tests)."""
    body = f"{la:03d}{establishment:04d}{year % 100:02d}{serial:03d}"
    return check_letter(body) + body
