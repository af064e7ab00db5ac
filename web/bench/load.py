"""`make bench-load`: the pages practitioners use most, and the partner API, under load from
many people at once, on the production server set-up at a council's size.

    python -m web.bench.load     (BENCH_LOAD_SECONDS=60, BENCH_LOAD_USERS=16,50)

1. The register: bench-visibility's 1,000,000 people in PostgreSQL (familyhub_bench_visibility,
   built once with COPY, web/bench/build.py), bench-dashboards' casework history (episodes
   with allocated workers, for real caseloads; added once) and load_cast's front-door queue,
   front-door team and the school's API client (added once).
2. The server: gunicorn with BENCH_LOAD_WEB_WORKERS=2 sync workers (BENCH_LOAD_THREADS=4 for
   4 threads each; gunicorn.conf.py), as `familyhub serve` and
   deploy/systemd/familyhub-web.service start it (the task worker and scheduler are left out:
   the scheduler starts the nightly jobs as it starts), on familyhub.settings.production
   (DEBUG off, HTTPS-only cookies, JSON logs, database connections kept as the shipped
   settings keep them) on 127.0.0.1:BENCH_LOAD_PORT.
   The API's rate limit per client is raised for the run (FAMILYHUB_API_RATE, default
   120/minute: one school's MIS is not 50 users).
3. The load: locust (bench group) headless in a second process on loopback, web/bench/
   locustfile.py: home, search, family page, person page, a worker's and a manager's caseload,
   the front-door queue, the API's family contacts and the floor (/healthz with the session:
   every middleware, no domain query), each with equal weight, BENCH_LOAD_SECONDS at each of
   BENCH_LOAD_USERS concurrent users, after a warm-up. Users sign in by session (load_cast).
4. The report: per page requests, requests/s, p50/p95/p99 ms, errors, the queries one request
   asks (counted once through Django's test client on the same database) and p95 over the
   floor's p95, against the targets (0 errors; p95 <= 3x the floor's at 16 users, <= 300 ms at
   50); the load average before and after each run (the machine may be shared); a table on
   stdout and var/bench_load.json. Exit 1 when a target is missed.

BENCH_PG_URL as for bench-visibility. Every person is synthetic.
"""

from __future__ import annotations

import contextlib
import csv
import json
import os
import resource
import secrets
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from web.bench import machine

SECONDS = int(os.environ.get("BENCH_LOAD_SECONDS", "60"))
USERS = [int(u) for u in os.environ.get("BENCH_LOAD_USERS", "16,50").split(",")]
PORT = int(os.environ.get("BENCH_LOAD_PORT", "8077"))
WAIT = os.environ.get("BENCH_LOAD_WAIT", "1,3")
WORKERS = os.environ.get("BENCH_LOAD_WEB_WORKERS", "2")
THREADS = os.environ.get("BENCH_LOAD_THREADS", "1")  # as shipped: gunicorn's sync workers
FLOOR = "floor (/healthz, signed in)"
RATIO_AT_16 = 3.0
P95_AT_50_MS = 300.0
ROOT = Path(__file__).resolve().parent.parent.parent
VAR = ROOT / "var"
SECRET = secrets.token_urlsafe(40)


def say(text: str) -> None:
    print(text, file=sys.stderr, flush=True)


def _environment(database_url: str) -> dict[str, str]:
    """The server's environment: production settings, as deploy/systemd's example has them
    (the shipped FAMILYHUB_CONN_MAX_AGE, not the one bench-visibility's setup gives this
    process)."""
    shipped = {k: v for k, v in os.environ.items() if k != "FAMILYHUB_CONN_MAX_AGE"}
    return {
        **shipped,
        "DJANGO_SETTINGS_MODULE": "familyhub.settings.production",
        "DJANGO_SECRET_KEY": SECRET,
        "DATABASE_URL": database_url,
        "FAMILYHUB_ALLOWED_HOSTS": "127.0.0.1",
        "FAMILYHUB_BIND": f"127.0.0.1:{PORT}",
        "FAMILYHUB_WEB_WORKERS": WORKERS,
        "FAMILYHUB_WEB_THREADS": THREADS,
        "FAMILYHUB_API_RATE": "1000000/minute",
        "FAMILYHUB_AUDIT_ANCHOR_FILE": str(VAR / "bench_load_anchors.jsonl"),
        "PYTHONPATH": str(ROOT),
    }


