"""Small-number suppression for published figures (counts of children shared beyond those who
work with them: the partnership's annual report, counts by agency).

A count from 1 to 4 is shown as "fewer than 5" (0 is shown: nobody can be identified from it).
Where a total is shown, one suppressed cell could be worked out from the others, so when a
list has exactly one suppressed cell the next smallest count is withheld as well (secondary
suppression), and its text says so. Shares are given only for counts that are shown and not
0. Pure: no Django."""

from __future__ import annotations

from dataclasses import dataclass

THRESHOLD = 5
FEWER_THAN = f"fewer than {THRESHOLD}"
WITHHELD = "withheld"


@dataclass(frozen=True)
class Cell:
    value: int | None  # None when suppressed
    text: str
    share: float | None = None  # percent of the list's total, when shown

    @property
    def suppressed(self) -> bool:
        return self.value is None

    @property
    def share_text(self) -> str:
        return "" if self.share is None else f"{self.share:g}%"


def is_small(n: int) -> bool:
    return 0 < n < THRESHOLD


def suppress(counts: list[int]) -> list[Cell]:
    """Each count as a cell, with small numbers suppressed and, where one alone would be, the
    next smallest withheld too."""
    total = sum(counts)
    hidden = {i for i, n in enumerate(counts) if is_small(n)}
    secondary: set[int] = set()
    if len(hidden) == 1 and len(counts) > 1:
        shown = [(n, i) for i, n in enumerate(counts) if i not in hidden and n > 0]
        if shown:
            secondary.add(min(shown)[1])
    cells = []
    for i, n in enumerate(counts):
        if i in hidden:
            cells.append(Cell(None, FEWER_THAN))
        elif i in secondary:
            cells.append(Cell(None, WITHHELD))
        else:
            share = round(100.0 * n / total, 1) if total and n else None
            cells.append(Cell(n, str(n), share))
    return cells
