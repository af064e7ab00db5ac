"""Who may see and change families and people, and their parts.

A practitioner sees a family while they or their team are involved (plus a configurable grace
period after the involvement ends). A sealed family (is_restricted) is seen only by its named
access list. An open break-glass gives time-limited sight (never of a sealed family, never to
change it). People are seen through the families they belong to.

Every rule has two shapes that agree: a predicate over one record (can_view_family) and a
queryset filter (family_visibility_q). The record rules are registered with the access
registry (access.registry) by `register_rules`, called from PeopleConfig.ready.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.db.models import Exists, OuterRef, Q, Value

from access import registry
from access.principals import Principal, PrincipalKind, Purpose, principal_for
from organisations.models import Role
from organisations.policy import (
    CASE_ROLES,
    CREATE_FAMILY_ROLES,
    EDIT_ROLES,
    _active_involvement_q,
    _involved,
    is_api_client,
)

__all__ = [
    "HANDOVER_SECTIONS",
    "MERGE_ROLES",
    "PARTNER_SECTIONS",
    "can_break_glass",
    "can_contribute_to_family",
    "can_create_family",
    "can_edit_family",
    "can_edit_person",
    "can_manage_access_list",
    "can_merge_people",
    "can_review_break_glass",
    "can_see_confidential_address",
    "can_unmerge_people",
    "can_use_register",
    "can_view_family",
    "can_view_handover",
    "can_view_person",
    "can_view_section",
    "family_visibility_q",
    "is_break_glass_access",
    "person_visibility_q",
    "person_visible_each_q",
    "register_section_grant",
    "section_q",
]


def _as_principal(actor) -> Principal:
    return principal_for(actor)


# --- Families -------------------------------------------------------------------------------
# A practitioner sees a family while they or their team are involved (plus a configurable
# grace period after the involvement ends). A sealed family (is_restricted) is seen only by its
# named access list. An open break-glass gives time-limited sight (never of a sealed family,
# never to change it).


# The named access lists and break-glasses are information governance's records: the ig app
# says where a principal's current ones are (register_grant_source, from IgConfig.ready).
# Each source gives a queryset with a family_id column; with none registered, there are none.
_GRANT_SOURCES: dict[str, Callable[[Principal], Any]] = {}


def register_grant_source(kind: str, current: Callable[[Principal], Any]) -> None:
    """kind: "access_list" (the sealed families one is named on) or "break_glass" (open)."""
    _GRANT_SOURCES[kind] = current


def _grant_rows(kind: str, p: Principal):
    from .models import Membership

    source = _GRANT_SOURCES.get(kind)
    return source(p) if source is not None else Membership.objects.none()


def _grants(p: Principal):
    return _grant_rows("access_list", p)


def _open_break_glass(p: Principal):
    return _grant_rows("break_glass", p)


# The principal's grants, answered once per request (Principal.remember): the named access
# lists it is on and its open break-glasses are a handful of families, read once and then
# written into every filter as literals; involvements may be thousands (a manager over several
# teams), so the filters keep them as an indexed sub-select instead.


def _grant_family_ids(p: Principal) -> tuple[frozenset[int], frozenset[int]]:
    """The families of the principal's named access lists and of its open break-glasses, read
    together in one query once a request (every page a practitioner opens asks both)."""
    if p.practitioner_id is None:
        return frozenset(), frozenset()

    listed, glass = 1, 2  # which arm of the union a row came from

    def read() -> tuple[frozenset[int], frozenset[int]]:
        rows = (
            _grants(p)
            .order_by()
            .values_list("family_id", Value(listed))
            .union(_open_break_glass(p).order_by().values_list("family_id", Value(glass)), all=True)
        )
        found: dict[int, set[int]] = {listed: set(), glass: set()}
        for family_id, kind in rows:
            found[kind].add(family_id)
        return frozenset(found[listed]), frozenset(found[glass])

    return p.remember(("grant_family_ids",), read)


def _granted_family_ids(p: Principal) -> frozenset[int]:
    return _grant_family_ids(p)[0]


def _break_glass_family_ids(p: Principal) -> frozenset[int]:
    return _grant_family_ids(p)[1]


def _is_involved(p: Principal, family_id) -> bool:
    if p.practitioner_id is None and not is_api_client(p):
        return False
    return p.remember(
        ("involved", family_id),
        lambda: _involved(p).filter(family_id=family_id).exists(),
    )


def _visible_family_ids(p: Principal, purpose: Purpose):
    """The ids of the families this principal may see, as a sub-select that plans as index
    look-ups from the principal's side (a UNION of small arms: their own involvements, their
    teams', their access lists, their break-glasses), never as a scan of the families or the
    people: no OR across a sub-select. None when there is nothing to see. Built once a request
    (a page asks it for several of its sections, and for the people it may see); each filter
    that uses it clones it, so the one remembered is never changed."""
    return p.remember(("visible_family_ids", purpose), lambda: _family_ids_subselect(p, purpose))


def _family_ids_subselect(p: Principal, purpose: Purpose):
    from organisations.models import Involvement
    from people.models import Family

    active = Involvement.objects.filter(_active_involvement_q(""), family__is_restricted=False)
    arms = []
    if is_api_client(p):  # a partner system: its organisation's involvements, nothing else
        arms.append(active.filter(organisation_id=p.organisation_id))
    if p.practitioner_id is not None:
        arms.append(active.filter(practitioner_id=p.practitioner_id))
    teams = p.team_ids | p.managed_team_ids
    if teams:
        arms.append(active.filter(team_id__in=sorted(teams)))
    arms = [arm.order_by().values("family_id") for arm in arms]
    families = Family.objects.order_by()
    granted = _granted_family_ids(p)
    if granted:
        arms.append(families.filter(pk__in=sorted(granted), is_restricted=True).values("pk"))
    glass = _break_glass_family_ids(p) if purpose == Purpose.VIEW else frozenset()
    if glass:
        arms.append(families.filter(pk__in=sorted(glass), is_restricted=False).values("pk"))
    if not arms:
        return None
    return arms[0].union(*arms[1:]) if len(arms) > 1 else arms[0]


def _family_rule_applies(p: Principal, purpose: Purpose) -> bool:
    if is_api_client(p):  # sees what its organisation's involvement allows; changes nothing
        return purpose == Purpose.VIEW
    if not p.is_practitioner or p.role not in CASE_ROLES:
        return False
    return purpose != Purpose.EDIT or p.role in EDIT_ROLES


def visible_family_ids(actor, purpose: Purpose = Purpose.VIEW):
    """A sub-select of the ids of the families this principal may see (or edit), for
    `family_id__in=`; None when they see none."""
    p = _as_principal(actor)
    if not _family_rule_applies(p, purpose):
        return None
    return _visible_family_ids(p, purpose)


def family_visibility_q(actor, purpose: Purpose = Purpose.VIEW) -> Q:
    """Filter for Family querysets: the families this principal may see (or edit)."""
    ids = visible_family_ids(actor, purpose)
    return Q(pk__in=[]) if ids is None else Q(pk__in=ids)


def can_view_family(actor, family, purpose: Purpose = Purpose.VIEW) -> bool:
    p = _as_principal(actor)
    if not _family_rule_applies(p, purpose):
        return False
    if family.is_restricted:
        return family.pk in _granted_family_ids(p)
    if _is_involved(p, family.pk):
        return True
    return purpose == Purpose.VIEW and family.pk in _break_glass_family_ids(p)


def is_break_glass_access(actor, family) -> bool:
    """True when the only reason this principal sees the family is an open break-glass."""
    p = _as_principal(actor)
    if not p.is_practitioner or family.is_restricted:
        return False
    if _is_involved(p, family.pk):
        return False
    return family.pk in _break_glass_family_ids(p)


# --- People ---------------------------------------------------------------------------------
# People are seen through the families they belong to. A restricted person (e.g. a high-profile
# person, a staff member) is seen only by those on the named access list of one of their
# families.


def _visible_person_ids(p: Principal):
    """The ids of the people this principal may see, as a sub-select driven from the visible
    families (their memberships, by the indexed family_id), never a scan of the people: a
    UNION of the unrestricted members, the restricted members on one of the principal's access
    lists, and the records merged into either. None when there is nothing to see."""
    from people.models import Membership, Person

    families = _visible_family_ids(p, Purpose.VIEW)
    if families is None:
        return None
    members = Membership.objects.filter(family_id__in=families).order_by()
    arms = [members.filter(person__is_restricted=False).values("person_id")]
    granted = _granted_family_ids(p)
    if granted:
        on_list = Membership.objects.filter(family_id__in=sorted(granted)).values("person_id")
        arms.append(
            members.filter(person__is_restricted=True, person_id__in=on_list).values("person_id")
        )
    seen = arms[0].union(*arms[1:]) if len(arms) > 1 else arms[0]
    # A record merged into another (people.merge) is seen by whoever sees the one it was
    # merged into (its memberships moved there); lists hide it (people.queries).
    merged = (
        Person.objects.filter(merged_into__isnull=False, merged_into_id__in=seen)
        .order_by()
        .values("pk")
    )
    return seen.union(merged)


def visible_person_ids(actor):
    """A sub-select of the ids of the people this principal may see, for `person_id__in=`;
    None when they see none."""
    p = _as_principal(actor)
    if not is_api_client(p) and (not p.is_practitioner or p.role not in CASE_ROLES):
        return None
    return _visible_person_ids(p)


def person_visibility_q(actor) -> Q:
    ids = visible_person_ids(actor)
    return Q(pk__in=[]) if ids is None else Q(pk__in=ids)


LITERAL_FAMILIES = 20_000


def visible_family_id_list(actor) -> list[int]:
    """The ids of the families this principal may see, read once per request."""
    p = _as_principal(actor)
    families = visible_family_ids(p)
    if families is None:
        return []
    return p.remember(("visible_family_list",), lambda: [next(iter(r.values())) for r in families])


def person_visible_each_q(actor, *, merged: bool = True) -> Q:
    """`person_visibility_q`'s rule as a correlated EXISTS per person, to check a handful of
    candidates (search hits) without building a manager's whole visible set. `merged=False`
    leaves merged-away records out. The forms agree (people/tests/test_policy.py)."""
    from people.models import Membership

    p = _as_principal(actor)
    families = visible_family_ids(p)
    if families is None:
        return Q(pk__in=[])
    # A literal list lets the database probe each candidate's memberships against it, where
    # a sub-select would be re-joined for every candidate.
    listed = visible_family_id_list(p)
    families = listed if len(listed) <= LITERAL_FAMILIES else families
    granted = sorted(_granted_family_ids(p))

    def seen(ref: str, restricted: str) -> Q:
        member = Exists(Membership.objects.filter(person_id=OuterRef(ref), family_id__in=families))
        # No OR around the membership EXISTS, so that it plans as a semi-join.
        if not granted:
            return member & Q(**{restricted: False})
        on_list = Membership.objects.filter(person_id=OuterRef(ref), family_id__in=granted)
        return member & (Q(**{restricted: False}) | Exists(on_list))

    own = seen("pk", "is_restricted")
    if not merged:
        return Q(merged_into__isnull=True) & own
    return own | (
        Q(merged_into__isnull=False) & seen("merged_into_id", "merged_into__is_restricted")
    )


def _on_access_list_for(p: Principal, person) -> bool:
    from people.models import Membership

    granted = _granted_family_ids(p)
    if not granted:
        return False
    return Membership.objects.filter(person=person, family_id__in=sorted(granted)).exists()


def _sealed_ok_for(p: Principal, person) -> bool:
    """Not sealed, or sealed and the principal is on the access list of every sealed family."""
    from people.models import Family

    if person.is_restricted and not _on_access_list_for(p, person):
        return False
    sealed = Family.objects.filter(memberships__person=person, is_restricted=True)
    return not sealed.exclude(pk__in=sorted(_granted_family_ids(p))).exists()


# --- Families -------------------------------------------------------------------------------


def can_break_glass(actor, family) -> bool:
    """Anyone in a case role may open an unsealed family in an emergency, with a reason."""
    p = _as_principal(actor)
    return p.is_practitioner and p.role in CASE_ROLES and not family.is_restricted


def can_review_break_glass(actor) -> bool:
    p = _as_principal(actor)
    return p.is_practitioner and p.role in (Role.IG_OFFICER, Role.TEAM_MANAGER)


def can_manage_access_list(actor) -> bool:
    """Seal a family and keep its named access list: information governance."""
    p = _as_principal(actor)
    return p.is_practitioner and p.role == Role.IG_OFFICER


def can_edit_family(actor, family) -> bool:
    """Change the family's structure: members, relationships, involvements, details."""
    return can_view_family(actor, family, Purpose.EDIT)


