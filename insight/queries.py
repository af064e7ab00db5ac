"""Reading the dashboards (from the nightly summary) and the children behind a figure. Every
view, CSV download and drill-down is audited like other lists; who may see what is
insight.policy's (404 otherwise)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.http import Http404
from django.utils import timezone

import audit
from audit.models import Verb

from . import dashboards, labels, policy, summary
from .measures import MEASURES
from .models import SummaryBuild
from .summary import Filters

DRILL_LIMIT = 200


def require_dashboards(user) -> None:
    if not policy.can_view_dashboards(user):
        raise Http404("Not found")


def latest_build(user) -> SummaryBuild | None:
    require_dashboards(user)
    return summary.latest()


def filter_choices(user, build: SummaryBuild | None) -> dict:
    """The months, areas, teams and agencies the summary counted, with their names."""
    require_dashboards(user)
    found = build.choices if build else {}
    labels.reset()
    return {
        "months": found.get("months", []),
        "areas": found.get("areas", []),
        "teams": sorted(((t, labels.team(t)) for t in found.get("teams", [])), key=lambda x: x[1]),
        "agencies": sorted(
            ((a, labels.agency(a)) for a in found.get("agencies", [])), key=lambda x: x[1]
        ),
    }


def dashboard_for(user, key: str, filters: Filters, *, export: bool = False):
    """One dashboard for the filters; small numbers suppressed unless the viewer may see
    exact counts for the team filtered to. The view and the download are audited."""
    require_dashboards(user)
    if key not in dashboards.DASHBOARDS:
        raise Http404("Not found")
    labels.reset()
    exact = policy.sees_exact_counts(user, filters.team_id)
    board = dashboards.DASHBOARDS[key](filters, exact)
    audit.record(
        user,
        Verb.EXPORT if export else Verb.VIEW,
        None,
        changes={
            "report": f"dashboard:{key}",
            **filters.as_query(),
            "exact": exact,
            **({"format": "csv"} if export else {}),
        },
    )
    return board, exact


@dataclass(frozen=True)
class ChildRow:
    child_id: int
    name: str
    family_id: int
    day: dt.date
    group: str
    met: bool
    team: str


def drill_down_for(user, key: str, filters: Filters, group: str = "") -> list[ChildRow]:
    """The children behind a figure, for the teams the principal may drill into; everyone
    else (and a measure that counts no children) gets 404. The list is audited."""
    teams = policy.drill_team_ids(user)
    measure = MEASURES.get(key)
    if not teams or measure is None or not measure.drill:
        raise Http404("Not found")
    build = summary.latest()
    as_of = build.as_of if build else timezone.localdate()
    last = (filters.end + dt.timedelta(days=32)).replace(day=1) - dt.timedelta(days=1)
    qs = measure.rows(as_of).filter(
        i_day__gte=filters.start, i_day__lte=last, i_team__in=sorted(teams), i_child__isnull=False
    )
    if filters.area:
        qs = qs.filter(i_area=filters.area)
    if filters.team_id:
        qs = qs.filter(i_team=filters.team_id)
    if filters.agency_id:
        qs = qs.filter(i_agency=filters.agency_id)
    if group:
        qs = qs.filter(i_grp=group)
    values = list(
        qs.order_by("i_day", "i_child").values("i_child", "i_day", "i_grp", "i_met", "i_team")[
            :DRILL_LIMIT
        ]
    )
    people = _people([v["i_child"] for v in values])
    labels.reset()
    rows = [
        ChildRow(
            v["i_child"],
            people.get(v["i_child"], ("", 0))[0],
            people.get(v["i_child"], ("", 0))[1],
            v["i_day"],
            str(v["i_grp"] or ""),
            bool(v["i_met"]),
            labels.team(v["i_team"]),
        )
        for v in values
        if v["i_child"] in people  # never a child of a sealed family
    ]
    audit.record(
        user,
        Verb.LIST,
        None,
        changes={
            "report": f"dashboard drill-down:{key}",
            **filters.as_query(),
            "group": group,
            "children": sorted({r.child_id for r in rows}),
        },
    )
    return rows


def _people(ids: list[int]) -> dict[int, tuple[str, int]]:
    """Each child's name and the family they belong to (the first membership), leaving out
    sealed families and restricted people."""
    from people.models import Membership

    out: dict[int, tuple[str, int]] = {}
    for pid, given, family_name, fam in (
        Membership.objects.filter(
            person_id__in=set(ids), family__is_restricted=False, person__is_restricted=False
        )
        .order_by("person_id", "pk")
        .values_list("person_id", "person__given_name", "person__family_name", "family_id")
    ):
        out.setdefault(pid, (f"{given} {family_name}", fam))
    return out
