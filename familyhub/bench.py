"""What the benchmarks share (`make bench-…`: web/bench/, returns/bench/): COPY synthetic rows
straight into a model's table, and time a page through Django's test client. Here rather than
in web/bench/ because an app's bench may not import web (the site's shell)."""

from __future__ import annotations

import datetime as dt
import json
import statistics
import time


def _columns(model, *, ids: bool) -> list:
    return [f for f in model._meta.concrete_fields if ids or not f.primary_key]


def _defaults(model) -> dict:
    out = {}
    for f in _columns(model, ids=False):
        value = f.get_default()
        if f.get_internal_type() == "JSONField":
            value = json.dumps(value if value is not None else [])
        out[f.attname] = value
    return out


def _sqlite_value(value):
    """A value as Django stores it in SQLite (an aware time as naive UTC text)."""
    if isinstance(value, dt.datetime) and value.tzinfo is not None:
        return value.astimezone(dt.UTC).replace(tzinfo=None).isoformat(" ")
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def copy_rows(model, rows, *, ids: bool = False) -> int:
    """COPY dicts of attname -> value into model's table; missing columns take the field's
    default (computed once). With ids=True every row carries its primary key (reset the
    sequences afterwards); otherwise the table's sequence gives it. Returns the number of rows.
    On SQLite, one INSERT run many times (the bench's SQLite register)."""
    from django.db import connection

    fields = _columns(model, ids=ids)
    defaults = _defaults(model)
    names = [f.attname for f in fields]
    cols = ", ".join(connection.ops.quote_name(f.column) for f in fields)
    table = connection.ops.quote_name(model._meta.db_table)
    n = 0
    if connection.vendor == "sqlite":
        rows = [[_sqlite_value(row[a] if a in row else defaults[a]) for a in names] for row in rows]
        marks = ", ".join(["%s"] * len(names))
        with connection.cursor() as cursor:
            cursor.executemany(f"INSERT INTO {table} ({cols}) VALUES ({marks})", rows)  # noqa: S608
        return len(rows)
    with (
        connection.cursor() as cursor,
        cursor.cursor.copy(f"COPY {table} ({cols}) FROM STDIN") as cp,
    ):
        for row in rows:
            cp.write_row([row[a] if a in row else defaults[a] for a in names])
            n += 1
    return n


def time_page(client, url: str, *, runs: int, warm: int) -> dict:
    """GET url `warm` times (each must be a 200), once more counting its SQL statements, then
    `runs` times timed: p50 and p95 milliseconds and the queries of one request."""
    from django.db import connection

    for _ in range(warm):
        response = client.get(url)
        assert response.status_code == 200, (url, response.status_code)
    statements: list[str] = []

    def count(execute, sql, params, many, context):
        statements.append(sql)
        return execute(sql, params, many, context)

    with connection.execute_wrapper(count):
        client.get(url)
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        client.get(url)
        times.append((time.perf_counter() - t0) * 1000)
    times.sort()
    return {
        "p50_ms": round(statistics.median(times), 1),
        "p95_ms": round(times[int(0.95 * (len(times) - 1))], 1),
        "queries": len(statements),
    }
