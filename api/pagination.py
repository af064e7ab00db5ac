"""Cursor pagination: stable pages while new records arrive (no offsets)."""

from __future__ import annotations

from rest_framework.exceptions import ValidationError
from rest_framework.pagination import CursorPagination

PAGE_SIZE_PROBLEM = "page_size must be a whole number from 1 to 100"


class NewestFirst(CursorPagination):
    ordering = "-pk"
    page_size = 25
    page_size_query_param = "page_size"
    max_page_size = 100

    def get_page_size(self, request) -> int:
        """A page size that is not a whole number in range is refused (not quietly ignored)."""
        values = request.query_params.getlist(self.page_size_query_param)
        if not values:
            return self.page_size
        text = values[-1]
        if len(values) > 1 or not (text.isascii() and text.isdecimal()):
            raise ValidationError({"page_size": [PAGE_SIZE_PROBLEM]})
        size = int(text)
        if not 1 <= size <= self.max_page_size:
            raise ValidationError({"page_size": [PAGE_SIZE_PROBLEM]})
        return size