def setup() -> dict:
    """The register (built once), the extras (once) and this run's cast."""
    # The sessions are signed with the server's key: this process uses the same settings.
    os.environ["DJANGO_SETTINGS_MODULE"] = "familyhub.settings.production"
    os.environ["DJANGO_SECRET_KEY"] = SECRET
    os.environ["FAMILYHUB_ALLOWED_HOSTS"] = "127.0.0.1"
    from . import visibility

    visibility._setup()
    from casework.models import Episode

    from . import dashboards, load_cast

    if not Episode.objects.exists():
        say(f"Adding a casework history for {dashboards.CHILDREN:,} children (once)")
        dashboards.build_history()
    cast = load_cast.prepare()
    # VACUUM (ANALYZE) for what was added since the register was built (the history, the
    # queue), as autovacuum would: it may be off or not yet round, and a table PostgreSQL
    # believes empty is planned as a nested loop (a manager's caseload took 0.5 s more).
    dashboards._analyze()
    return cast


def _collectstatic(env: dict) -> None:
    if not (ROOT / "staticfiles" / "staticfiles.json").exists():
        say("Collecting static files (the production storage needs its manifest)")
        subprocess.run(  # noqa: S603
            [sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"],
            cwd=ROOT,
            env=env,
            check=True,
        )


def _ask(path: str, headers: dict | None = None) -> int:
    request = urllib.request.Request(  # noqa: S310 (our own server on loopback)
        f"http://127.0.0.1:{PORT}{path}", headers={"X-Forwarded-Proto": "https", **(headers or {})}
    )
    try:
        with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


@contextlib.contextmanager
def server(env: dict):
    """The web server as deploy/systemd/familyhub-web.service runs it (and `familyhub serve`
    beside its task worker and scheduler, left out here: the scheduler would start the nightly
    jobs at once), on the production settings, until the block ends."""
    log = (VAR / "bench_load_server.log").open("w")
    process = subprocess.Popen(  # noqa: S603
        [
            sys.executable,
            "-m",
            "gunicorn",
            "familyhub.wsgi:application",
            "--bind",
            f"127.0.0.1:{PORT}",
            "--workers",
            WORKERS,
            "--access-logfile",
            "-",
        ],  # fmt: skip
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    try:
        for _ in range(120):
            time.sleep(0.5)
            with contextlib.suppress(OSError):
                if _ask("/healthz") == 200:
                    break
        else:
            raise RuntimeError("The server did not start: see var/bench_load_server.log")
        yield process
    finally:
        process.terminate()
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
        log.close()


def _urls(cast: dict) -> dict[str, tuple[str, dict]]:
    """One request of each page (for warming up and counting queries)."""
    from urllib.parse import urlencode

    me, cookie = cast["workers"][0], "__Host-sessionid"

    def signed(session):
        return {"Cookie": f"{cookie}={session}"}

    return {
        FLOOR: ("/healthz", signed(me["session"])),
        "home": ("/", signed(me["session"])),
        "search": ("/search/?" + urlencode({"q": me["searches"][0]}), signed(me["session"])),
        "family page": (f"/families/{me['families'][0]}/", signed(me["session"])),
        "person page": (f"/people/{me['people'][0]}/", signed(me["session"])),
        "caseload (worker)": ("/caseload/", signed(me["session"])),
        "caseload (manager)": ("/caseload/", signed(cast["managers"][0]["session"])),
        "front-door queue": ("/front-door/", signed(cast["front_door"][0]["session"])),
        "API: family contacts": (
            f"/api/v1/families/{cast['api']['families'][0]}/contacts/",
            {"Authorization": f"Bearer {cast['api']['key']}"},
        ),
    }


def warm_up(cast: dict) -> None:
    """Each page a few times, so that both workers have compiled its templates."""
    for name, (path, headers) in _urls(cast).items():
        for _ in range(4):
            status = _ask(path, headers)
            if status != 200:
                raise RuntimeError(f"{name} ({path}) answered {status}")


def count_queries(cast: dict) -> dict[str, int]:
    """The statements one request of each page asks (Django's test client, same settings)."""
    from django.db import connection
    from django.test import Client

    out = {}
    for name, (path, headers) in _urls(cast).items():
        client = Client(HTTP_HOST="127.0.0.1")
        extra = {"HTTP_" + k.upper().replace("-", "_"): v for k, v in headers.items()}
        statements: list[str] = []

        def count(execute, sql, params, many, context, statements=statements):
            statements.append(sql)
            return execute(sql, params, many, context)

        client.get(path, secure=True, **extra)
        with connection.execute_wrapper(count):
            response = client.get(path, secure=True, **extra)
        assert response.status_code == 200, (name, path, response.status_code)
        out[name] = len(statements)
    return out


def _cpu_seconds(server_pid: int) -> dict:
    """CPU seconds (user + system) used so far by the web server (gunicorn and its workers),
    each PostgreSQL process (by pid: a connection's server process may end between two
    readings) and this process's finished children (locust)."""
    import psutil

    def used(process) -> float:
        try:
            times = process.cpu_times()
        except psutil.Error:
            return 0.0
        return times.user + times.system

    server = psutil.Process(server_pid)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return {
        "web server": used(server) + sum(map(used, server.children(recursive=True))),
        "PostgreSQL": {
            p.pid: used(p) for p in psutil.process_iter(["name"]) if p.info["name"] == "postgres"
        },
        "locust": children.ru_utime + children.ru_stime,
    }


def _cpu_used(before: dict, after: dict) -> dict[str, float]:
    """CPU seconds between two readings; PostgreSQL's processes pid by pid (one that started
    in between counts whole; one that ended in between is not seen)."""
    server = sum(t - before["PostgreSQL"].get(pid, 0.0) for pid, t in after["PostgreSQL"].items())
    return {
        "web server": after["web server"] - before["web server"],
        "PostgreSQL": server,
        "locust": after["locust"] - before["locust"],
    }


def run_locust(users: int, cast_file: Path, env: dict, server_pid: int) -> dict:
    prefix = VAR / f"bench_load_{users}"
    before = os.getloadavg()
    cpu_before = _cpu_seconds(server_pid)
    subprocess.run(  # noqa: S603
        [
            sys.executable,
            "-m",
            "locust",
            "-f",
            str(ROOT / "web/bench/locustfile.py"),
            "--headless",
            "--only-summary",
            "-u",
            str(users),
            "-r",
            str(users),
            "-t",
            f"{SECONDS}s",
            "-H",
            f"http://127.0.0.1:{PORT}",
            "--csv",
            str(prefix),
            "--stop-timeout",
            "10",
            "--exit-code-on-error",
            "0",
            "--loglevel",
            "WARNING",
        ],  # fmt: skip
        cwd=ROOT,
        env={**env, "BENCH_LOAD_CAST": str(cast_file), "BENCH_LOAD_WAIT": WAIT},
        check=True,
        stdout=subprocess.DEVNULL,
        stderr=(VAR / f"bench_load_{users}.log").open("w"),
    )
    after = os.getloadavg()
    cpu_after = _cpu_seconds(server_pid)
    pages = {}
    with open(f"{prefix}_stats.csv", newline="") as f:
        for row in csv.DictReader(f):
            if row["Name"] == "Aggregated":
                continue
            pages[row["Name"]] = {
                "requests": int(row["Request Count"]),
                "errors": int(row["Failure Count"]),
                "rps": round(float(row["Requests/s"]), 2),
                "p50_ms": float(row["50%"]),
                "p95_ms": float(row["95%"]),
                "p99_ms": float(row["99%"]),
            }
    failures = []
    with open(f"{prefix}_failures.csv", newline="") as f:
        failures = [
            {"page": r["Name"], "error": r["Error"], "count": int(r["Occurrences"])}
            for r in csv.DictReader(f)
        ]
    requests = sum(p["requests"] for p in pages.values()) or 1
    return {
        "users": users,
        "seconds": SECONDS,
        # where the machine's CPU went, per request answered (2 cores: 2,000 ms a second)
        "cpu_ms_per_request": {
            k: round(v * 1000 / requests, 1) for k, v in _cpu_used(cpu_before, cpu_after).items()
        },
        "load_before": [round(x, 2) for x in before],
        "load_after": [round(x, 2) for x in after],
        "pages": pages,
        "failures": failures,
    }


def judge(level: dict) -> list[str]:
    """Adds each page's ratio to the floor and verdict; returns the targets missed."""
    floor = level["pages"].get(FLOOR, {}).get("p95_ms") or 1.0
    missed = []
    for name, page in level["pages"].items():
        page["p95_over_floor"] = round(page["p95_ms"] / floor, 2)
        problems = []
        if page["errors"]:
            problems.append(f"{page['errors']} errors")
        if level["users"] <= 16 and page["p95_over_floor"] > RATIO_AT_16 and name != FLOOR:
            problems.append(f"p95 {page['p95_over_floor']}x the floor's")
        if level["users"] >= 50 and page["p95_ms"] > P95_AT_50_MS:
            problems.append(f"p95 {page['p95_ms']:.0f} ms")
        page["met"] = not problems
        missed += [f"{level['users']} users, {name}: {p}" for p in problems]
    return missed


def table(level: dict, queries: dict[str, int]) -> str:
    lines = [
        f"\n{level['users']} users for {level['seconds']} s; load average "
        f"{' '.join(map(str, level['load_before']))} before, "
        f"{' '.join(map(str, level['load_after']))} after; CPU ms a request: "
        + ", ".join(f"{k} {v}" for k, v in level["cpu_ms_per_request"].items()),
        "| page | requests | req/s | p50 ms | p95 ms | p99 ms | errors | p95/floor | queries "
        "| target |",
        "|---|---|---|---|---|---|---|---|---|---|",
    ]
    for name, p in level["pages"].items():
        lines.append(
            f"| {name} | {p['requests']} | {p['rps']} | {p['p50_ms']:.0f} | {p['p95_ms']:.0f} "
            f"| {p['p99_ms']:.0f} | {p['errors']} | {p['p95_over_floor']} "
            f"| {queries.get(name, '')} | {'met' if p['met'] else 'MISSED'} |"
        )
    return "\n".join(lines)


def main() -> int:
    VAR.mkdir(exist_ok=True)
    cast = setup()
    from django.conf import settings
    from django.db import connection

    from people.models import Person

    people = Person.objects.filter(merged_into=None).count()
    database = settings.DATABASES["default"]["NAME"]
    cast_file = VAR / "bench_load_cast.json"  # sessions and a key of the bench's own
    cast_file.write_text(json.dumps(cast))
    env = _environment(os.environ["DATABASE_URL"])
    _collectstatic(env)
    queries = count_queries(cast)
    connection.close()
    levels, missed = [], []
    say(f"{people:,} people in {database}; {len(cast['workers'])} workers signed in")
    say(machine.describe())
    with server(env) as web:
        warm_up(cast)
        for users in USERS:
            say(f"  {users} users for {SECONDS} s ...")
            level = run_locust(users, cast_file, env, web.pid)
            missed += judge(level)
            levels.append(level)
            print(table(level, queries), flush=True)
    cast_file.unlink()
    result = {
        "database": database,
        "people": people,
        "server": f"gunicorn, {WORKERS} workers of {THREADS} threads, "
        "familyhub.settings.production",
        "wait_seconds": WAIT,
        "cpus": os.cpu_count(),
        "queries": queries,
        "levels": levels,
        "missed": missed,
    }
    (VAR / "bench_load.json").write_text(json.dumps(result, indent=2))
    print("\nTargets: 0 errors; p95 <= 3x the floor's at 16 users, <= 300 ms at 50 users.")
    print("All met." if not missed else "Missed:\n  " + "\n  ".join(missed))
    print("Written to var/bench_load.json")
    return 0 if not missed else 1


if __name__ == "__main__":
    sys.exit(main())
