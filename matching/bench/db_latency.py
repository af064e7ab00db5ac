"""`make bench-match-db`: real-time latency of `matching.register.find` against a register in
the database, on a throw-away SQLite file and a throw-away PostgreSQL database.

    BENCH_DB_SIZE=100000 python -m matching.bench.db_latency

Generates the synthetic population (matching/bench/generate.py, seed 7), holds out 300
records that have a duplicate (their true person is known) and 100 people with a single
record, loads the rest as people with their addresses (bulk inserts), builds the stored keys
(`register.reindex`), then asks `find` for each held-out record and prints median and p95
milliseconds and the top-5 hit rate. Every person is invented.

BENCH_DB_BACKENDS=sqlite (or postgres) runs one; BENCH_PG_URL is the server to create the
throw-away database on (default postgres://postgres@127.0.0.1:5432/postgres).
"""

from __future__ import annotations

import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SEED = 7
N_DUP, N_NEW = 300, 100


def say(text: str) -> None:
    print(text, file=sys.stderr, flush=True)


# --- The worker: one database, set up by its DATABASE_URL -----------------------------------


def _split(size: int):
    from . import generate

    records, truth = generate.generate(size, seed=SEED)
    entity = {t["record_id"]: t["entity_id"] for t in truth}
    per_entity: dict[str, int] = {}
    for t in truth:
        per_entity[t["entity_id"]] = per_entity.get(t["entity_id"], 0) + 1
    rng = random.Random(SEED)
    dups = [t["record_id"] for t in truth if t["error_type"] and per_entity[t["entity_id"]] > 1]
    singles = [t["record_id"] for t in truth if per_entity[t["entity_id"]] == 1]
    held = [(r, True) for r in rng.sample(dups, N_DUP)] + [
        (r, False) for r in rng.sample(singles, N_NEW)
    ]
    rng.shuffle(held)
    held_ids = {r for r, _ in held}
    by_id = {r["record_id"]: r for r in records}
    register = [r for r in records if r["record_id"] not in held_ids]
    return register, [(by_id[r], has) for r, has in held], entity


def _load(register: list[dict], batch: int = 20_000) -> None:
    import datetime as dt

    from django.db import transaction
    from django.utils import timezone

    from matching import normalise
    from people.identifiers import postcode as pc
    from people.models import Address, Person
    from people.search import index_keys

    now = timezone.now()
    for start in range(0, len(register), batch):
        rows = register[start : start + batch]
        people = []
        for r in rows:
            dob = normalise.date_of_birth(r["dob"])
            digits, _valid = normalise.nhs_number(r["nhs_number"])
            p = Person(
                given_name=r["first_name"][:100],
                family_name=r["surname"][:100],
                date_of_birth=dt.date(*dob) if dob else None,
                sex={"M": "M", "F": "F"}.get(r["sex"].upper(), "U"),
                nhs_number=digits,
                la_child_id=r["record_id"],
                is_synthetic=True,
                created_at=now,
                updated_at=now,
            )
            index_keys(p)
            people.append(p)
        with transaction.atomic():
            Person.objects.bulk_create(people)
            Address.objects.bulk_create(
                [
                    Address(
                        person_id=p.pk,
                        line_1=r["address_line_1"][:150],
                        postcode=pc.normalise(r["postcode"])[:8],
                        created_at=now,
                    )
                    for p, r in zip(people, rows, strict=True)
                    if r["postcode"] or r["address_line_1"]
                ]
            )
        say(f"  loaded {start + len(rows):,}/{len(register):,}")


def worker(size: int) -> dict:
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "familyhub.settings.test")
    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from matching import register as reg
    from people.models import Person

    register, queries, entity = _split(size)
    call_command("migrate", verbosity=0)
    started = time.monotonic()
    _load(register)
    load_s = time.monotonic() - started
    started = time.monotonic()
    counts = reg.reindex(progress=lambda d, t, e: say(f"  keys {d:,}/{t:,} ({e:.0f} s)"))
    keys_s = time.monotonic() - started
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    record_of = dict(Person.objects.values_list("pk", "la_child_id"))
    for record, _has in queries[:20]:  # warm the caches as a running server would be
        reg.find(record)
    times, hits, new_with_match = [], 0, 0
    for record, has_match in queries:
        t0 = time.perf_counter()
        found = reg.find(record, limit=10)
        times.append((time.perf_counter() - t0) * 1000)
        top5 = [record_of[m.person_id] for m in found[:5]]
        if has_match:
            hits += any(entity[r] == entity[record["record_id"]] for r in top5)
        else:
            new_with_match += any(m.band in ("certain", "likely") for m in found)
    times.sort()
    return {
        "backend": connection.vendor,
        "register_people": len(register),
        "keys": counts["keys"],
        "load_seconds": round(load_s, 1),
        "reindex_seconds": round(keys_s, 1),
        "queries": len(queries),
        "median_ms": round(statistics.median(times), 2),
        "p95_ms": round(times[int(0.95 * (len(times) - 1))], 2),
        "max_ms": round(times[-1], 2),
        "top5_hit_rate": round(hits / N_DUP, 4),
        "new_people_given_a_likely_match": round(new_with_match / N_NEW, 4),
    }


# --- The runner: a throw-away database per backend -------------------------------------------


def _run(size: int, url: str) -> dict:
    env = {**os.environ, "DATABASE_URL": url, "DJANGO_SETTINGS_MODULE": "familyhub.settings.test"}
    env["FAMILYHUB_DEMO"] = "1"
    proc = subprocess.run(  # noqa: S603 - fixed argv
        [sys.executable, "-m", "matching.bench.db_latency", "--worker", str(size)],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        text=True,
        check=True,
    )
    return json.loads(proc.stdout.strip().splitlines()[-1])


def _pg(admin_url: str, sql: str) -> None:
    import psycopg

    with psycopg.connect(admin_url, autocommit=True) as conn:
        conn.execute(sql)


def main() -> int:
    if sys.argv[1:2] == ["--worker"]:
        print(json.dumps(worker(int(sys.argv[2]))), flush=True)
        return 0
    size = int(os.environ.get("BENCH_DB_SIZE", "1000000"))
    backends = os.environ.get("BENCH_DB_BACKENDS", "sqlite,postgres").split(",")
    results = []
    for backend in backends:
        say(f"{backend}: {size:,} records")
        if backend == "sqlite":
            with tempfile.TemporaryDirectory(prefix="fh-bench-") as folder:
                results.append(_run(size, f"sqlite:///{folder}/bench.sqlite3"))
        else:
            admin = os.environ.get("BENCH_PG_URL", "postgres://postgres@127.0.0.1:5432/postgres")
            name = f"fh_bench_{os.getpid()}"
            _pg(admin, f'CREATE DATABASE "{name}"')
            try:
                results.append(_run(size, admin.rsplit("/", 1)[0] + "/" + name))
            finally:
                _pg(admin, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    out = ROOT / "var" / "bench"
    out.mkdir(parents=True, exist_ok=True)
    (out / f"db_latency_{size}.json").write_text(json.dumps(results, indent=2))
    print(f"{'database':<12}{'people':>10}{'median ms':>11}{'p95 ms':>9}{'top-5':>8}{'load s':>8}")
    for r in results:
        print(
            f"{r['backend']:<12}{r['register_people']:>10,}{r['median_ms']:>11}{r['p95_ms']:>9}"
            f"{r['top5_hit_rate']:>8.3f}{r['load_seconds'] + r['reindex_seconds']:>8.0f}"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
