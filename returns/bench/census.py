"""`make bench-returns`: the CIN census for 10,000 and 100,000 children on PostgreSQL.

Builds synthetic children in need (COPY rows, not actions: no audit trail) into the benchmark's
own database (familyhub_bench_returns), growing it from one size to the next, and writes the
census for 2025-26 at each size in a fresh process: the time and that process's peak resident
memory, then (traced, in another) the peak of Python's allocations while writing. Flat memory
means the peak does not grow with the number of children (the census is streamed).

    BENCH_RETURNS_SIZES=10000,100000  (default)   BENCH_RETURNS_REBUILD=1  to build again
Every person is invented (is_synthetic)."""

from __future__ import annotations

import datetime as dt
import json
import os
import random
import resource
import sys
import tempfile
import time
import tracemalloc

from familyhub.bench import copy_rows

SIZES = [int(s) for s in os.environ.get("BENCH_RETURNS_SIZES", "10000,100000").split(",")]
DB_NAME = "familyhub_bench_returns"
D = dt.date


def say(text: str) -> None:
    print(text, file=sys.stderr, flush=True)


def _database() -> str:
    import psycopg

    admin = os.environ.get("BENCH_PG_URL", "postgres://postgres@127.0.0.1:5432/postgres")
    with psycopg.connect(admin, autocommit=True) as conn:
        if os.environ.get("BENCH_RETURNS_REBUILD") == "1":
            conn.execute(f'DROP DATABASE IF EXISTS "{DB_NAME}"')
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [DB_NAME]).fetchone()
        if not exists:
            conn.execute(f'CREATE DATABASE "{DB_NAME}"')
    return admin.rsplit("/", 1)[0] + f"/{DB_NAME}"


def _ids(model, field: str, values: list[str]) -> dict[str, int]:
    return dict(model.objects.filter(**{f"{field}__in": values}).values_list(field, "pk"))


def _grow(start: int, end: int, user_id: int, seed: int) -> None:
    """Children start..end-1: each a family, a child, a CIN episode in 2025-26 (a quarter
    closed, half assessed, a tenth with a child protection plan reviewed twice)."""
    from casework.models import Episode, EpisodeTransition, StatutoryClock
    from people.models import Family, Membership, Person

    rng = random.Random(seed)
    for lo in range(start, end, 10_000):
        hi = min(end, lo + 10_000)
        refs = [f"BR{i:08d}" for i in range(lo, hi)]
        copy_rows(Family, [{"name": f"Bench family {i}", "reference": r, "is_synthetic": True}
                       for i, r in zip(range(lo, hi), refs, strict=True)])  # fmt: skip
        families = _ids(Family, "reference", refs)
        people = []
        for r in refs:
            people.append({
                "given_name": "Child", "family_name": r, "date_of_birth": D(2012, 1, 1)
                + dt.timedelta(days=rng.randint(0, 4000)), "sex": rng.choice("MF"),
                "ethnicity": rng.choice(["WBRI", "AIND", "BAFR", "MWBC"]),
                "disabilities": json.dumps(rng.choice([["NONE"], ["HAND"], ["AUT", "LD"]])),
                "upn_unknown_reason": "UN2", "la_child_id": r, "given_key": "child",
                "family_key": r.lower(), "given_sound": "C400", "family_sound": "B600",
                "is_synthetic": True,
            })  # fmt: skip
        copy_rows(Person, people)
        persons = _ids(Person, "la_child_id", refs)
        copy_rows(Membership, [{"family_id": families[r], "person_id": persons[r], "role": "child",
                            "joined_on": D(2015, 1, 1)} for r in refs])  # fmt: skip
        episodes = []
        for r in refs:
            referral = D(2025, 4, 1) + dt.timedelta(days=rng.randint(0, 330))
            e = {"family_id": families[r], "child_id": persons[r], "kind": "CIN",
                 "state": "assessment", "referral_date": referral, "referral_source": "2A",
                 "primary_need": "N1", "assessment_started_on": referral,
                 "assessment_factors": json.dumps([])}  # fmt: skip
            if rng.random() < 0.5:
                e.update(state="assessed", assessment_authorised_on=referral + dt.timedelta(20),
                         assessment_factors=json.dumps(["3B", "4B"]))  # fmt: skip
                if rng.random() < 0.5:
                    e.update(closed_on=referral + dt.timedelta(25), closure_reason="RC7",
                             state="closed")  # fmt: skip
            episodes.append(e)
        copy_rows(Episode, episodes)
        cins = dict(
            Episode.objects.filter(kind="CIN", child__la_child_id__in=refs).values_list(
                "child_id", "pk"
            )
        )
        cps = []
        for r in refs[::10]:
            start_on = D(2025, 4, 20) + dt.timedelta(days=rng.randint(0, 200))
            cps.append({"family_id": families[r], "child_id": persons[r], "kind": "CP",
                        "state": "cp_plan", "parent_id": cins[persons[r]],
                        "strategy_discussion_on": start_on - dt.timedelta(14),
                        "s47_started_on": start_on - dt.timedelta(14),
                        "s47_ended_on": start_on - dt.timedelta(1), "icpc_on": start_on,
                        "icpc_planned_on": start_on, "cp_plan_started_on": start_on,
                        "cp_category_initial": "NEG", "referral_date": D(2025, 4, 1)})  # fmt: skip
        copy_rows(Episode, cps)
        cp_rows = list(
            Episode.objects.filter(kind="CP", parent_id__in=cins.values()).values_list(
                "pk", "family_id", "cp_plan_started_on", "strategy_discussion_on"
            )
        )
        steps, clocks = [], []
        for pk, family_id, start_on, sd in cp_rows:
            for n in (1, 2):
                day = start_on + dt.timedelta(days=90 * n)
                steps.append({"episode_id": pk, "event": "rcpc_continue", "from_state": "cp_plan",
                              "to_state": "cp_plan", "occurred_on": day, "by_id": user_id,
                              "data": json.dumps({"rcpc_on": day.isoformat()})})  # fmt: skip
            clocks.append({"episode_id": pk, "family_id": family_id, "kind": "icpc",
                           "starts_on": sd, "due_on": start_on, "met_on": start_on,
                           "rules_version": "bench"})  # fmt: skip
        copy_rows(EpisodeTransition, steps)
        copy_rows(StatutoryClock, clocks)
        say(f"  {hi:,} children")


