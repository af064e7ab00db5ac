"""Inserting many new rows of one model quickly (bulk linkage writes thousands a batch).

`insert(objs)` is `Model.objects.bulk_create(objs)` with the primary keys set, but on
PostgreSQL it reserves the ids from the table's sequence in one query and sends the rows with
COPY, each value taken from the instance as it is (no per-field preparation): Django's
bulk_create spends most of its time preparing values field by field. Elsewhere (SQLite) it is
bulk_create. Only for plain fields: text, numbers, booleans, dates and times, JSON, foreign
keys by id. No signals are sent and save() is not called (as bulk_create).
"""

from __future__ import annotations

import json
from collections.abc import Collection, Sequence

from django.db import connection
from django.db.models import JSONField, Model


def insert(objs: Sequence[Model], *, ids: bool = True) -> None:
    """Insert these new instances of one model; with `ids`, each gets its primary key."""
    if not objs:
        return
    model = type(objs[0])
    if connection.vendor != "postgresql":
        model._default_manager.bulk_create(objs)  # type: ignore[attr-defined]
        return
    meta = model._meta
    pk = meta.pk
    assert pk is not None  # noqa: S101 - every model has one
    q = connection.ops.quote_name
    table = q(meta.db_table)
    fields = [f for f in meta.concrete_fields if ids or not f.primary_key]
    with connection.cursor() as cursor:
        if ids:
            cursor.execute(
                "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
                [meta.db_table, pk.column, len(objs)],
            )
            for obj, (new,) in zip(objs, cursor.fetchall(), strict=True):
                obj.pk = new
        cols = ", ".join(q(f.column) for f in fields)
        json_at = {k for k, f in enumerate(fields) if isinstance(f, JSONField)}
        names = [f.attname for f in fields]
        with cursor.cursor.copy(f"COPY {table} ({cols}) FROM STDIN") as copy:
            for obj in objs:
                row = [getattr(obj, name) for name in names]
                for k in json_at:
                    row[k] = json.dumps(row[k])
                copy.write_row(row)
    for obj in objs:
        obj._state.adding = False
        obj._state.db = connection.alias


def among(values: Collection) -> tuple[str, list]:
    """`IN` for thousands of values in plain SQL: the condition to put after a column
    ("id " + sql) and its parameters. On PostgreSQL the values go as one array
    (`= ANY(%s)`); elsewhere as `IN (%s, …)`. A queryset's `__in` prepares each value in
    turn through the field, which for a batch of a bulk link's thousands was a tenth of its
    time."""
    values = list(values)
    if connection.vendor == "postgresql":
        if all(type(v) is int for v in values):  # (sent as the text of one array: quicker)
            return "= ANY(%s::bigint[])", ["{" + ",".join(map(str, values)) + "}"]
        return "= ANY(%s)", [values]
    if not values:
        return "IN (NULL)", []
    return f"IN ({', '.join(['%s'] * len(values))})", values
