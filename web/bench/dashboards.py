"""`make bench-dashboards` (called from `make bench-returns`): the dashboards at 1,000,000
persons on PostgreSQL.

On bench-visibility's register (web/bench/build.py; built once, 8-20 min, then reused) adds
once a casework history for BENCH_DASHBOARDS_CHILDREN children (default 200,000): early help
for every one, child in need for two in five (some stepped down), child protection for one in
ten of those, their statutory clocks, a few looked after, and 150,000 front-door contacts
(COPY rows, not actions). Then builds the nightly summary (timed: the task's run), and asks
each dashboard page, its CSV and a manager's drill-down through Django's test client,
BENCH_DASHBOARDS_RUNS times (default 20) after a warm-up, printing p50/p95 ms and queries.

    python -m web.bench.dashboards      (BENCH_PG_URL as for bench-visibility)
Every person is invented (is_synthetic)."""

from __future__ import annotations

import datetime as dt
import json
import os
import random
import sys
import time

from familyhub.bench import copy_rows, time_page

CHILDREN = int(os.environ.get("BENCH_DASHBOARDS_CHILDREN", "200000"))
CONTACTS = 150_000
RUNS = int(os.environ.get("BENCH_DASHBOARDS_RUNS", "20"))
TODAY = dt.date(2026, 11, 30)
D = dt.timedelta


def say(text: str) -> None:
    print(text, file=sys.stderr, flush=True)


def _episodes(rng, kids, teams, workers):
    """Rows for the episodes of a batch of children: (EH rows, CIN rows by child)."""
    eh, cin = [], []
    for person_id, family_id in kids:
        team = rng.choice(teams)
        start = TODAY - D(days=rng.randint(10, 1100))
        end = start + D(days=rng.randint(40, 300))
        eh.append({"family_id": family_id, "child_id": person_id, "kind": "EH",
                   "state": "closed" if end < TODAY else "planned", "team_id": team,
                   "allocated_to_id": rng.choice(workers[team]) if rng.random() < 0.9 else None,
                   "referral_date": start, "closed_on": end if end < TODAY else None,
                   "closure_reason": "needs_met" if end < TODAY else "",
                   "assessment_factors": json.dumps([])})  # fmt: skip
        if rng.random() < 0.4:
            s2 = start + D(days=rng.randint(5, 60))
            e2 = s2 + D(days=rng.randint(30, 240))
            la = s2 + D(days=rng.randint(20, 500)) if rng.random() < 0.05 else None
            cin.append({"family_id": family_id, "child_id": person_id, "kind": "CIN",
                        "state": "closed" if e2 < TODAY else "cin_plan", "team_id": team,
                        "referral_date": s2, "referral_source": rng.choice(["1A", "2A", "3A"]),
                        "closed_on": e2 if e2 < TODAY else None, "primary_need": "N1",
                        "closure_reason": rng.choice(["RC7", "RC8", "RC9"]) if e2 < TODAY else "",
                        "looked_after": la is not None, "looked_after_from": la,
                        "assessment_factors": json.dumps([])})  # fmt: skip
    return eh, cin