def can_contribute_to_family(actor, family) -> bool:
    """Add what one knows (e.g. a partner recording their own involvement)."""
    return can_view_family(actor, family)


def can_create_family(actor) -> bool:
    p = _as_principal(actor)
    return p.is_practitioner and p.role in CREATE_FAMILY_ROLES


def can_use_register(actor) -> bool:
    """Search and 'my families' pages (roles that work with families)."""
    p = _as_principal(actor)
    return p.is_practitioner and p.role in CASE_ROLES


# --- Sections of a family's record ----------------------------------------------------------
# Practitioners who work for the family's lead agencies (everyone but partners) see every
# section of a family they may see. A partner agency (school, GP, police, …) sees the sections
# every partner needs — who the family are and who is involved (lead worker and cover) — plus
# what is shared with its agency by a sharing decision in force (sharing.policy), and, when it
# leads the work with the family, everything (casework.policy). Those two apps sit above this
# one, so they register their grants here (register_section_grant) rather than this module
# importing them. Adults' own needs, case notes, assessments and the chronology are not seen by
# partners unless shared.

PARTNER_SECTIONS = frozenset({"members", "involvements"})

# (name, predicate(principal, family, section) -> bool, family ids filter(principal, section))
SectionPredicate = Callable[[Principal, object, str], bool]
SectionFamilies = Callable[[Principal, str], object]
_section_grants: dict[str, tuple[SectionPredicate, SectionFamilies]] = {}


