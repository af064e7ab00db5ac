"""Columns only ever compared whole keep one index on PostgreSQL, not a second
varchar_pattern_ops ("_like") one that every insert has to keep up (familyhub.pattern_indexes);
columns asked by prefix keep theirs."""

from __future__ import annotations

import pytest
from django.db import connection

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's own indexes"),
]


def _indexes(table: str) -> dict[str, str]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT indexname, indexdef FROM pg_indexes WHERE tablename = %s", [table])
        return dict(cursor.fetchall())


def _on(indexes: dict[str, str], column: str) -> list[str]:
    return [d for d in indexes.values() if f"({column})" in d or f"({column} " in d]


@pytest.mark.parametrize(
    ("table", "column"),
    [
        ("people_person", "nhs_number"),
        ("people_person", "upn"),
        ("people_person", "given_sound"),
        ("people_person", "family_sound"),
        ("audit_auditevent", "hash"),
        ("people_address", "postcode"),
    ],
)
def test_a_column_compared_whole_has_one_plain_index(table, column):
    on = _on(_indexes(table), column)
    assert len(on) == 1, on
    assert "pattern_ops" not in on[0]


@pytest.mark.parametrize("column", ["given_key", "family_key", "la_child_id"])
def test_a_column_asked_by_prefix_keeps_its_pattern_index(column):
    on = _on(_indexes("people_person"), column)
    assert any("varchar_pattern_ops" in d for d in on), on
    assert any("pattern_ops" not in d for d in on), on
