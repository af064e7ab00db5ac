"""Collection years of the Children in Need census: 1 April to 31 March (the reference date),
with the DfE validator's ruleset for each year."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from familyhub import errors

# The years whose census this app writes, and the DfE validator ruleset of each.
RULESETS = {2026: "cin2025_26", 2027: "cin2026_27"}


@dataclass(frozen=True)
class CollectionYear:
    """The census year ending on 31 March of `end_year` (2025-26 ends in 2026)."""

    end_year: int

    @property
    def start(self) -> dt.date:
        return dt.date(self.end_year - 1, 4, 1)

    @property
    def reference_date(self) -> dt.date:
        return dt.date(self.end_year, 3, 31)

    @property
    def label(self) -> str:
        return f"{self.end_year - 1}-{self.end_year % 100:02d}"

    @property
    def has_module_5(self) -> bool:
        """Module 5, pre-proceedings and FGDM, is collected from the 2026-27 census on."""
        return self.end_year >= 2027

    @property
    def ruleset(self) -> str:
        return RULESETS[self.end_year]

    def __str__(self) -> str:
        return self.label


BAD_YEAR = (
    "Enter the collection year as 2025-26 or as the year it ends (2026); "
    "the census can be written for {years}"
)


def supported() -> list[CollectionYear]:
    return [CollectionYear(y) for y in sorted(RULESETS)]


def parse(text: str) -> CollectionYear:
    """'2025-26', '2025_26' or '2026' (the year of the reference date, 31 March 2026)."""
    value = (text or "").strip()
    end: int | None = None
    if m := re.fullmatch(r"(\d{4})[-_/](\d{2}|\d{4})", value):
        first, second = int(m.group(1)), int(m.group(2))
        end = first + 1 if second % 100 == (first + 1) % 100 else None
    elif re.fullmatch(r"\d{4}", value):
        end = int(value)
    if end not in RULESETS:
        raise errors.RuleViolation(
            BAD_YEAR.format(years=", ".join(str(y) for y in supported())),
            field_errors={"year": [BAD_YEAR.format(years=", ".join(map(str, supported())))]},
        )
    return CollectionYear(end)
