"""Caseloads, re-referrals, outcome checks due, absences and step-downs waiting."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field

from django.db.models import Count, Q, QuerySet
from django.utils import timezone
from django.utils.safestring import SafeString, mark_safe

import audit
from access.principals import principal_for
from audit.models import Verb
from casework import policy
from familyhub.charts import Bar, bar_chart, describe
from familyhub.paging import Page, page_of
from organisations import policy as org_policy
from organisations.models import Practitioner
from outcomes.models import SustainedOutcomeCheck
from people.models import Family, Membership
from people.queries import families_visible_to

from ..models import (
    Absence,
    Episode,
    StatutoryClock,
    StepDown,
)
from .choices import absence_practitioners_for
from .family import EpisodeRow, clock_rows


def re_referral_count(user, start: dt.date, end: dt.date) -> dict[str, int]:
    """Referrals in [start, end] among the families one may see, and how many were re-referrals
    (within the configured window after an earlier episode closed or stepped down)."""
    qs = Episode.objects.filter(policy.casework_visibility_q(user)).filter(
        kind="CIN", referral_date__gte=start, referral_date__lte=end
    )
    counts = qs.aggregate(
        referrals=Count("pk"), re_referrals=Count("pk", filter=Q(is_re_referral=True))
    )
    return {"referrals": counts["referrals"] or 0, "re_referrals": counts["re_referrals"] or 0}


@dataclass
class WorkerRow:
    practitioner: Practitioner
    families: int
    children: int
    open_clocks: int
    overdue: int
    absence: Absence | None


@dataclass
class Caseload:
    workers: list[WorkerRow]
    unallocated: Page  # of Episode: a manager's teams' work with no worker, oldest first
    mine: list[EpisodeRow]
    overdue: Page  # of ClockRow: soonest due first
    team_members: list[Practitioner]
    is_manager: bool
    re_referrals: dict[str, int]
    outcome_checks: list[SustainedOutcomeCheck] = field(default_factory=list)


def _record_caseload(user, result: Caseload) -> None:
    """The caseload is a list of families: who listed it and how many, not the names."""
    audit.record(
        user,
        Verb.LIST,
        None,
        changes={
            "list": "caseload",
            "count": len(result.mine),
            "families": len({row.episode.family_id for row in result.mine}),
            "team_members": len(result.workers),
            "unallocated": len(result.unallocated),
            "unallocated_page": result.unallocated.number,
            "overdue": len(result.overdue),
            "overdue_page": result.overdue.number,
        },
    )


def _absences_on(practitioners: list[Practitioner], day: dt.date) -> dict[int, Absence]:
    """Each practitioner's absence on `day` (the one ending first, as _absence_on picks it), in
    one query for the whole list, not one per worker."""
    found: dict[int, Absence] = {}
    absences = Absence.objects.filter(
        practitioner__in=[p.pk for p in practitioners],
        cancelled_at__isnull=True,
        starts_on__lte=day,
        ends_on__gte=day,
    ).order_by("practitioner_id", "ends_on", "pk")
    for absence in absences:
        found.setdefault(absence.practitioner_id, absence)
    return found


# What the caseload's lists show of an episode (its family's name, the child's name, its kind
# and state) and of an overdue clock (its kind and dates, the child, the worker), and no more:
# a manager's page lists up to 150 episodes, and an episode has some forty fields. A field a
# row comes to need goes here (else it is read once a row: the query pins catch that).
EPISODE_ROW_FIELDS = (
    "kind",
    "state",
    "created_at",
    "family__name",
    "child__given_name",
    "child__family_name",
)
OVERDUE_FIELDS = (
    "kind",
    "due_on",
    "met_on",
    "stopped_on",
    "episode__child__given_name",
    "episode__child__family_name",
    "episode__allocated_to__user__full_name",
)

Clock = tuple[int, dt.date, int | None]  # a running clock: id, due, its episode's worker


def _running_clocks(episodes) -> list[Clock]:
    """The running clocks of `episodes`, soonest due first, in one query (a team's few
    hundred): read once for the workers' figures and the overdue list, not joined to the
    teams' episodes twice."""
    return list(
        StatutoryClock.objects.running()
        .filter(episode__in=episodes.values("pk"))
        .order_by("due_on", "pk")
        .values_list("pk", "due_on", "episode__allocated_to")
    )


def _overdue_page(clocks: list[Clock], today: dt.date, number: int) -> Page:
    """A page of the overdue clocks (soonest due first) with what the list shows of each."""
    overdue = [pk for pk, due, _worker in clocks if due < today]
    ids = page_of(overdue, number)
    rows = (
        StatutoryClock.objects.filter(pk__in=ids.rows)
        .select_related("episode__child", "episode__allocated_to__user")
        .only(*OVERDUE_FIELDS)
        .order_by("due_on", "pk")
        if ids.rows
        else []
    )
    ids.rows = clock_rows(rows, today)
    return ids


def _unallocated_page(user, number: int) -> Page:
    """A page of the manager's teams' unallocated work, oldest first: the page's ids from the
    index alone (episode_unallocated_page: a team's few thousand open episodes are not read and
    sorted whole), then those episodes with their family and child."""
    ids = page_of(
        Episode.objects.open()
        .filter(policy.unallocated_q(user))
        .order_by("created_at", "pk")
        .values_list("pk", flat=True),
        number,
    )
    ids.rows = (
        list(
            Episode.objects.filter(pk__in=ids.rows)
            .select_related("family", "child")
            .only(*EPISODE_ROW_FIELDS)
            .order_by("created_at", "pk")
        )
        if ids.rows
        else []
    )
    return ids