def _clock(rng, pk, family_id, kind, start, days):
    due = start + D(days=days)
    met = start + D(days=rng.randint(days // 2, days + days // 3))
    return {"episode_id": pk, "family_id": family_id, "kind": kind, "starts_on": start,
            "due_on": due, "met_on": met if met <= TODAY else None,
            "rules_version": "bench"}  # fmt: skip


def build_history() -> None:
    from casework.models import Episode, StatutoryClock
    from frontdoor.models import Contact
    from organisations.models import Practitioner, Team
    from people.models import Membership

    rng = random.Random(14)
    teams = list(Team.objects.order_by("pk").values_list("pk", flat=True))
    workers = {t: list(Practitioner.objects.filter(team_id=t).values_list("pk", flat=True)) or
               [None] for t in teams}  # fmt: skip
    Team.objects.filter(locality="").update(locality="Bench North")
    for i, t in enumerate(teams):
        Team.objects.filter(pk=t).update(locality=["North", "South", "East", "West"][i % 4])
    kids = list(
        Membership.objects.filter(role="child")
        .order_by("pk")
        .values_list("person_id", "family_id")[:CHILDREN]
    )
    for lo in range(0, len(kids), 20_000):
        eh, cin = _episodes(rng, kids[lo : lo + 20_000], teams, workers)
        copy_rows(Episode, eh + cin)
        say(f"  episodes for {lo + len(eh):,} children")
    clocks, cps = [], []
    made = Episode.objects.filter(kind__in=["EH", "CIN"]).values_list(
        "pk", "family_id", "child_id", "kind", "referral_date", "team_id"
    )
    for pk, fam, child, kind, start, team in made.iterator(chunk_size=20_000):
        if kind == "EH":
            clocks.append(_clock(rng, pk, fam, "eh_review", start, 42))
            continue
        clocks.append(_clock(rng, pk, fam, "assessment", start, 63))
        if rng.random() < 0.1:
            sd = start + D(days=7)
            cps.append({"family_id": fam, "child_id": child, "kind": "CP", "state": "cp_plan",
                        "parent_id": pk, "team_id": team, "referral_date": start,
                        "strategy_discussion_on": sd, "icpc_on": sd + D(days=20),
                        "assessment_factors": json.dumps([])})  # fmt: skip
    copy_rows(Episode, cps)
    for pk, fam, sd in Episode.objects.filter(kind="CP").values_list(
        "pk", "family_id", "strategy_discussion_on"
    ):
        clocks.append(_clock(rng, pk, fam, "icpc", sd, 21))
        clocks.append(_clock(rng, pk, fam, "first_core_group", sd + D(days=20), 14))
    copy_rows(StatutoryClock, clocks)
    say(f"  {len(clocks):,} clocks, {len(cps):,} child protection episodes")
    _contacts(rng, kids, teams, Contact)
    _analyze()


def _analyze() -> None:
    """What autovacuum would have done for the rows just copied in (this machine's server runs
    with it off): fresh planner statistics, without which PostgreSQL plans the episodes and
    contacts as empty tables (a nested loop over thousands of rows), and the visibility map,
    without which an index-only scan reads the table anyway (a manager's running clocks)."""
    from django.db import connection

    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("VACUUM (ANALYZE)")


def _contacts(rng, kids, teams, Contact) -> None:
    from django.utils import timezone

    zone = timezone.get_default_timezone()
    rows = []
    for i in range(CONTACTS):
        received = dt.datetime.combine(TODAY - D(days=rng.randint(0, 700)), dt.time(10), zone)
        decided = received + dt.timedelta(hours=rng.randint(1, 40))
        rows.append({"reference": f"BC{i:08d}", "kind": "concern", "received_at": received,
                     "due_at": received + dt.timedelta(hours=24), "calendar_version": "bench",
                     "rules_version": "bench", "status": "closed",
                     "source": rng.choice(["1A", "1B", "2A", "3A", "5A", "6"]),
                     "family_id": rng.choice(kids)[1], "locality": rng.choice(
                         ["North", "South", "East", "West"]), "routed_team_id": rng.choice(teams),
                     "decided_at": decided})  # fmt: skip
    copy_rows(Contact, rows)
    say(f"  {CONTACTS:,} contacts")


def _time(client, url: str) -> dict:
    return time_page(client, url, runs=RUNS, warm=2)


def _analyst():
    from organisations.models import Organisation, Practitioner, Role

    from .build import _user

    found = Practitioner.objects.filter(role=Role.DATA_OFFICER).first()
    if found:
        return found.user
    user = _user("analyst@bench.invalid", "Bench Analyst")
    Practitioner.objects.create(user=user, organisation=Organisation.objects.order_by("pk").first(),
                                role=Role.DATA_OFFICER, job_title="Data officer")  # fmt: skip
    return user


def main() -> int:
    from web.bench import visibility

    visibility._setup()
    from django.contrib.auth import get_user_model
    from django.test import Client
    from django.urls import reverse

    from casework.models import Episode
    from insight import summary
    from organisations.models import Practitioner
    from people.models import Person

    from . import build

    if not Episode.objects.exists():
        say(f"Adding a casework history for {CHILDREN:,} children (once)")
        build_history()
    t0 = time.perf_counter()
    built = summary.build(TODAY)
    nightly = time.perf_counter() - t0
    cast = build.cast()
    manager = Practitioner.objects.get(user_id=cast.manager_user_id)
    team = manager.manages.order_by("pk").first()
    query = "start=2025-12&end=2026-11"
    results = {}
    users = {
        "manager": get_user_model().objects.get(pk=cast.manager_user_id),
        "analyst": _analyst(),
    }
    for who, user in users.items():
        client = Client()
        client.force_login(user)
        for key in ("demand", "timeliness", "caseloads", "flows", "outcomes"):
            url = reverse("insight:dashboard", args=[key]) + "?" + query
            results[f"{who}: {key}"] = _time(client, url)
        results[f"{who}: timeliness by area"] = _time(
            client, reverse("insight:dashboard", args=["timeliness"]) + f"?{query}&area=North"
        )
        results[f"{who}: timeliness CSV"] = _time(
            client, reverse("insight:download", args=["timeliness"]) + "?" + query
        )
    client = Client()
    client.force_login(users["manager"])
    results["manager: drill-down (clocks, own team)"] = _time(
        client, reverse("insight:children", args=["timeliness", "clocks"])
        + f"?{query}&team={team.pk if team else ''}",
    )  # fmt: skip
    print(f"persons: {Person.objects.count():,}; episodes: {Episode.objects.count():,}")
    print(f"nightly summary build: {nightly:.1f} s, {built.facts:,} rows")
    print(f"{'page':48} {'p50 ms':>8} {'p95 ms':>8} {'queries':>8}")
    for name, r in results.items():
        print(f"{name:48} {r['p50_ms']:>8} {r['p95_ms']:>8} {r['queries']:>8}")
    slow = [n for n, r in results.items() if r["p95_ms"] >= 1000]
    print("every page under 1 s at p95" if not slow else f"over 1 s: {', '.join(slow)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
