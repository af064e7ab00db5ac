"""Reads of the whole-family record. Every function takes the acting user; single-record
fetches check the policy, record the read in the audit trail and raise Http404 for missing and
forbidden alike."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.db.models import Max, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.http import Http404
from django.utils import timezone

import audit
from access import registry
from access.principals import Purpose, principal_for
from audit.models import Verb
from organisations.models import Involvement, InvolvementRole, Role
from people import policy

from . import matcher, search
from .leads import lead_arrangement, lead_arrangements
from .models import (
    INVERSE_LABELS,
    Address,
    ChronologyEntry,
    Family,
    Membership,
    Person,
    Relationship,
)


def _pk(value) -> int | None:
    """A primary key from a URL or caller, or None if it cannot be one."""
    if isinstance(value, int):
        return value
    text = str(value)
    return int(text) if text.isascii() and text.isdecimal() else None


def families_visible_to(user, purpose=Purpose.VIEW) -> QuerySet[Family]:
    return Family.objects.filter(policy.family_visibility_q(user, purpose))


def people_visible_to(user) -> QuerySet[Person]:
    """People the user may see, without records merged into another (people.merge)."""
    return Person.objects.filter(policy.person_visibility_q(user), merged_into__isnull=True)


def get_family_for(user, pk, *, purpose=Purpose.VIEW, record_view=True) -> Family:
    """The family (Http404 if missing or not visible); the read is recorded ("viewed")."""
    return registry.get_for(user, Family, _pk(pk), purpose, record=record_view)


def get_person_for(user, pk, *, purpose=Purpose.VIEW, record_view=True) -> Person:
    """The person (Http404 if missing or not visible); the read is recorded ("viewed")."""
    return registry.get_for(user, Person, _pk(pk), purpose, record=record_view)


def _record_view(principal, obj, purpose) -> None:
    audit.record(principal.user if principal.user is not None else principal, Verb.VIEW, obj)


def register_read_auditors() -> None:
    """What registry.get_for records when it hands out a family or a person (PeopleConfig)."""
    registry.register_read_auditor(Family, _record_view)
    registry.register_read_auditor(Person, _record_view)


def get_involvement_for(user, pk) -> Involvement:
    involvement = (
        Involvement.objects.select_related("family").filter(pk=_pk(pk)).first()
        if _pk(pk) is not None
        else None
    )
    if involvement is None or not policy.can_edit_family(user, involvement.family):
        raise Http404("No involvement found")
    return involvement


# --- Presenters -----------------------------------------------------------------------------


@dataclass
class MemberRow:
    membership: Membership
    person: Person
    age: int | None
    relationships: list[str]


# The family page's break-glass banner: the open break-glass that lets this user see the
# family, if any. ig registers its look-up in IgConfig.ready (ig builds on people, so people
# does not import it).
_break_glass_lookup: Callable[[Any, Family], Any] | None = None


def register_break_glass_lookup(lookup: Callable[[Any, Family], Any]) -> None:
    global _break_glass_lookup  # one registration, at start-up
    _break_glass_lookup = lookup


def _break_glass_for(user, family: Family):
    return _break_glass_lookup(user, family) if _break_glass_lookup is not None else None


@dataclass(frozen=True)
class FamilyFacts:
    """What the family page's sections all draw on, read once per page: the memberships (people
    merged into another record left out), current and past, each with its person, in
    (left_on, pk) order; the relationships between those people; every involvement with its
    organisation, practitioner (and user), team and person, latest first. The members table,
    the genogram, the ecomap and *Who is involved* take them from here, not asking again."""

    memberships: list[Membership]
    relationships: list[Relationship]
    involvements: list[Involvement]


def family_facts(family: Family) -> FamilyFacts:
    memberships = list(
        Membership.objects.filter(family=family, person__merged_into__isnull=True)
        .select_related("person")
        .order_by("left_on", "pk")
    )
    ids = {m.person_id for m in memberships}
    relationships = (
        list(
            Relationship.objects.filter(from_person_id__in=ids, to_person_id__in=ids).order_by("pk")
        )
        if ids
        else []
    )
    involvements = list(
        Involvement.objects.filter(family=family)
        .select_related(
            "organisation", "practitioner__user", "practitioner__organisation", "team", "person"
        )
        .order_by("-started_on", "pk")
    )
    return FamilyFacts(memberships, relationships, involvements)


@dataclass
class FamilyPage:
    family: Family
    members: list[MemberRow]
    former_members: list[MemberRow]
    involvements: list[Involvement]
    past_involvements: list[Involvement]
    chronology: QuerySet[ChronologyEntry]
    can_edit: bool
    break_glass: object = None
    chronology_limited: bool = False
    lead: object = None  # the current lead arrangement (people.leads), or None
    facts: FamilyFacts | None = None  # for the sections other apps add (genogram, ecomap)


def _relationship_lines(
    person_id: int, relationships: list[Relationship], names: dict[int, str]
) -> list[str]:
    lines = []
    for rel in relationships:
        if rel.from_person_id == person_id:
            pr = ", parental responsibility" if rel.parental_responsibility else ""
            ended = " (separated)" if rel.ended_on and rel.kind == "partner" else ""
            lines.append(f"{rel.get_kind_display()} of {names[rel.to_person_id]}{pr}{ended}")
    for rel in relationships:
        if rel.to_person_id == person_id:
            ended = " (separated)" if rel.ended_on and rel.kind == "partner" else ""
            lines.append(f"{INVERSE_LABELS[rel.kind]} of {names[rel.from_person_id]}{ended}")
    return lines


def family_page(user, family: Family) -> FamilyPage:
    today = timezone.localdate()
    facts = family_facts(family)
    names = {m.person_id: m.person.full_name for m in facts.memberships}
    rows = [
        MemberRow(
            m,
            m.person,
            m.person.age_on(today),
            _relationship_lines(m.person_id, facts.relationships, names),
        )
        for m in facts.memberships
    ]
    order = {"parent_carer": 0, "other_adult": 1, "child": 2, "wider_family": 3}
    rows.sort(key=lambda r: (order.get(r.membership.role, 9), -(r.age or -1)))
    involvements = facts.involvements
    lead = lead_arrangement(family)
    for involvement in involvements:
        involvement.role_label = role_label(involvement, lead)
    chronology = family.chronology.all()
    limited = not policy.can_view_section(user, family, "chronology")
    if limited:  # a partner sees its own agency's entries unless the chronology is shared
        chronology = chronology.filter(agency_id=principal_for(user).organisation_id)
    return FamilyPage(
        family=family,
        members=[r for r in rows if r.membership.is_current],
        former_members=[r for r in rows if not r.membership.is_current],
        involvements=[i for i in involvements if i.is_active],
        past_involvements=[i for i in involvements if not i.is_active],
        chronology=chronology.select_related("recorded_by", "agency", "person"),
        chronology_limited=limited,
        can_edit=policy.can_edit_family(user, family),
        break_glass=_break_glass_for(user, family),
        lead=lead,
        facts=facts,
    )


@dataclass
class PersonPage:
    person: Person
    addresses: list[Address]
    families: list[Membership]
    can_edit: bool
    shows_confidential: bool = False


def person_page(user, person: Person) -> PersonPage:
    visible = policy.visible_family_ids(user)  # this person's families among them, not all
    families = (
        list(person.memberships.filter(family_id__in=visible).select_related("family"))
        if visible is not None
        else []
    )
    return PersonPage(
        person=person,
        addresses=list(person.addresses.all()),
        families=families,
        can_edit=policy.can_edit_person(user, person),
        shows_confidential=policy.can_see_confidential_address(user, person),
    )


# --- Home and search ------------------------------------------------------------------------


@dataclass
class MyFamilyRow:
    family: Family
    my_roles: list[str]
    members: int
    children: int
    last_summary: str | None
    last_at: object
    to_do: list[str]


NOT_THE_LEAD = "Practitioner (not the current lead)"


def _to_do(family: Family, memberships: list[Membership], lead) -> list[str]:
    """Gaps in the record that the worker can close, in plain words."""
    items = []
    if lead is None:
        items.append("No lead practitioner recorded")
    children = [m.person for m in memberships if m.role == "child" and not m.person.is_unborn]
    missing_nhs = sum(1 for p in children if not p.nhs_number)
    if missing_nhs:
        items.append(f"{missing_nhs} child{'ren' if missing_nhs > 1 else ''} without an NHS number")
    homeless = sum(
        1
        for m in memberships
        if m.in_household and not any(a.moved_out_on is None for a in m.person.addresses.all())
    )
    if homeless:
        items.append(f"{homeless} member{'s' if homeless > 1 else ''} without a current address")
    return items


def role_label(involvement: Involvement, lead) -> str:
    """How an involvement's role reads: "Lead practitioner" only for the practitioner the
    family's current lead arrangement names (people.leads), so no page can disagree with it."""
    if involvement.role == InvolvementRole.LEAD_PRACTITIONER and not (
        lead is not None and involvement.practitioner_id == lead.lead_id
    ):
        return NOT_THE_LEAD
    return involvement.get_role_display()


