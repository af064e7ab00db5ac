"""Looking up the register's stored blocking keys (`PersonKey`): the keys a query's readings
make, each with its group's cap, and the people holding them, for one search (`register.find`)
or a whole batch of a bulk link (`register.find_many`) in one go."""

from __future__ import annotations

import itertools

from django.db import connection

from .keys import CAPS, query_keys
from .models import PersonKey


def query_caps(readings: list[dict]) -> dict[int, int]:
    """The blocking keys to look up for these readings, each with its group's cap."""
    keys: dict[int, int] = {}
    for reading in readings:
        for name, key in query_keys(reading):
            keys[key] = max(keys.get(key, 0), CAPS[name])
    return keys


KEY_ARMS = 200  # keys per UNION ALL query (SQLite allows 500 arms)


def lookup_keys(keys: dict[int, int]) -> list[tuple[int, int]]:
    """(key, person_id) of the people holding each key, each key's group capped. A few keys
    (one search): one UNION ALL of capped look-ups; many (a batch of a bulk link): on
    PostgreSQL one LATERAL join over the arrays of keys and caps, elsewhere UNION ALLs of
    KEY_ARMS keys."""
    table = connection.ops.quote_name(PersonKey._meta.db_table)
    items = list(keys.items())
    rows: list[tuple[int, int]] = []
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql" and len(items) > KEY_ARMS:
            cursor.execute(
                f"SELECT k.key, p.person_id FROM unnest(%s::bigint[], %s::int[]) AS k(key, cap) "  # noqa: S608
                f"CROSS JOIN LATERAL (SELECT person_id FROM {table} WHERE key = k.key "
                "LIMIT k.cap) AS p",
                [[k for k, _ in items], [c for _, c in items]],
            )
            return cursor.fetchall()
        arm = (
            f"SELECT key, person_id FROM (SELECT key, person_id FROM {table} "  # noqa: S608
            "WHERE key = %s LIMIT %s) AS k{}"
        )
        for start in range(0, len(items), KEY_ARMS):
            chunk = items[start : start + KEY_ARMS]
            sql = " UNION ALL ".join(arm.format(k) for k in range(len(chunk)))
            cursor.execute(sql, list(itertools.chain.from_iterable(chunk)))
            rows.extend(cursor.fetchall())
    return rows