def register_section_grant(
    name: str, predicate: SectionPredicate, family_ids: SectionFamilies
) -> None:
    """Another reason a partner sees a section beyond PARTNER_SECTIONS: `predicate` answers for
    one family, `family_ids` gives the families (ids or a sub-select) for the queryset filter."""
    _section_grants[name] = (predicate, family_ids)


def _partner_sees_section(p: Principal, family, section: str) -> bool:
    return any(predicate(p, family, section) for predicate, _ in _section_grants.values())


def can_view_section(actor, family, section: str) -> bool:
    p = _as_principal(actor)
    if not can_view_family(p, family):
        return False
    if section in PARTNER_SECTIONS or (p.role != Role.PARTNER and not is_api_client(p)):
        return True
    # Shared with the partner's agency, or a partner who leads the work with the family (a
    # teacher, a health visitor) sees it all.
    return p.remember(
        ("section", family.pk, section), lambda: _partner_sees_section(p, family, section)
    )


def section_q(actor, section: str | None, path: str = "family") -> Q:
    """The part of can_view_section beyond seeing the family, as a filter on `path` (a family
    foreign key): everything for non-partners, the granted families for partners."""
    p = _as_principal(actor)
    if section is None or section in PARTNER_SECTIONS:
        return Q()
    if p.role != Role.PARTNER and not is_api_client(p):
        return Q()
    q = Q(pk__in=[])
    for _, family_ids in _section_grants.values():
        q |= Q(**{f"{path}__in": family_ids(p, section)})
    return q


