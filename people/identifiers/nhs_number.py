"""NHS number: 10 digits, the last a modulus-11 check digit. Shown as 3-3-4.

Algorithm (NHS Data Dictionary; shared/docs/domain.md 5.8): weight digits 1-9 by 10..2 and
sum; check = 11 - (sum mod 11); 11 becomes 0; 10 means the number cannot be valid.
"""

from __future__ import annotations

import re

from django.core.exceptions import ValidationError

NOT_TEN_DIGITS = "Enter an NHS number with 10 digits, like 943 476 5919"
BAD_CHECK_DIGIT = (
    "Enter a valid NHS number – the last digit does not match the others, "
    "so one of the digits is probably wrong"
)
ALL_SAME = "Enter a real NHS number – it cannot be the same digit 10 times"

_SEPARATORS = re.compile(r"[\s\-]")


def normalise(value: str) -> str:
    """Strip spaces and hyphens (people type 943 476 5919 or 943-476-5919)."""
    return _SEPARATORS.sub("", value or "")


def check_digit(first_nine: str) -> int | None:
    """The check digit for nine digits, or None when no check digit can make them valid."""
    total = sum(int(d) * w for d, w in zip(first_nine, range(10, 1, -1), strict=True))
    check = 11 - (total % 11)
    if check == 11:
        return 0
    if check == 10:
        return None
    return check


def validate(value: str) -> str:
    """Return the normalised number or raise ValidationError with a plain message."""
    digits = normalise(value)
    if not re.fullmatch(r"[0-9]{10}", digits):
        raise ValidationError(NOT_TEN_DIGITS, code="nhs_number_format")
    if len(set(digits)) == 1:
        raise ValidationError(ALL_SAME, code="nhs_number_repeated")
    if check_digit(digits[:9]) != int(digits[9]):
        raise ValidationError(BAD_CHECK_DIGIT, code="nhs_number_check_digit")
    return digits


def is_valid(value: str) -> bool:
    try:
        validate(value)
    except ValidationError:
        return False
    return True


def display(value: str) -> str:
    digits = normalise(value)
    if len(digits) != 10:
        return value or ""
    return f"{digits[:3]} {digits[3:6]} {digits[6:]}"
