"""Who may link partner data (linkage): load partners' extracts and decide the possible
matches in the clerical review queue.

Data officers and administrators load partners' extracts and decide the possible matches in
the clerical review queue. They see identities, not case content; a possible match involving
a sealed family or a restricted person is seen only by those on its access list.
"""

from __future__ import annotations

from django.db.models import Q

from access import registry
from access.principals import Principal, PrincipalKind, Purpose, principal_for
from organisations.models import Role
from people.policy import _granted_family_ids


def _as_principal(actor) -> Principal:
    return principal_for(actor)


LINKAGE_ROLES = frozenset({Role.DATA_OFFICER, Role.ADMIN})


def can_link_data(actor) -> bool:
    p = _as_principal(actor)
    return p.is_practitioner and p.role in LINKAGE_ROLES


def _linkage_hidden_people(p: Principal):
    """People a linker may not see in the review queue: restricted people and members of
    sealed families, unless the principal is on the access list."""
    from people.models import Membership, Person

    granted = sorted(_granted_family_ids(p))
    sealed = Membership.objects.filter(family__is_restricted=True).exclude(family_id__in=granted)
    granted_people = Membership.objects.filter(family_id__in=granted).values("person_id")
    restricted = Person.objects.filter(is_restricted=True).exclude(pk__in=granted_people)
    return sealed.values("person_id"), restricted.values("pk")


def review_item_visibility_q(actor) -> Q:
    """Filter for linkage.ReviewItem: the possible matches this principal may decide."""
    p = _as_principal(actor)
    if not can_link_data(p):
        return Q(pk__in=[])
    sealed, restricted = _linkage_hidden_people(p)
    q = Q()
    for end in ("new_person_id", "candidate_id"):
        q &= ~Q(**{f"{end}__in": sealed}) & ~Q(**{f"{end}__in": restricted})
    return q


def can_review_match(actor, item) -> bool:
    p = _as_principal(actor)
    if not can_link_data(p):
        return False
    sealed, restricted = _linkage_hidden_people(p)
    ids = {item.new_person_id, item.candidate_id}
    return not (sealed.filter(person_id__in=ids).exists() or restricted.filter(pk__in=ids).exists())


# --- The record rules -----------------------------------------------------------------------


def _source_record_q(p: Principal, purpose: Purpose) -> Q:
    if not can_link_data(p):
        return Q(pk__in=[])
    sealed, restricted = _linkage_hidden_people(p)
    return ~Q(person_id__in=sealed) & ~Q(person_id__in=restricted)


def _can_see_source_record(p: Principal, record) -> bool:
    if not can_link_data(p):
        return False
    if record.person_id is None:
        return True
    sealed, restricted = _linkage_hidden_people(p)
    ids = {record.person_id}
    return not (sealed.filter(person_id__in=ids).exists() or restricted.filter(pk__in=ids).exists())


def register_rules() -> None:
    registry.register_capability("can_link_data", can_link_data)
    from .models import LinkRun, ReviewItem, SourceRecord

    practitioner = [PrincipalKind.PRACTITIONER]
    registry.register(
        ReviewItem,
        kinds=practitioner,
        purposes=[Purpose.VIEW, Purpose.EDIT],
        q=lambda p, purpose: review_item_visibility_q(p),
        predicate=lambda p, item, purpose: can_review_match(p, item),
        description="data officers and admins; sealed or restricted people: the access list",
    )
    registry.register(
        SourceRecord,
        kinds=practitioner,
        purposes=[Purpose.VIEW],
        q=_source_record_q,
        predicate=lambda p, record, purpose: _can_see_source_record(p, record),
        description="data officers and admins; sealed or restricted people: the access list",
    )
    registry.register(
        LinkRun,
        kinds=practitioner,
        purposes=[Purpose.VIEW, Purpose.EDIT],
        q=lambda p, purpose: Q() if can_link_data(p) else Q(pk__in=[]),
        predicate=lambda p, run, purpose: can_link_data(p),
        description="data officers and admins",
    )
