"""The search box's answer as the page lists it (issue 17, "finds a person or family from any
part of what was heard").

A name heard on its own — a surname, a first name, the start of a name — fits whole families:
"Smyth" fits every Smith the user may see, and a flat list of people gives ten rows to three
or four families. So a name alone is answered **one row per family**, with the family's
members who fit listed inside the row (every one of them, each with their date of birth), so
that the first ten rows cover ten families. Families are ranked: certain or likely matches
first (as for people), then the user's own families (their caseload), then by how closely the
name fits, then by how recently the user's team (or organisation) became involved with the
family. Anything else typed (two names, a date of birth, a postcode, a number) is answered
person by person (`queries.find_people`).

A person the user sees through no family (an administrator's view) is listed in a row of
their own.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Max, Q

from access.principals import principal_for
from organisations.models import Involvement

from . import queries
from .models import Family
from .search import SearchTerms

PEOPLE_PER_FAMILY = 3  # people asked of the engine per family row listed (a family's namesakes)


@dataclass
class FamilyResult:
    """One family in a name-alone answer: its members who fit, best first."""

    family: Family | None  # None: a person the user sees through no family
    people: list[queries.SearchResult]
    own: bool  # one of the user's own families (their caseload)
    involved_since: dt.date | None = None  # the user's team's (or organisation's) involvement

    @property
    def best(self) -> queries.SearchResult:
        return self.people[0]


@dataclass
class SearchAnswer:
    """What the search page lists: people (`results`), or for a name alone families
    (`families`, each with its people who fit)."""

    results: list[queries.SearchResult]
    families: list[FamilyResult] | None = None

    @property
    def rows(self) -> list:
        return self.families if self.families is not None else self.results

    def __len__(self) -> int:
        return len(self.rows)


def by_family(terms: SearchTerms) -> bool:
    """A name heard alone (one word, nothing else typed) is answered by family."""
    return set(terms.record()) == {"name"}


def search(user, terms: SearchTerms, *, limit: int = 20) -> SearchAnswer:
    """The search page's answer, up to `limit` rows, recorded in the audit trail."""
    if terms.is_empty:
        return SearchAnswer([])
    if not by_family(terms):
        return SearchAnswer(queries.search_people(user, terms, limit=limit))
    people = queries.find_people(user, terms, limit=limit * PEOPLE_PER_FAMILY)
    families = _grouped(user, people)[:limit]
    listed = {id(r): r for row in families for r in row.people}
    queries.record_search(
        user,
        terms,
        list(listed.values()),
        families=[row.family.pk for row in families if row.family is not None],
    )
    return SearchAnswer([r for r in people if id(r) in listed], families)


_TIER = {"certain": 0, "likely": 1}


def _grouped(user, people: list[queries.SearchResult]) -> list[FamilyResult]:
    own = queries.own_family_ids(user)
    rows: dict[object, FamilyResult] = {}
    for r in people:  # best first, so each family's people stay best first
        for family in r.families or [None]:
            key = family.pk if family is not None else ("person", r.hit.person.pk)
            if key not in rows:
                mine = family is not None and family.pk in own
                rows[key] = FamilyResult(family=family, people=[], own=mine)
            rows[key].people.append(r)
    since = _involved_since(user, [k for k in rows if isinstance(k, int)])
    for key, row in rows.items():
        row.involved_since = since.get(key) if isinstance(key, int) else None
    return sorted(
        rows.values(),
        key=lambda row: (
            _TIER.get(row.best.hit.band, 2),
            not row.own,
            -row.best.hit.probability,
            -(row.involved_since or dt.date.min).toordinal(),
            row.family.name if row.family is not None else "",
        ),
    )


def _involved_since(user, family_ids: list[int]) -> dict[int, dt.date]:
    """When the user, their teams or (failing those) their organisation last became involved
    with each of these families, among involvements open now (one query)."""
    p = principal_for(user)
    if not family_ids or not p.is_practitioner:
        return {}
    whose = Q(organisation_id=p.organisation_id) if p.organisation_id else Q(pk__in=[])
    teams = p.team_ids | p.managed_team_ids
    if teams:
        whose |= Q(team_id__in=sorted(teams))
    if p.practitioner_id:
        whose |= Q(practitioner_id=p.practitioner_id)
    rows = (
        Involvement.objects.active()
        .filter(whose, family_id__in=family_ids)
        .order_by()
        .values("family_id")
        .annotate(latest=Max("started_on"))
        .values_list("family_id", "latest")
    )
    return dict(rows)
