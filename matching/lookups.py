"""Looking up the register's stored blocking keys (`PersonKey`): the keys a query's readings
make, each with its group's cap, and the people holding them, for one search (`register.find`)
or a whole batch of a bulk link (`register.find_many`) in one go."""

from __future__ import annotations

import itertools
from collections.abc import Callable

from django.db import connection
from django.db.models import Q, QuerySet

from . import heard
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
    items = sorted(keys.items())  # in index order: neighbouring look-ups share pages
    rows: list[tuple[int, int]] = []
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql" and len(items) > KEY_ARMS:
            cursor.execute(
                f"SELECT k.key, p.person_id FROM unnest(%s::bigint[], %s::int[]) AS k(key, cap) "  # noqa: S608
                f"CROSS JOIN LATERAL (SELECT person_id FROM {table} WHERE key = k.key "
                "LIMIT k.cap) AS p",
                [int_array([k for k, _ in items]), int_array([c for _, c in items])],
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


def by_index(cap: int, ids: QuerySet, scope: Q | None, within: QuerySet) -> set[int]:
    """The people an indexed look-up (a UPN, a postcode) finds, within the scope: read by its
    index alone, then the few found checked against the scope in one query, so the planner is
    never left to walk the scope's rules over the register (SQLite would). When the index finds
    more than `cap`, the look-up is asked again within the scope (`within`, a query of the
    same ids filtered by it), so the cap never hides the people the searcher may see."""
    from people.models import Person

    first = list(ids.order_by()[: cap + 1])
    if scope is None or not first:
        return set(first[:cap])
    if len(first) > cap:
        return set(within.order_by()[:cap])
    return set(Person.objects.filter(scope, pk__in=first).order_by().values_list("pk", flat=True))


def key_candidates(
    readings: list[dict],
    scope: Q | None = None,
    sight: Callable[[], list[heard.InSight]] | None = None,
    *,
    cap: int,
) -> tuple[set[int], set[int]]:
    """People sharing a blocking key with the query, each key's group capped as in
    `blocking`: those found without the scope, and those found within it. When a capped group
    is full and the search is scoped (a practitioner's own families), the group is asked
    again within the scope, so a common key never hides the people the searcher may see
    behind others': among the people of the searcher's families when they are few (`sight`;
    found so, they are still checked against the scope), else within the scope's rules (up to
    `cap` people a key)."""
    from people.models import Person

    keys = query_caps(readings)
    if not keys:
        return set(), set()
    rows = lookup_keys(keys)
    found = {person_id for _key, person_id in rows}
    within_scope: set[int] = set()
    if scope is not None:
        sizes: dict[int, int] = {}
        for key, _person in rows:
            sizes[key] = sizes.get(key, 0) + 1
        full = [key for key, cap in keys.items() if sizes.get(key, 0) >= cap]
        if full and sight is not None:
            ids = sorted({p.pk for p in sight()})
            found |= set(
                PersonKey.objects.filter(key__in=full, person_id__in=ids)
                .order_by()
                .values_list("person_id", flat=True)
            )
        elif full:
            within = Person.objects.filter(scope).values("pk")
            within_scope = set(
                PersonKey.objects.filter(key__in=full, person_id__in=within)
                .values_list("person_id", flat=True)
                .distinct()[: cap * len(full)]
            )
    return found, within_scope


def int_array(values: list[int]) -> str:
    """A PostgreSQL array literal of these integers, sent as one text value and cast
    (`%s::bigint[]`): psycopg, binding on the client as Django has it, spends about a
    microsecond on each element of a list, and a bulk link sends tens of thousands."""
    return "{" + ",".join(map(str, values)) + "}"
