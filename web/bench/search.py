"""`make bench-search`: the register's one search box at a council's size, asked the way
practitioners ask it (issue 17): for each kind of half-heard description, BENCH_SEARCH_QUERIES
queries (default 1,000) as practitioners of the bench council, about people on their own
caseloads and (every kind but a first name alone, which can only be expected to find the
searcher's own families) about people anywhere in what they may see. Prints recall within the
first 10 rows of the page (`HIT`: the person's own row or, for a name typed alone, which the
page answers one family per row, their family's row) and p50/p95 milliseconds per kind and
scope.

    BENCH_SEARCH_DB=sqlite BENCH_SEARCH_QUERIES=200 python -m web.bench.search

Builds (once, then reused) the register `make bench-visibility` builds (web/bench/build.py:
BENCH_SEARCH_SIZE people, default 1,000,000, with synthetic-range NHS numbers and school
children's UPNs) in the search bench's own database: PostgreSQL (BENCH_SEARCH_DB=postgresql,
the default; database familyhub_bench_search, or ..._<size>, on BENCH_PG_URL's server) or
SQLite (BENCH_SEARCH_DB=sqlite; var/bench_search_<size>.sqlite3). BENCH_SEARCH_REBUILD=1
builds it again. The search is `people.search_results.search`, as the search page calls it
(audited, within one request scope per query). Every query is made up from the synthetic
register with a fixed seed.
"""

from __future__ import annotations

import os
import random
import statistics
import sys
import time
from collections.abc import Callable

QUERIES = int(os.environ.get("BENCH_SEARCH_QUERIES", "1000"))
SIZE = int(os.environ.get("BENCH_SEARCH_SIZE", "1000000"))
VENDOR = os.environ.get("BENCH_SEARCH_DB", "postgresql")
WORKERS = int(os.environ.get("BENCH_SEARCH_WORKERS", "20"))
SEED = 17
TOP = 10
HIT = (
    "recall@10: the share of queries whose person is listed within the first 10 rows of the "
    "search page: in their own row, or (a name typed alone is answered one family per row) "
    "inside their family's row, which lists every member the name fits."
)

# Sound-alike slips a listener makes, tried in order until one changes the name.
_SLIPS = [
    ("sh", "ch"),
    ("ph", "f"),
    ("ie", "ei"),
    ("ll", "l"),
    ("rr", "r"),
    ("tt", "t"),
    ("nn", "n"),
    ("ey", "y"),
    ("y", "ie"),
    ("ou", "o"),
    ("a", "e"),
    ("o", "u"),
    ("e", "a"),
    ("i", "y"),
    ("c", "k"),
]


def misspell(name: str, rng: random.Random) -> str:
    """One listener's slip in a name, kept away from its first letter (as people hear it)."""
    head, tail = name[:1], name[1:]
    slips = _SLIPS[:]
    rng.shuffle(slips)
    for old, new in slips:
        at = tail.lower().find(old)
        if at >= 0:
            return head + tail[:at] + new + tail[at + len(old) :]
    return head + tail[:-1] if len(tail) > 2 else name + "e"


def _nicknames() -> dict[str, str]:
    from matching.names import nickname_groups

    out: dict[str, str] = {}
    for group in nickname_groups():
        formal, *others = group
        out.setdefault(formal.lower(), others[0])
    return out


def _kinds(rng: random.Random) -> dict[str, Callable[[dict], str | None]]:
    nick = _nicknames()
    return {
        "surname misspelt": lambda p: misspell(p["family_name"], rng),
        "first name alone": lambda p: p["given_name"],
        "start of the surname": lambda p: (
            p["family_name"][:4] if len(p["family_name"]) > 4 else None
        ),
        "nickname and surname": lambda p: (
            f"{nick[p['given_name'].lower()]} {p['family_name']}"
            if p["given_name"].lower() in nick
            else None
        ),
        "first name misspelt, right surname": lambda p: (
            f"{misspell(p['given_name'], rng)} {p['family_name']}"
        ),
        "date of birth alone": lambda p: (
            p["date_of_birth"].strftime("%d/%m/%Y") if p["date_of_birth"] else None
        ),
        "postcode": lambda p: p["postcode"] or None,
        "NHS number or UPN": lambda p: p["nhs_number"] or p["upn"] or None,
    }


def _people(family_ids: list[int], rng: random.Random, n: int) -> list[dict]:
    """Up to n people (not merged away) of these families, with their current postcode."""
    from people.models import Address, Membership

    chosen = rng.sample(family_ids, min(len(family_ids), n))
    rows = list(
        Membership.objects.filter(family_id__in=chosen, person__merged_into__isnull=True)
        .order_by("pk")
        .values(
            "person_id",
            "person__given_name",
            "person__family_name",
            "person__date_of_birth",
            "person__nhs_number",
            "person__upn",
        )
    )
    postcodes = dict(
        Address.objects.filter(person_id__in=[r["person_id"] for r in rows], is_confidential=False)
        .order_by("person_id", "moved_in_on")
        .values_list("person_id", "postcode")
    )
    rng.shuffle(rows)
    return [
        {
            "pk": r["person_id"],
            "given_name": r["person__given_name"],
            "family_name": r["person__family_name"],
            "date_of_birth": r["person__date_of_birth"],
            "nhs_number": r["person__nhs_number"],
            "upn": r["person__upn"],
            "postcode": postcodes.get(r["person_id"], ""),
        }
        for r in rows[:n]
    ]


def _practitioners() -> list:
    from organisations.models import Involvement, Practitioner

    working = Involvement.objects.active().filter(practitioner__isnull=False)
    return list(
        Practitioner.objects.filter(
            pk__in=working.values("practitioner_id"), user__email__startswith="worker"
        )
        .select_related("user")
        .order_by("pk")[:WORKERS]
    )


