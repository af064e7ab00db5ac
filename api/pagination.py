"""Cursor pagination: stable pages while new records arrive (no offsets)."""

from __future__ import annotations

from rest_framework.pagination import CursorPagination


class NewestFirst(CursorPagination):
    ordering = "-pk"
    page_size = 25
    page_size_query_param = "page_size"
    max_page_size = 100
