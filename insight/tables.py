"""A table of figures as the page, the chart's description and the CSV show it."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass
class Table:
    caption: str
    head: list[str]
    rows: list[list[str]]
