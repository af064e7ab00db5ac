"""Demo borough hook (FAMILYHUB DEMO_EXTRAS): two and a half years of synthetic history so the
dashboards show something real, then the summary counted.

Every family is named "Synthetic history family N" (reference INS…), every person is
synthetic. Early help runs up to today; child in need and child protection work all closed
before 1 April 2025, so none of it is in scope of the CIN census years the returns page
offers (the demo census stays as the returns app built it). Written directly (history, as
the benchmarks do), not through actions: there is no audit trail or chronology for it.
"""

from __future__ import annotations

import datetime as dt
import random

from django.utils import timezone

PREFIX = "INS"
FAMILIES = 160
CENSUS_START = dt.date(2025, 4, 1)


def reset_demo() -> None:
    from casework.models import Episode, FamilyPlan, Goal, StatutoryClock
    from outcomes.models import GoalScore
    from people.models import Family, Membership, Person

    from .models import Fact, SummaryBuild

    families = Family.objects.filter(reference__startswith=PREFIX, is_synthetic=True)
    GoalScore.objects.filter(goal__plan__family__in=families).delete()
    Goal.objects.filter(plan__family__in=families).delete()
    FamilyPlan.objects.filter(family__in=families).delete()
    StatutoryClock.objects.filter(family__in=families).delete()
    Episode.objects.filter(family__in=families, parent__isnull=False).delete()
    Episode.objects.filter(family__in=families).delete()
    people = Membership.objects.filter(family__in=families).values("person_id")
    person_ids = list(people)
    Membership.objects.filter(family__in=families).delete()
    Person.objects.filter(pk__in=[p["person_id"] for p in person_ids], is_synthetic=True).delete()
    families.delete()
    Fact.objects.all().delete()
    SummaryBuild.objects.all().delete()


def _teams():
    from organisations.models import Practitioner, Team

    teams = list(Team.objects.exclude(locality="").order_by("pk"))
    eh = [t for t in teams if "early help" in t.name.lower()] or teams
    csc = [t for t in teams if t not in eh and t.organisation_id != eh[0].organisation_id]
    workers = {
        t.pk: list(Practitioner.objects.filter(team=t).values_list("pk", flat=True)) for t in teams
    }
    return eh, csc or eh, workers


def _family(i: int, rng: random.Random, team):
    from people.models import Family, Membership, Person

    family = Family.objects.create(
        name=f"Synthetic history family {i}",
        reference=f"{PREFIX}{i:05d}",
        locality=team.locality,
        is_synthetic=True,
    )
    child = Person.objects.create(
        given_name=rng.choice(["Ava", "Leo", "Maya", "Noah", "Isla", "Zain", "Ruby", "Kofi"]),
        family_name=f"Synthetic{i}",
        date_of_birth=dt.date(2012, 1, 1) + dt.timedelta(days=rng.randint(0, 3000)),
        sex=rng.choice("MF"),
        la_child_id=f"{PREFIX}{i:05d}",
        is_synthetic=True,
    )
    Membership.objects.create(family=family, person=child, role="child")
    return family, child


def _clock(episode, kind, starts, due, met, version="wt2023-demo-2"):
    from casework.models import StatutoryClock

    StatutoryClock.objects.create(
        episode=episode, family=episode.family, kind=kind, starts_on=starts, due_on=due,
        met_on=met, rules_version=version,
    )  # fmt: skip


def _episode(family, child, kind, team, start, end, rng, workers, **kw):
    from casework.models import Episode

    at = timezone.make_aware(dt.datetime.combine(start, dt.time(10)))
    pool = workers.get(team.pk) or [None]
    return Episode.objects.create(
        family=family, child=child, kind=kind, team=team,
        state="closed" if end else kw.pop("state", "planned"),
        allocated_to_id=None if rng.random() < 0.15 else rng.choice(pool),
        referral_date=kw.pop("referral_date", start), closed_on=end,
        created_at=at, updated_at=at, rules_version="wt2023-demo-2", **kw,
    )  # fmt: skip


