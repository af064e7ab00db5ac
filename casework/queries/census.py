"""The Children in Need census reads (shared/docs/domain.md §5.1), for the returns app.

Children are read in key order a chunk at a time (keyset pagination), and each chunk's episodes,
steps and clocks with one query per table, so a census of 100,000 children holds one chunk in
memory at a time. These return plain values (no model instances, no access decisions): the
returns app writes them out for a collection year, for users its own policy allows."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Q

from people.models import Person

from ..models import ClockKind, Episode, EpisodeTransition, StatutoryClock

PERSON_FIELDS = (
    "pk",
    "la_child_id",
    "upn",
    "former_upn",
    "upn_unknown_reason",
    "date_of_birth",
    "expected_date_of_birth",
    "sex",
    "date_of_death",
    "ethnicity",
    "disabilities",
)
CIN_FIELDS = (
    "pk",
    "child_id",
    "family_id",
    "referral_date",
    "referral_source",
    "primary_need",
    "referral_nfa",
    "assessment_started_on",
    "assessment_completed_on",
    "assessment_authorised_on",
    "assessment_factors",
    "cin_plan_started_on",
    "cin_plan_ended_on",
    "closed_on",
    "closure_reason",
)
CP_FIELDS = (
    "pk",
    "parent_id",
    "strategy_discussion_on",
    "s47_started_on",
    "s47_ended_on",
    "icpc_not_required",
    "icpc_planned_on",
    "icpc_on",
    "cp_plan_started_on",
    "cp_plan_ended_on",
    "cp_category_initial",
    "cp_category_latest",
    "previous_cp_plans",
    "closed_on",
)
# The steps whose dates the census reports beyond the episode's own columns: each spell of a
# child in need plan, and each review conference of a child protection plan.
PLAN_EVENTS = ("start_cin_plan", "end_cin_plan", "close", "rcpc_continue", "rcpc_end_plan")


@dataclass
class CensusEpisode:
    """One child in need episode (a CINdetails) with its child protection episodes."""

    values: dict[str, Any]
    plan_spells: list[tuple[dt.date, dt.date | None]] = field(default_factory=list)
    protection: list[dict[str, Any]] = field(default_factory=list)


@dataclass
class CensusChild:
    person: dict[str, Any]
    episodes: list[CensusEpisode]


def _in_year_q(start: dt.date, end: dt.date) -> Q:
    """A child in need episode open at any point from start to end (inclusive)."""
    return Q(kind="CIN", referral_date__isnull=False, referral_date__lte=end) & (
        Q(closed_on__isnull=True) | Q(closed_on__gte=start)
    )


def census_child_count(start: dt.date, end: dt.date) -> int:
    return Episode.objects.filter(_in_year_q(start, end)).values("child_id").distinct().count()


def _child_ids(start: dt.date, end: dt.date, after: int, size: int) -> list[int]:
    return list(
        Episode.objects.filter(_in_year_q(start, end), child_id__gt=after)
        .order_by("child_id")
        .values_list("child_id", flat=True)
        .distinct()[:size]
    )


def _as_date(value) -> dt.date | None:
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value)) if value else None
    except ValueError:
        return None


def _plan_spells(values: dict, steps: list[dict]) -> list[tuple[dt.date, dt.date | None]]:
    """Each child in need plan's start and end, from the steps that started and ended it (the
    episode's own columns keep only the latest)."""
    spells: list[tuple[dt.date, dt.date | None]] = []
    start: dt.date | None = None
    for step in steps:
        data = step["data"] or {}
        if step["event"] == "start_cin_plan":
            start = _as_date(data.get("cin_plan_started_on")) or step["occurred_on"]
        elif start and (
            step["event"] == "end_cin_plan"
            or (step["event"] == "close" and step["from_state"] == "cin_plan")
        ):
            end = _as_date(data.get("cin_plan_ended_on") or data.get("closed_on"))
            spells.append((start, end or step["occurred_on"]))
            start = None
    if start:
        spells.append((start, None))
    if not spells and values["cin_plan_started_on"]:  # recorded before steps were kept
        spells.append((values["cin_plan_started_on"], values["cin_plan_ended_on"]))
    return spells


