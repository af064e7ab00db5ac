"""`make bench-visibility`: the home page, register search and a family page at a council's
size, for a practitioner, a manager over several teams and a partner school's DSL.

    BENCH_VISIBILITY_SIZE=100000 python -m web.bench.visibility

Builds (once, then reused) a register of BENCH_VISIBILITY_SIZE people (default 1,000,000) in
its own PostgreSQL database (familyhub_bench_visibility, or ..._<size> for another size) with
the server's stock settings (web/bench/build.py), then asks each page through Django's test
client, alone, BENCH_VISIBILITY_RUNS times (default 40) after a warm-up, and prints p50/p95
milliseconds and the queries per page; then the EXPLAIN of each visibility filter for each
principal, flagging any sequential scan of a large table (never of the people table).

BENCH_PG_URL is the server (default postgres://postgres@127.0.0.1:5432/postgres);
BENCH_VISIBILITY_REBUILD=1 drops the database and builds it again.
"""

from __future__ import annotations

import json
import os
import sys
from urllib.parse import urlencode

from familyhub.bench import time_page

SIZE = int(os.environ.get("BENCH_VISIBILITY_SIZE", "1000000"))
RUNS = int(os.environ.get("BENCH_VISIBILITY_RUNS", "40"))
WARM = 3
# Tables a filter must never scan whole (the register's, and the keys).
LARGE = (
    "people_person",
    "people_family",
    "people_membership",
    "people_address",
    "people_chronologyentry",
    "organisations_involvement",
    "matching_personkey",
)


def say(text: str) -> None:
    print(text, file=sys.stderr, flush=True)


def _database() -> str:
    admin = os.environ.get("BENCH_PG_URL", "postgres://postgres@127.0.0.1:5432/postgres")
    name = "familyhub_bench_visibility" + ("" if SIZE == 1_000_000 else f"_{SIZE}")
    import psycopg

    with psycopg.connect(admin, autocommit=True) as conn:
        if os.environ.get("BENCH_VISIBILITY_REBUILD") == "1":
            conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
        if not exists:
            conn.execute(f'CREATE DATABASE "{name}"')
    return admin.rsplit("/", 1)[0] + f"/{name}"


def _setup() -> None:
    os.environ["DATABASE_URL"] = _database()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "familyhub.settings.test")
    # A running server keeps its database connections (as the test client would not).
    os.environ.setdefault("FAMILYHUB_CONN_MAX_AGE", "600")
    import django

    django.setup()
    from django.core.management import call_command

    from . import build

    call_command("migrate", verbosity=0)
    if not build.is_built(SIZE):
        build.build(SIZE)


# --- Timing pages -----------------------------------------------------------------------------


def _pages(cast) -> dict[str, str]:
    from django.urls import reverse

    search = reverse("people:search")
    return {
        "home": reverse("web:home"),
        "search (name and date of birth)": f"{search}?{urlencode({'q': cast.search_name})}",
        "search (a common surname)": f"{search}?{urlencode({'q': cast.common_surname})}",
        "family page": reverse("people:family", args=[cast.family_id]),
    }


def time_pages(cast) -> dict:
    from django.test import Client

    from access.models import User

    out: dict[str, dict] = {}
    for who, user_id in _principals(cast).items():
        client = Client()
        client.force_login(User.objects.get(pk=user_id))
        for page, url in _pages(cast).items():
            out.setdefault(who, {})[page] = time_page(client, url, runs=RUNS, warm=WARM)
            say(f"  {who:>12} {page:<34} {out[who][page]}")
    return out


def _principals(cast) -> dict[str, int]:
    return {
        "practitioner": cast.practitioner_user_id,
        "manager": cast.manager_user_id,
        "partner": cast.partner_user_id,
    }


# --- Plans ------------------------------------------------------------------------------------


def _rule_q(registry, model):
    """The registered practitioner rule's filter for `model` (for casework's episodes and case
    notes: casework_visibility_q and case_note_visibility_q), without importing the app."""
    from access.principals import Purpose

    rule = registry.record_rule(model, "practitioner")
    return lambda p: rule.filter_q(p, Purpose.VIEW)


def _filters():
    """(label, model, filter function of a principal) for each visibility filter: every rule
    in the registry, and the policy filters the pages use."""
    from django.apps import apps

    from access import registry
    from access.principals import Purpose
    from people.models import Family, Person
    from people.policy import family_visibility_q, person_visibility_q

    # By name: the bench reads casework's tables, it does not depend on the app.
    Episode, CaseNote = (
        apps.get_model("casework", "Episode"),
        apps.get_model("casework", "CaseNote"),
    )

    out = [
        ("Family: family_visibility_q", Family, family_visibility_q),
        ("Person: person_visibility_q", Person, person_visibility_q),
        ("Episode: casework_visibility_q", Episode, _rule_q(registry, Episode)),
        ("CaseNote: case_note_visibility_q", CaseNote, _rule_q(registry, CaseNote)),
    ]
    for rule in registry.rules():
        if rule.kind == "practitioner":
            label = f"{rule.model._meta.label}: registered rule"
            out.append((label, rule.model, lambda p, r=rule: r.filter_q(p, Purpose.VIEW)))
    return out


def explain_filters(cast) -> list[dict]:
    from django.core.exceptions import EmptyResultSet
    from django.db import connection

    from access.models import User
    from access.principals import principal_for

    results = []
    for who, user_id in _principals(cast).items():
        principal = principal_for(User.objects.get(pk=user_id))
        for label, model, fn in _filters():
            qs = model._default_manager.filter(fn(principal)).order_by().values("pk")
            try:
                sql, params = qs.query.sql_with_params()
            except EmptyResultSet:  # the rule gives this principal nothing: no query at all
                results.append(
                    {"principal": who, "filter": label, "seq_scans": [], "plan": ["(none)"]}
                )
                continue
            with connection.cursor() as cursor:
                cursor.execute(f"EXPLAIN {sql}", params)
                plan = [row[0] for row in cursor.fetchall()]
            scans = sorted({t for line in plan for t in LARGE if f"Seq Scan on {t} " in line})
            results.append({"principal": who, "filter": label, "seq_scans": scans, "plan": plan})
    return results


def main() -> int:
    _setup()
    from . import build

    cast = build.cast()
    say(f"Register of {SIZE:,} people; {RUNS} runs per page after {WARM} to warm up")
    figures = time_pages(cast)
    plans = explain_filters(cast)
    for p in plans:
        verdict = "SEQ SCAN of " + ", ".join(p["seq_scans"]) if p["seq_scans"] else "no scan"
        if p["plan"] == ["(none)"]:
            verdict = "nothing to see (no query)"
        print(f"\n== EXPLAIN {p['filter']} for the {p['principal']}: {verdict}")
        print("\n".join(p["plan"]))
    print("\n| principal | page | p50 ms | p95 ms | queries |\n|---|---|---|---|---|")
    for who, pages in figures.items():
        for page, f in pages.items():
            print(f"| {who} | {page} | {f['p50_ms']} | {f['p95_ms']} | {f['queries']} |")
    scanned = [p for p in plans if "people_person" in p["seq_scans"]]
    worst = max(f["p95_ms"] for pages in figures.values() for f in pages.values())
    print(f"\nWorst p95: {worst} ms; plans scanning the people table: {len(scanned)}")
    print(json.dumps({"size": SIZE, "runs": RUNS, "pages": figures}), file=sys.stderr)
    return 0 if not scanned else 1


if __name__ == "__main__":
    sys.exit(main())