def _worker_rows(members, episodes, clocks: list[Clock], today: dt.date) -> list[WorkerRow]:
    """A manager's 'Your teams' rows: each worker's families, children, open and overdue
    clocks among `episodes`, and absence today (none asked when there are no workers)."""
    if not members:
        return []
    by_worker = {
        row["allocated_to"]: row
        for row in episodes.filter(allocated_to__isnull=False)
        .values("allocated_to")
        .annotate(families=Count("family", distinct=True), children=Count("child", distinct=True))
    }
    open_clocks = Counter(worker for _pk, _due, worker in clocks)
    overdue = Counter(worker for _pk, due, worker in clocks if due < today)
    absences = _absences_on(members, today)
    workers = []
    for practitioner in members:
        row = by_worker.get(practitioner.pk, {})
        workers.append(
            WorkerRow(
                practitioner,
                row.get("families", 0),
                row.get("children", 0),
                open_clocks[practitioner.pk],
                overdue[practitioner.pk],
                absences.get(practitioner.pk),
            )
        )
    return workers


def caseload(
    user,
    today: dt.date | None = None,
    *,
    overdue_page: int = 1,
    unallocated_page: int = 1,
) -> Caseload:
    """The caseload page: the manager's workers, a page (PAGE_SIZE) of the teams' unallocated
    work and of the overdue clocks (each with a next page, never counted whole), the worker's
    own episodes and the outcome checks due."""
    today = today or timezone.localdate()
    p = principal_for(user)
    episodes = Episode.objects.open().filter(policy.caseload_q(user))
    clocks = _running_clocks(episodes)
    is_manager = org_policy.is_team_manager(p) and bool(p.managed_team_ids)
    members = org_policy.team_members_under(p)
    workers = _worker_rows(members, episodes, clocks, today)
    mine = (
        Episode.objects.open()
        .filter(allocated_to_id=p.practitioner_id, family__is_restricted=False)
        .select_related("family", "child")
        .only(*EPISODE_ROW_FIELDS)
        .prefetch_related("clocks")
        .order_by("family__name", "pk")
    )
    overdue = _overdue_page(clocks, today, overdue_page)
    result = Caseload(
        workers=workers,
        unallocated=_unallocated_page(user, unallocated_page) if is_manager else page_of([], 1),
        mine=[
            EpisodeRow(
                e, [c for c in clock_rows(e.clocks.all(), today) if c.status in ("due", "overdue")]
            )
            for e in mine[:200]
        ],
        overdue=overdue,
        team_members=members,
        is_manager=is_manager,
        re_referrals=re_referral_count(user, today - dt.timedelta(days=365), today),
        outcome_checks=outcome_checks_due(user, today),
    )
    _record_caseload(user, result)
    return result


OUTCOME_CHECK_LOOKAHEAD_DAYS = 28


def outcome_checks_due(user, today: dt.date | None = None) -> list[SustainedOutcomeCheck]:
    """Six-month sustained outcome checks not yet recorded, due within four weeks or overdue,
    for the worker's own (closed) early help episodes and, for a manager, their teams'."""
    today = today or timezone.localdate()
    episodes = Episode.objects.filter(policy.caseload_q(user), kind="EH")
    checks = (
        SustainedOutcomeCheck.objects.filter(
            checked_on__isnull=True,
            due_on__lte=today + dt.timedelta(days=OUTCOME_CHECK_LOOKAHEAD_DAYS),
            episode__in=episodes.values("pk"),
        )
        .select_related("family", "episode__child", "episode__allocated_to")
        .order_by("due_on", "pk")[:200]
    )
    rows = list(checks)
    for check in rows:
        check.status = check.status_on(today)
    return rows


def my_absences(user) -> QuerySet[Absence]:
    today = timezone.localdate()
    return (
        Absence.objects.filter(practitioner__in=absence_practitioners_for(user))
        .filter(cancelled_at__isnull=True, ends_on__gte=today)
        .select_related("practitioner__user")
        .order_by("starts_on")
    )


def step_downs_waiting_for(user) -> QuerySet[StepDown]:
    p = principal_for(user)
    return (
        StepDown.objects.filter(policy.step_down_visibility_q(p))
        .filter(receiving_lead_id=p.practitioner_id, status="proposed")
        .select_related("family")
    )


def family_members_for(family: Family) -> QuerySet[Membership]:
    return family.memberships.filter(left_on__isnull=True).select_related("person")


def families_for_user(user) -> QuerySet[Family]:
    return families_visible_to(user)


def caseload_chart(page: Caseload) -> SafeString:
    """Families per worker, drawn (issue 17); a worker with overdue work is drawn red. The
    'Your teams' table beside it has the same figures."""
    bars = [
        Bar(
            w.practitioner.name,
            w.families,
            f"{w.families} famil{'y' if w.families == 1 else 'ies'}"
            + (f", {w.overdue} overdue" if w.overdue else ""),
            alert=bool(w.overdue),
        )
        for w in page.workers
    ]
    return mark_safe(  # noqa: S308 - familyhub.charts escapes every label
        bar_chart(
            bars,
            chart_id="caseload",
            title="Families per worker",
            desc=describe(bars) + " Red: the worker has overdue work.",
        )
    )