# What a step up or a step down hands over: the assessment, the plan and the chronology.
HANDOVER_SECTIONS = ("assessment", "plan", "chronology")


def can_view_handover(actor, family) -> bool:
    p = _as_principal(actor)
    return all(can_view_section(p, family, section) for section in HANDOVER_SECTIONS)


# --- People ---------------------------------------------------------------------------------
# A restricted person (e.g. a high-profile person, a staff member) is seen only by those on the
# named access list of one of their families.


def can_view_person(actor, person) -> bool:
    p = _as_principal(actor)
    if person.merged_into_id is not None and _can_view_person(p, person.merged_into):
        return True
    return _can_view_person(p, person)


def _can_view_person(p: Principal, person) -> bool:
    if person.is_restricted and not _on_access_list_for(p, person):
        return False
    return any(can_view_family(p, m.family) for m in person.memberships.select_related("family"))


def can_edit_person(actor, person) -> bool:
    p = _as_principal(actor)
    if person.merged_into_id is not None:  # merged away: change the record it was merged into
        return False
    if person.is_restricted and not _on_access_list_for(p, person):
        return False
    return any(can_edit_family(p, m.family) for m in person.memberships.select_related("family"))


def person_edit_q(actor) -> Q:
    """Filter for Person: the people this principal may change (can_edit_person)."""
    from .models import Membership

    p = _as_principal(actor)
    families = family_visibility_q(p, Purpose.EDIT)
    if families == Q(pk__in=[]):
        return Q(pk__in=[])
    from .models import Family

    members = Membership.objects.filter(
        family_id__in=Family.objects.filter(families).values("pk")
    ).values("person_id")
    granted = Membership.objects.filter(family_id__in=_grants(p).values("family_id")).values(
        "person_id"
    )
    return Q(pk__in=members, merged_into__isnull=True) & (
        Q(is_restricted=False) | Q(pk__in=granted)
    )