def _my_roles(involvements, lead, practitioner_id, own_role: str = "") -> list[str]:
    """The user's roles with a family. An involvement recorded only as "Other" (as the front
    door's are) reads as what the user does, e.g. "Front-door practitioner" (issue 17)."""
    roles = {
        own_role if i.role == InvolvementRole.OTHER and own_role else role_label(i, lead)
        for i in involvements
    }
    if lead is not None and lead.lead_id == practitioner_id:
        roles.add(InvolvementRole.LEAD_PRACTITIONER.label)
    return sorted(roles)


def _role_words(role: str) -> str:
    return Role(role).label if role in Role.values else ""


def _current_members() -> Prefetch:
    """Each family's current members with only what the "to do" reads (_to_do), not all forty."""
    person = ("date_of_birth", "expected_date_of_birth", "nhs_number")
    rows = Membership.objects.filter(left_on__isnull=True).select_related("person")
    rows = rows.only("family", "role", "in_household", *(f"person__{f}" for f in person))
    moved = Address.objects.only("person", "moved_out_on")
    addresses = Prefetch("person__addresses", queryset=moved)
    return Prefetch("memberships", rows.prefetch_related(addresses), to_attr="current_memberships")


def my_families(user, *, limit: int = 50) -> list[MyFamilyRow]:
    """Families the user is personally involved with now, most recently active first."""
    p = principal_for(user)
    if not p.is_practitioner:
        return []
    mine = Involvement.objects.active().filter(practitioner_id=p.practitioner_id)
    latest = ChronologyEntry.objects.filter(family=OuterRef("pk")).order_by("-occurred_at", "-pk")
    families = (
        families_visible_to(user)
        .filter(pk__in=mine.values("family_id"))
        .prefetch_related(
            Prefetch("involvements", queryset=mine, to_attr="my_involvements"),
            _current_members(),
        )
        .annotate(
            last_summary=Subquery(latest.values("summary")[:1]),
            last_at=Subquery(latest.values("occurred_at")[:1]),
        )
        .order_by("-updated_at", "pk")[:limit]
    )
    families = list(families)
    leads = lead_arrangements(families)
    rows = []
    for family in families:
        lead = leads.get(family.pk)
        rows.append(
            MyFamilyRow(
                family=family,
                my_roles=_my_roles(
                    family.my_involvements, lead, p.practitioner_id, _role_words(p.role)
                ),
                members=len(family.current_memberships),
                children=sum(1 for m in family.current_memberships if m.role == "child"),
                last_summary=family.last_summary,
                last_at=family.last_at,
                to_do=_to_do(family, family.current_memberships, lead),
            )
        )
    rows.sort(key=lambda r: r.last_at or r.family.created_at, reverse=True)
    if rows:
        audit.record(user, Verb.LIST, None, changes={"list": "my families", "count": len(rows)})
    return rows