def _reviews(steps: list[dict]) -> list[dt.date]:
    dates = []
    for step in steps:
        if step["event"] in ("rcpc_continue", "rcpc_end_plan"):
            day = _as_date((step["data"] or {}).get("rcpc_on"))
            if day:
                dates.append(day)
    return sorted(dates)


def _chunk(ids: list[int], start: dt.date, end: dt.date) -> list[CensusChild]:
    """The census records of `ids` (consecutive in key order among the children in scope, so
    "in scope with a key from the first to the last" is exactly them: ranges and a sub-select,
    not lists of thousands of parameters)."""
    in_range = {"child_id__gte": ids[0], "child_id__lte": ids[-1]}
    in_year = Episode.objects.filter(_in_year_q(start, end), **in_range)
    people = {
        p["pk"]: p
        for p in Person.objects.filter(pk__in=in_year.values("child_id")).values(*PERSON_FIELDS)
    }
    cins = list(in_year.order_by("child_id", "referral_date", "pk").values(*CIN_FIELDS))
    cin_ids = {e["pk"] for e in cins}
    cps = [
        cp
        for cp in Episode.objects.filter(kind="CP", parent__isnull=False, **in_range)
        .order_by("parent_id", "strategy_discussion_on", "pk")
        .values(*CP_FIELDS)
        if cp["parent_id"] in cin_ids
    ]
    wanted = cin_ids | {e["pk"] for e in cps}
    steps: dict[int, list[dict]] = defaultdict(list)
    for step in (
        EpisodeTransition.objects.filter(
            episode__child_id__gte=ids[0], episode__child_id__lte=ids[-1], event__in=PLAN_EVENTS
        )
        .order_by("episode_id", "pk")
        .values("episode_id", "event", "from_state", "occurred_on", "data")
    ):
        if step["episode_id"] in wanted:
            steps[step["episode_id"]].append(step)
    targets: dict[int, dt.date] = {}
    for clock in (
        StatutoryClock.objects.filter(
            episode__child_id__gte=ids[0], episode__child_id__lte=ids[-1], kind=ClockKind.ICPC
        )
        .order_by("episode_id", "-starts_on", "-pk")
        .values("episode_id", "due_on")
    ):
        targets.setdefault(clock["episode_id"], clock["due_on"])
    protection: dict[int, list[dict]] = defaultdict(list)
    for cp in cps:
        cp["icpc_target"] = targets.get(cp["pk"])
        cp["reviews"] = _reviews(steps.get(cp["pk"], []))
        protection[cp["parent_id"]].append(cp)
    by_child: dict[int, list[CensusEpisode]] = defaultdict(list)
    for e in cins:
        by_child[e["child_id"]].append(
            CensusEpisode(e, _plan_spells(e, steps.get(e["pk"], [])), protection[e["pk"]])
        )
    return [CensusChild(people[pk], by_child[pk]) for pk in ids if pk in people]


def census_children(
    start: dt.date, end: dt.date, *, chunk_size: int = 2000
) -> Iterator[list[CensusChild]]:
    """Every child with a child in need episode open at any point from start to end, in chunks
    of `chunk_size`, ordered by the child's key."""
    after = 0
    while True:
        ids = _child_ids(start, end, after, chunk_size)
        if not ids:
            return
        yield _chunk(ids, start, end)
        after = ids[-1]


def census_child(person_id: int, start: dt.date, end: dt.date) -> CensusChild | None:
    """One child's census record (to find the episode a finding points at)."""
    found = _chunk([person_id], start, end)
    return found[0] if found else None


def changed_on(day: dt.date) -> list[int]:
    """Children whose child in need or child protection work had a step recorded on `day`
    (in the partnership's time zone), in key order (DfE's daily collection)."""
    from django.utils import timezone

    start = timezone.make_aware(dt.datetime.combine(day, dt.time.min))
    end = start + dt.timedelta(days=1)
    return list(
        EpisodeTransition.objects.filter(at__gte=start, at__lt=end, episode__kind__in=("CIN", "CP"))
        .order_by("episode__child_id")
        .values_list("episode__child_id", flat=True)
        .distinct()
    )