def can_see_confidential_address(actor, person) -> bool:
    """Confidential addresses (e.g. a refuge) are masked everywhere except for the named
    access list of one of the person's families."""
    return _on_access_list_for(_as_principal(actor), person)


# --- Merging the records of one person (people.merge) -------------------------------------
# Data officers and administrators keep the register clean: they may merge any two records
# (they see identities, not case content) except across a sealed record whose access list they
# are not on. A team manager may merge two records they can both see. A restricted record is
# never merged with an unrestricted one (people.merge refuses it with a reason).

MERGE_ROLES = frozenset({Role.DATA_OFFICER, Role.ADMIN, Role.TEAM_MANAGER})


def can_merge_people(actor, keep, other) -> bool:
    p = _as_principal(actor)
    if not p.is_practitioner or p.role not in MERGE_ROLES:
        return False
    for person in (keep, other):
        if not _sealed_ok_for(p, person):
            return False
        if p.role == Role.TEAM_MANAGER and not can_view_person(p, person):
            return False
    return True


def merge_needs_purpose(actor, person) -> bool:
    """Data officers and administrators merge duplicates anywhere in the register (reported by
    a practitioner, found by linkage): they may open the merge page of an unsealed person they
    have no involvement with, but only by saying why first (audited; issue 16). Whoever sees
    the person anyway (a team manager's own families) is not asked."""
    return not can_view_person(actor, person)


def can_unmerge_people(actor, merge) -> bool:
    return can_merge_people(actor, merge.keep, merge.other)


def register_rules() -> None:
    """Families and people (the records that hang off them: people.record_rules)."""
    for name, rule in (
        ("can_use_register", can_use_register),
        ("can_create_family", can_create_family),
        ("can_review_break_glass", can_review_break_glass),
        ("can_manage_access_list", can_manage_access_list),
    ):
        registry.register_capability(name, rule)
    from .models import Family, Person

    # A partner system (API client) sees the families its organisation is involved with and
    # their members, by the same rules (read only); nothing else of the record.
    with_api_clients = [PrincipalKind.PRACTITIONER, PrincipalKind.API_CLIENT]
    registry.register(
        Family,
        kinds=with_api_clients,
        purposes=[Purpose.VIEW, Purpose.EDIT],
        q=lambda p, purpose: family_visibility_q(p, purpose),
        predicate=lambda p, family, purpose: can_view_family(p, family, purpose),
        description="involved (self or team), on the access list of a sealed family, or an "
        "open break-glass (view only)",
    )
    registry.register(
        Person,
        kinds=with_api_clients,
        purposes=[Purpose.VIEW, Purpose.EDIT],
        q=lambda p, purpose: (
            person_edit_q(p) if purpose == Purpose.EDIT else person_visibility_q(p)
        ),
        predicate=lambda p, person, purpose: (
            can_edit_person(p, person) if purpose == Purpose.EDIT else can_view_person(p, person)
        ),
        description="a member of a family one sees (a restricted person: the access list)",
    )
