"""`make bench-demo`: how long `familyhub demo --families N` takes on PostgreSQL, step by step.

    BENCH_DEMO_FAMILIES=20000 python -m demo.bench

Drops and creates its own database (familyhub_bench_demo), migrates it, then runs
`familyhub demo --families N` (default 224,000 families: about 1,000,000 people, at 4.47 people
a family) and prints the time of each step (the borough's families, then each app's demo data,
the last being `matching`'s `reindex --missing`), the rows loaded and the load average before
and after (the machine may be shared). BENCH_PG_URL is the server
(default postgres://postgres@127.0.0.1:5432/postgres); BENCH_DEMO_DB names another database.
"""

from __future__ import annotations

import io
import os
import re
import sys
import time

FAMILIES = int(os.environ.get("BENCH_DEMO_FAMILIES", "224000"))
DATABASE = os.environ.get("BENCH_DEMO_DB", "familyhub_bench_demo")
STEP = re.compile(r"^(?P<step>[\w.]+): (?P<seconds>[\d.]+) s$")
PROGRESS = re.compile(r"^families (?P<done>[\d,]+)/(?P<total>[\d,]+) \((?P<seconds>\d+) s\)$")


def say(text: str) -> None:
    print(text, file=sys.stderr, flush=True)


def _load() -> str:
    one, five, fifteen = os.getloadavg()
    return f"load average {one:.2f}, {five:.2f}, {fifteen:.2f} on {os.cpu_count()} cores"


def _database() -> str:
    import psycopg

    admin = os.environ.get("BENCH_PG_URL", "postgres://postgres@127.0.0.1:5432/postgres")
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{DATABASE}"')
        conn.execute(f'CREATE DATABASE "{DATABASE}"')
    return admin.rsplit("/", 1)[0] + f"/{DATABASE}"


class _Steps(io.TextIOBase):
    """The demo command's stderr: echoed, and its progress and step lines kept."""

    def __init__(self) -> None:
        self.steps: list[tuple[str, float]] = []
        self.borough = 0.0

    def write(self, text: str) -> int:
        for line in text.splitlines():
            say(f"  {line}")
            if m := STEP.match(line):
                self.steps.append((m["step"], float(m["seconds"])))
            elif m := PROGRESS.match(line):
                self.borough = float(m["seconds"])
        return len(text)


def main() -> None:
    os.environ["DATABASE_URL"] = _database()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "familyhub.settings.dev")
    os.environ["FAMILYHUB_DEMO"] = "1"
    import django

    django.setup()
    from django.core.management import call_command

    from people.models import Person

    say(f"Migrating {DATABASE}…")
    call_command("migrate", verbosity=0)
    before = _load()
    say(f"familyhub demo --families {FAMILIES:,} ({before})")
    steps = _Steps()
    started = time.monotonic()
    call_command("demo", families=FAMILIES, stdout=io.StringIO(), stderr=steps)
    total = time.monotonic() - started
    people = Person.objects.count()
    print(f"familyhub demo --families {FAMILIES:,} on PostgreSQL ({DATABASE}): {people:,} people")
    print(f"  {'borough (families, people, …)':<45} {steps.borough:8.1f} s")
    for step, seconds in steps.steps:
        print(f"  {step:<45} {seconds:8.1f} s")
    print(f"  {'total':<45} {total:8.1f} s ({total / 60:.1f} min)")
    print(f"  before: {before}")
    print(f"  after:  {_load()}")


if __name__ == "__main__":
    main()