@dataclass
class SearchHit:
    """One person the engine found, with its score band and the reasons in plain words."""

    person: Person
    probability: float
    band: str
    reasons: list[str]

    TAGS = {
        "certain": "govuk-tag--green",
        "likely": "govuk-tag--blue",
        "unlikely": "govuk-tag--grey",
    }
    # Below "possible" the search box lists what only part of the description fits (one name
    # heard, the start of a name): a partial match, to be checked, not an unlikely person.
    LABELS = {"unlikely": "Partial"}

    @property
    def band_label(self) -> str:
        return self.LABELS.get(self.band, self.band.capitalize())

    @property
    def tag_class(self) -> str:
        return self.TAGS.get(self.band, "govuk-tag--yellow")


@dataclass
class SearchResult:
    hit: SearchHit
    families: list[Family]


# Up to this many families the search prior counts the people exactly; above it, estimates.
EXACT_POPULATION_FAMILIES = 500


def _population(user, listed: list[int]) -> int:
    """How many people this user is choosing among (the engine's prior), once per request.
    Counted for a caseload of up to EXACT_POPULATION_FAMILIES families (the members of the
    families they see, by the indexed family column); above that, estimated as their
    families times the register's people per family (two index look-ups), so that search
    never counts a manager's whole visible register. The prior moves with the logarithm of
    the count: an estimate a few per cent out changes no band. `listed`: the user's visible
    families (`policy.visible_family_id_list`)."""
    p = principal_for(user)

    def count() -> int:
        families = len(listed)
        if families <= EXACT_POPULATION_FAMILIES:
            members = Membership.objects.filter(family_id__in=listed).order_by()
            return members.values("person_id").distinct().count()
        most_people = Person.objects.aggregate(n=Max("pk"))["n"] or 0
        most_families = Family.objects.aggregate(n=Max("pk"))["n"] or 1
        return round(families * most_people / most_families)

    return p.remember(("population",), count)