def _people_of(row) -> set[int]:
    """The people a row of the page lists: a person's row, or every person in a family's."""
    people = getattr(row, "people", None)
    return {r.hit.person.pk for r in people} if people is not None else {row.hit.person.pk}


def _row_key(row, own: set[int]) -> tuple:
    best = row.best if hasattr(row, "best") else row
    mine = row.own if hasattr(row, "own") else any(f.pk in own for f in row.families)
    return (best.hit.probability, best.hit.band, mine)


def _fair_chance(rows: list, at: int, own: set[int]) -> float:
    """The chance the row at `at` is among the first 10 were the rows listed with exactly the
    same score and tier beside it put in a random order: a misspelt "Smyth" fits every Smith
    the searcher may see equally, and which 10 of 30 come first is a tie, not a miss."""
    key = [_row_key(r, own) for r in rows]
    start = end = at
    while start > 0 and key[start - 1] == key[at]:
        start -= 1
    while end + 1 < len(key) and key[end + 1] == key[at]:
        end += 1
    return max(0.0, min(1.0, (TOP - start) / (end - start + 1)))


def run() -> list[dict]:
    from access.principals import principal_for, request_scope
    from organisations.models import Involvement
    from people import policy, search_results
    from people.search import parse

    rng = random.Random(SEED)
    kinds = _kinds(rng)
    practitioners = _practitioners()
    per = max(1, QUERIES // max(1, len(practitioners)))
    results: dict[tuple[str, str], dict] = {}
    for practitioner in practitioners:
        user = practitioner.user
        own = list(
            Involvement.objects.active()
            .filter(practitioner=practitioner)
            .values_list("family_id", flat=True)
            .distinct()
        )
        seen = policy.visible_family_id_list(principal_for(user))
        mine = set(own)
        for scope, families in (("own caseload", own), ("anywhere they may see", seen)):
            people = _people(list(families), rng, per * 3)
            for kind, make in kinds.items():
                if kind == "first name alone" and scope != "own caseload":
                    continue
                cell = results.setdefault(
                    (kind, scope), {"found": 0, "fair": 0.0, "asked": 0, "ms": []}
                )
                for person in people:
                    if cell["asked"] >= per * (practitioners.index(practitioner) + 1):
                        break
                    typed = make(person)
                    if not typed:
                        continue
                    t0 = time.perf_counter()
                    with request_scope():
                        rows = search_results.search(user, parse(typed), limit=20).rows
                    cell["ms"].append((time.perf_counter() - t0) * 1000)
                    cell["asked"] += 1
                    at = next(
                        (k for k, row in enumerate(rows) if person["pk"] in _people_of(row)), None
                    )
                    cell["found"] += at is not None and at < TOP
                    cell["fair"] += _fair_chance(rows, at, mine) if at is not None else 0.0
    out = []
    for (kind, scope), cell in results.items():
        ms = sorted(cell["ms"]) or [0.0]
        out.append(
            {
                "kind": kind,
                "scope": scope,
                "asked": cell["asked"],
                "recall_at_10": round(cell["found"] / cell["asked"], 3) if cell["asked"] else 0,
                "fair_at_10": round(cell["fair"] / cell["asked"], 3) if cell["asked"] else 0,
                "p50_ms": round(statistics.median(ms), 1),
                "p95_ms": round(ms[int(0.95 * (len(ms) - 1))], 1),
            }
        )
    return out


def _database() -> str:
    rebuild = os.environ.get("BENCH_SEARCH_REBUILD") == "1"
    suffix = "" if SIZE == 1_000_000 else f"_{SIZE}"
    if VENDOR == "sqlite":
        from pathlib import Path

        path = Path(__file__).resolve().parents[2] / "var" / f"bench_search{suffix}.sqlite3"
        path.parent.mkdir(exist_ok=True)
        if rebuild:
            for extra in ("", "-wal", "-shm"):
                Path(f"{path}{extra}").unlink(missing_ok=True)
        return f"sqlite:///{path}"
    import psycopg

    admin = os.environ.get("BENCH_PG_URL", "postgres://postgres@127.0.0.1:5432/postgres")
    name = f"familyhub_bench_search{suffix}"
    with psycopg.connect(admin, autocommit=True) as conn:
        if rebuild:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            conn.execute(f'CREATE DATABASE "{name}"')
    return admin.rsplit("/", 1)[0] + f"/{name}"


def _setup() -> None:
    os.environ["DATABASE_URL"] = _database()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "familyhub.settings.test")
    os.environ.setdefault("FAMILYHUB_CONN_MAX_AGE", "600")
    import django

    django.setup()
    from django.core.management import call_command

    from . import build

    call_command("migrate", verbosity=0)
    if not build.is_built(SIZE):
        build.build(SIZE)


def main() -> int:
    _setup()
    from django.db import connection

    print(
        f"Register of {SIZE:,} people on {connection.vendor}; up to {QUERIES} queries "
        f"per kind and scope, by {WORKERS} practitioners",
        file=sys.stderr,
    )
    rows = run()
    print(
        f"\n{HIT}\nLoad average {os.getloadavg()[0]:.1f} at the end ("
        f"{time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())})."
    )
    print("\n| kind | about people | queries | recall@10 | ties shared | p50 ms | p95 ms |")
    print("|---|---|---|---|---|---|---|")
    for r in rows:
        print(
            f"| {r['kind']} | {r['scope']} | {r['asked']} | {r['recall_at_10']} | "
            f"{r['fair_at_10']} | {r['p50_ms']} | {r['p95_ms']} |"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
