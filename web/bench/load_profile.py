"""Where each bench-load page spends its time, one request at a time (no load):

    python -m web.bench.load_profile     (BENCH_PROFILE_REPEAT=20, BENCH_PROFILE_PAGES=home,search)

On bench-load's register, cast and production settings (web/bench/load.py's setup), each page
is asked BENCH_PROFILE_REPEAT times through Django's test client in this process, after one
request to warm it. Printed per page: the median wall and CPU milliseconds of a request, the
queries it asks and the milliseconds they take (the database's share), and the slowest
statements of the median request (BENCH_PROFILE_SHOW of them, 6). With
BENCH_PROFILE_CPROFILE=page-name, that page's own Python profile too (cProfile: the 30
heaviest functions by cumulative time, or by their own time with BENCH_PROFILE_SORT=tottime;
BENCH_PROFILE_MINE=regex keeps the paths it matches, BENCH_PROFILE_CALLERS=name prints who
calls the functions so named).

Nothing here is a test: it says where to look, it asserts nothing. Every person is synthetic.
"""

from __future__ import annotations

import cProfile
import io
import os
import pstats
import statistics
import sys
import time

REPEAT = int(os.environ.get("BENCH_PROFILE_REPEAT", "20"))
PAGES = [p for p in os.environ.get("BENCH_PROFILE_PAGES", "").split(",") if p]
PROFILE = os.environ.get("BENCH_PROFILE_CPROFILE", "")
SHOW = int(os.environ.get("BENCH_PROFILE_SHOW", "6"))  # the slowest statements printed
CALLERS = os.environ.get("BENCH_PROFILE_CALLERS", "")  # e.g. make_hashable
MINE = os.environ.get("BENCH_PROFILE_MINE", "")  # a regex of paths, e.g. ^/work/main/[a-z]
SORT = os.environ.get("BENCH_PROFILE_SORT", "cumulative")  # or tottime


def _request(client, path: str, extra: dict) -> tuple[float, float, list[tuple[float, str]]]:
    from django.db import connection

    statements: list[tuple[float, str]] = []

    def timed(execute, sql, params, many, context):
        start = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            statements.append(((time.perf_counter() - start) * 1000, sql))

    wall, cpu = time.perf_counter(), time.process_time()
    with connection.execute_wrapper(timed):
        response = client.get(path, secure=True, **extra)
    wall, cpu = (time.perf_counter() - wall) * 1000, (time.process_time() - cpu) * 1000
    if response.status_code != 200:
        raise RuntimeError(f"{path} answered {response.status_code}")
    return wall, cpu, statements


def main() -> int:
    from . import load

    cast = load.setup()
    load._collectstatic(load._environment(os.environ["DATABASE_URL"]))  # as the bench's server
    from django.test import Client

    for name, (path, headers) in load._urls(cast).items():
        if PAGES and name not in PAGES:
            continue
        client = Client(HTTP_HOST="127.0.0.1")
        extra = {"HTTP_" + k.upper().replace("-", "_"): v for k, v in headers.items()}
        _request(client, path, extra)
        runs = [_request(client, path, extra) for _ in range(REPEAT)]
        runs.sort(key=lambda r: r[0])
        wall, cpu, statements = runs[len(runs) // 2]
        sql_ms = sum(ms for ms, _ in statements)
        print(
            f"\n{name} ({path}): wall p50 {wall:.1f} ms (min {runs[0][0]:.1f}), CPU "
            f"{statistics.median(r[1] for r in runs):.1f} ms, {len(statements)} queries "
            f"taking {sql_ms:.1f} ms"
        )
        for ms, sql in sorted(statements, reverse=True)[:SHOW]:
            print(f"    {ms:7.2f} ms  {' '.join(sql.split())[:220]}")
        if name == PROFILE:
            profiler = cProfile.Profile()
            profiler.enable()
            for _ in range(REPEAT):
                _request(client, path, extra)
            profiler.disable()
            out = io.StringIO()
            stats = pstats.Stats(profiler, stream=out).sort_stats(SORT)
            stats.print_stats(*([MINE, 40] if MINE else [30]))
            if CALLERS:  # who calls the functions whose names contain it
                stats.print_callers(CALLERS)
            print(out.getvalue())
    return 0


if __name__ == "__main__":
    sys.exit(main())