def _csc_history(family, child, eh_team, csc_team, start, rng, workers) -> None:
    """A child in need referral (a step up from early help for some), an assessment clock, a
    child protection plan for a few, closed before the census years; some stepped down."""
    d = dt.timedelta
    end = min(start + d(days=rng.randint(60, 200)), CENSUS_START - d(days=5))
    cin = _episode(family, child, "CIN", csc_team, start, end, rng, workers,
                   referral_source=rng.choice(["1A", "2A", "3A", "5A", "6"]), primary_need="N1",
                   closure_reason="RC9" if rng.random() < 0.4 else "RC7")  # fmt: skip
    _clock(cin, "assessment", start, start + d(days=63), start + d(days=rng.randint(20, 75)))
    if rng.random() < 0.3 and end > start + d(days=40):
        sd = start + d(days=10)
        cp = _episode(family, child, "CP", csc_team, sd, end - d(days=5), rng, workers,
                      parent=cin, strategy_discussion_on=sd, referral_date=start,
                      closure_reason="plan_ended")  # fmt: skip
        icpc = sd + d(days=rng.randint(14, 24))
        _clock(cp, "icpc", sd, sd + d(days=21), icpc)
        _clock(cp, "first_core_group", icpc, icpc + d(days=14), icpc + d(days=rng.randint(7, 18)))
    if rng.random() < 0.1:
        Episode = type(cin)
        Episode.objects.filter(pk=cin.pk).update(
            looked_after=True, looked_after_from=start + d(days=rng.randint(30, 300))
        )
    if cin.closure_reason == "RC9":
        eh = _episode(family, child, "EH", eh_team, end + d(days=7), None, rng, workers,
                      state="planned")  # fmt: skip
        _clock(eh, "eh_review", end + d(days=7), end + d(days=49), end + d(days=45))


def _goals(family, rng, by) -> None:
    from casework.models import FamilyPlan, Goal
    from outcomes.models import GoalScore

    plan = FamilyPlan.objects.create(
        family=family, family_words="We want things calmer at home.", created_by=by
    )
    for text in ("Mornings without shouting", "Getting to school on time"):
        goal = Goal.objects.create(plan=plan, text=text)
        score = rng.randint(1, 4)
        for k in range(3):
            day = timezone.localdate() - dt.timedelta(days=90 - 40 * k)
            GoalScore.objects.create(goal=goal, score=score, scored_on=day, by=by)
            score = max(0, min(10, score + rng.choice([-1, 1, 2, 2, 3])))


def load_demo(*, seed: int = 2026, stdout=None) -> dict[str, int]:
    from django.contrib.auth import get_user_model

    from . import summary

    reset_demo()
    rng = random.Random(seed)
    eh, csc, workers = _teams()
    users = get_user_model().objects.order_by("pk")
    by = users.filter(email__endswith="@demo.familyhub.test").first() or users.first()
    today = timezone.localdate()
    d = dt.timedelta
    for i in range(FAMILIES if eh else 0):
        team = eh[i % len(eh)]
        family, child = _family(i, rng, team)
        start = today - d(days=rng.randint(30, 900))
        if i % 3 == 0 and start < CENSUS_START - d(days=90):
            _csc_history(family, child, team, csc[i % len(csc)], start, rng, workers)
            continue
        end = start + d(days=rng.randint(60, 240))
        ep = _episode(family, child, "EH", team, start, end if end < today else None, rng,
                      workers, closure_reason="needs_met" if end < today else "")  # fmt: skip
        due = start + d(days=42)
        if due < today:
            met = start + d(days=rng.randint(30, 50))
            _clock(ep, "eh_review", start, due, met if met <= today else None)
        if by is not None and i % 4 == 1:
            _goals(family, rng, by)
    built = summary.build()
    if stdout is not None:
        stdout.write(f"Dashboards: synthetic history for {FAMILIES} families; {built.facts} rows")
    return {"dashboard history families": FAMILIES, "summary rows": built.facts}