def _find_visible(user, record: dict, *, limit: int, **options) -> list[SearchResult]:
    """The matching engine (`matcher.find`, plugged in by the matching app) over the people
    this user may see, each hit with the families of theirs the user may see (one query for
    all). The engine finds the candidates first and applies the visibility filter to those
    few; nothing here reads the whole visible register. When the user's families are few (a
    worker's team's), a name heard alone is looked up among those families' people (`sight`)."""
    listed = policy.visible_family_id_list(user)
    if len(listed) <= SIGHT_FAMILIES:
        options = {**options, "sight": listed, "own_families": lambda: own_family_ids(user)}
    matches = matcher.find(
        record,
        limit=limit,
        scope=policy.person_visible_each_q(user, merged=False),
        population=_population(user, listed),
        **options,
    )
    if not matches:
        return []
    people = Person.objects.filter(merged_into__isnull=True).in_bulk([m.person_id for m in matches])
    hits = [
        SearchHit(people[m.person_id], m.probability, m.band, m.reasons)
        for m in matches
        if m.person_id in people
    ]
    families = policy.visible_family_ids(user)
    if not hits or families is None:
        return [SearchResult(hit=h, families=[]) for h in hits]
    memberships = (
        Membership.objects.filter(person_id__in=[h.person.pk for h in hits], family_id__in=families)
        .select_related("family")
        .order_by("family__name", "pk")
    )
    by_person: dict[int, list[Family]] = {}
    for m in memberships:
        by_person.setdefault(m.person_id, []).append(m.family)
    return [SearchResult(hit=h, families=by_person.get(h.person.pk, [])) for h in hits]


# Up to this many families, a name heard alone is looked up among the people of the families
# the user may see (the matching engine's `sight`; matching/heard.py), not the whole register.
SIGHT_FAMILIES = 3000


def own_family_ids(user) -> set[int]:
    """The families the user is personally involved with now (their caseload), once per
    request."""
    p = principal_for(user)
    if not p.is_practitioner or p.practitioner_id is None:
        return set()
    mine = Involvement.objects.active().filter(practitioner_id=p.practitioner_id)
    return p.remember(
        ("own_families",), lambda: set(mine.values_list("family_id", flat=True).order_by())
    )


def _own_people_q(user) -> Q | None:
    """People in the families the user is personally involved with now (their caseload)."""
    p = principal_for(user)
    if not p.is_practitioner or p.practitioner_id is None:
        return None
    mine = Involvement.objects.active().filter(practitioner_id=p.practitioner_id)
    return Q(
        pk__in=Membership.objects.filter(family_id__in=mine.values("family_id")).values("person_id")
    )


_TIER = {"certain": 0, "likely": 1}


