"""A page of a long list without counting the whole of it (issue 16, "Load").

Django's Paginator counts every row the list could show to number its pages; for a queue or a
caseload that is a count over everything visible on every request. A worker needs the first
page and a "Next" link (the GOV.UK pagination pattern's previous and next links), so a page
asks for one row more than it shows: if that row is there, there is a next page.

    page = page_of(queryset, request.GET.get("page"), size=PAGE_SIZE)
    page.rows, page.has_next, page.next_page_number, page.start, page.end

The template web/_pagination.html draws the links.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

PAGE_SIZE = 50


def page_number(text: str | None) -> int:
    """The page asked for: a whole number from 1; anything else is the first page."""
    try:
        number = int(text or 1)
    except (TypeError, ValueError):
        return 1
    return max(number, 1)


@dataclass
class Page:
    rows: list[Any]
    number: int
    size: int
    has_next: bool

    def __iter__(self):
        return iter(self.rows)

    def __getitem__(self, index):
        return self.rows[index]

    def __len__(self) -> int:
        return len(self.rows)

    def __bool__(self) -> bool:
        return bool(self.rows)

    @property
    def has_previous(self) -> bool:
        return self.number > 1

    @property
    def has_other_pages(self) -> bool:
        return self.has_previous or self.has_next

    @property
    def previous_page_number(self) -> int:
        return self.number - 1

    @property
    def next_page_number(self) -> int:
        return self.number + 1

    @property
    def start(self) -> int:
        """The position of the page's first row in the whole list (from 1)."""
        return (self.number - 1) * self.size + 1 if self.rows else 0

    @property
    def end(self) -> int:
        return (self.number - 1) * self.size + len(self.rows)


def page_of(rows: Sequence[Any], number: int | str | None, *, size: int = PAGE_SIZE) -> Page:
    """Page `number` (from 1) of `rows` (a queryset is sliced in the database: one query, with
    one row more than the page, and no count)."""
    n = number if isinstance(number, int) else page_number(number)
    n = max(n, 1)
    offset = (n - 1) * size
    got = list(rows[offset : offset + size + 1])
    return Page(rows=got[:size], number=n, size=size, has_next=len(got) > size)