def _measure(traced: bool) -> dict:
    """Write the 2025-26 census once (run in a fresh process, so its peak resident memory is
    the census's own): the time untraced, or the peak of Python's allocations traced."""
    from returns import cin_census, years

    year = years.parse("2025-26")
    with tempfile.NamedTemporaryFile(suffix=".xml") as out:
        if traced:
            tracemalloc.start()
        started = time.perf_counter()
        count = cin_census.write_census(year, out)
        seconds = time.perf_counter() - started
        out.flush()
        result = {"children": count, "xml_mb": round(os.path.getsize(out.name) / 1e6, 1)}
    if traced:
        result["python_peak_mb"] = round(tracemalloc.get_traced_memory()[1] / 1e6, 1)
    else:
        result["seconds"] = round(seconds, 1)
        result["peak_rss_mb"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)
    return result


def _in_fresh_process(traced: bool) -> dict:
    import subprocess  # noqa: S404 - this module, fixed argv

    argv = [sys.executable, "-m", "returns.bench.census", "--measure"]
    done = subprocess.run(  # noqa: S603
        argv + (["--traced"] if traced else []), capture_output=True, text=True, check=True
    )
    return json.loads(done.stdout)


def _setup() -> None:
    if "--measure" not in sys.argv:  # a measuring process gets the database from its parent
        os.environ["DATABASE_URL"] = _database()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "familyhub.settings.test")
    import django

    django.setup()


def main() -> int:
    _setup()
    if "--measure" in sys.argv:
        print(json.dumps(_measure("--traced" in sys.argv)))
        return 0
    from django.core.management import call_command
    from django.db import connection

    from access.models import User
    from people.models import Person

    call_command("migrate", verbosity=0)
    user, _ = User.objects.get_or_create(
        email="bench.returns@example.test", defaults={"full_name": "Bench returns"}
    )
    if Person.objects.filter(la_child_id__startswith="BR").count() > min(SIZES):
        say("Starting again from no children (the database holds more than the first size)...")
        with connection.cursor() as cursor:  # the benchmark's own database only
            cursor.execute(
                "TRUNCATE casework_statutoryclock, casework_episodetransition, casework_episode,"
                " people_membership, people_person, people_family CASCADE"
            )
    results = []
    for size in sorted(SIZES):
        have = Person.objects.filter(la_child_id__startswith="BR").count()
        if have < size:
            say(f"Building {size - have:,} more children in need...")
            _grow(have, size, user.pk, seed=size)
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")  # as autovacuum would, before the census reads
        result = {**_in_fresh_process(False), **_in_fresh_process(True)}
        results.append(result)
        say(f"{size:,} children: {json.dumps(result)}")
    print(json.dumps(results, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