def _ranked(results: list[SearchResult], own: set[int]) -> list[SearchResult]:
    """Certain and likely matches first, best first; then everyone else with the user's own
    families (their caseload) before the rest, each best first."""
    return sorted(
        results,
        key=lambda r: (
            _TIER.get(r.hit.band, 2),
            r.hit.person.pk not in own,
            -r.hit.probability,
        ),
    )


def search_people(user, terms: search.SearchTerms, *, limit: int = 20) -> list[SearchResult]:
    """People visible to the user who may be the person described, best first (`find_people`),
    the search recorded in the audit trail."""
    results = find_people(user, terms, limit=limit)
    if not terms.is_empty:
        record_search(user, terms, results)
    return results


def record_search(user, terms: search.SearchTerms, results: list[SearchResult], **more) -> None:
    """The search and the people it listed, in the audit trail."""
    audit.record(
        user,
        Verb.SEARCH,
        None,
        changes={
            "list": "search results",
            "terms": {k: str(v) for k, v in vars(terms).items() if v},
            "count": len(results),
            "results": [r.hit.person.pk for r in results],
            **more,
        },
    )


def find_people(user, terms: search.SearchTerms, *, limit: int = 20) -> list[SearchResult]:
    """People visible to the user who may be the person described, best first (the matching
    engine: `matching.register.find`). Sealed records stay invisible to those without access.

    When the engine finds no one it would call at least possible, the box looks again the way
    a colleague would for a half-heard name (`wide`: each name on its own, the start of a name,
    a date of birth alone), within the user's own families first, and lists what that finds
    as partial matches. Either way, below "likely" the user's own families come first."""
    if terms.is_empty:
        return []
    record = terms.record()
    own_q = _own_people_q(user)
    # One name alone fits many people: list those it sounds like (however weak each is, as a
    # colleague would read out the Smiths), rather than none and then a wider look.
    floor = {"threshold": 0.0} if set(record) == {"name"} else {}
    results = _find_visible(user, record, limit=limit, prefer=own_q, **floor)
    if not results:
        results = _find_visible(user, record, limit=limit, threshold=0.0, wide=True, prefer=own_q)
    if own_q is not None and any(r.hit.band not in _TIER for r in results):
        mine = own_family_ids(user)
        own = {r.hit.person.pk for r in results if any(f.pk in mine for f in r.families)}
        results = _ranked(results, own)
    return results


def possible_existing_people(user, data: dict, address: dict | None = None) -> list[SearchResult]:
    """Before a new person is added: people the user may see whom the engine thinks likely
    (or certainly) the same person as the one being typed in — the same engine as search."""
    dob = data.get("date_of_birth")
    record = {
        "first_name": data.get("given_name", ""),
        "surname": data.get("family_name", ""),
        "dob": dob.isoformat() if dob else "",
        "sex": data.get("sex", ""),
        "nhs_number": data.get("nhs_number", ""),
        "upn": data.get("upn", ""),
    }
    if address:
        record["postcode"] = address.get("postcode", "")
        record["address_line_1"] = address.get("line_1", "")
    results = _find_visible(user, record, limit=5, threshold=matcher.link_threshold())
    if results:
        audit.record(
            user,
            Verb.SEARCH,
            None,
            changes={"purpose": "adding a person", "results": [r.hit.person.pk for r in results]},
        )
    return results


def visible_family_count(user) -> int:
    """How many families the user sees (the home page's sentence): counted on the indexed
    visibility sub-select, which is bounded by the user's and their teams' involvements."""
    return families_visible_to(user).count()


def register_counts(user) -> dict[str, int]:
    visible = families_visible_to(user)
    return {"families": visible.count(), "people": people_visible_to(user).count()}


def partnerships(family: Family) -> QuerySet[Relationship]:
    """The couples in the family still recorded together (to record a separation)."""
    members = members_for_choice(family).values("pk")
    return (
        Relationship.objects.filter(
            kind="partner", ended_on__isnull=True, from_person__in=members, to_person__in=members
        )
        .select_related("from_person", "to_person")
        .order_by("pk")
    )


def members_for_choice(family: Family) -> QuerySet[Person]:
    return Person.objects.filter(
        Q(memberships__family=family) & Q(memberships__left_on__isnull=True),
        merged_into__isnull=True,
    ).distinct()
