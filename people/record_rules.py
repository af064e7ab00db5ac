"""Records that hang off a family (or a person) are seen by whoever sees that family (person):
the rule's two forms, and the helpers other apps use to register such records. Part of
people.policy (its rules, split out at the file-length limit)."""

from __future__ import annotations

from django.db.models import Q

from access import registry
from access.principals import Principal, PrincipalKind, Purpose

from .policy import (
    _as_principal,
    can_edit_person,
    can_view_family,
    can_view_person,
    can_view_section,
    person_edit_q,
    section_q,
    visible_family_ids,
    visible_person_ids,
)


def _follow(obj, path: str):
    for part in path.split("__"):
        if obj is None:
            return None
        obj = getattr(obj, part)
    return obj


def family_record_q(actor, path: str = "family", purpose: Purpose = Purpose.VIEW) -> Q:
    """Filter for records with a family at `path`: those of the families one may see (edit),
    as `family_id IN` the visible families' sub-select (an indexed semi-join)."""
    ids = visible_family_ids(actor, purpose)
    return Q(pk__in=[]) if ids is None else Q(**{f"{path}__in": ids})


def register_family_record(model, path: str = "family", *, edit: bool = True) -> None:
    """Register `model` as part of a family's record: visible with the family (VIEW), and
    changeable by those who may change the family (EDIT) when `edit`."""

    def predicate(p, obj, purpose):
        family = _follow(obj, path)
        return family is not None and can_view_family(p, family, purpose)

    registry.register(
        model,
        kinds=[PrincipalKind.PRACTITIONER],
        purposes=[Purpose.VIEW, Purpose.EDIT] if edit else [Purpose.VIEW],
        q=lambda p, purpose: family_record_q(p, path, purpose),
        predicate=predicate,
        description=f"part of the family's record (through {path})",
    )


def person_record_q(actor, path: str = "person", purpose: Purpose = Purpose.VIEW) -> Q:
    """Filter for records with a person at `path`: those of the people one may see (edit)."""
    from .models import Person

    p = _as_principal(actor)
    if purpose == Purpose.EDIT:
        return Q(**{f"{path}__in": Person.objects.filter(person_edit_q(p)).values("pk")})
    ids = visible_person_ids(p)
    return Q(pk__in=[]) if ids is None else Q(**{f"{path}__in": ids})


def register_person_record(model, path: str = "person", *, edit: bool = True) -> None:
    """Register `model` as part of a person's record: visible with the person."""

    def predicate(p, obj, purpose):
        person = _follow(obj, path)
        if person is None:
            return False
        return can_edit_person(p, person) if purpose == Purpose.EDIT else can_view_person(p, person)

    registry.register(
        model,
        kinds=[PrincipalKind.PRACTITIONER],
        purposes=[Purpose.VIEW, Purpose.EDIT] if edit else [Purpose.VIEW],
        q=lambda p, purpose: person_record_q(p, path, purpose),
        predicate=predicate,
        description=f"part of the person's record (through {path})",
    )


def _chronology_q(p: Principal, purpose: Purpose) -> Q:
    q = family_record_q(p, "family", Purpose.VIEW)
    sections = section_q(p, "chronology")
    if sections == Q() or p.organisation_id is None:  # (an empty Q would vanish in an OR)
        return q & sections
    return q & (sections | Q(agency_id=p.organisation_id))


def can_view_chronology_entry(actor, entry) -> bool:
    """The family's chronology: all of it with the section, otherwise one's own agency's."""
    p = _as_principal(actor)
    if not can_view_family(p, entry.family):
        return False
    if p.organisation_id is not None and entry.agency_id == p.organisation_id:
        return True
    return can_view_section(p, entry.family, "chronology")


def register_rules() -> None:
    """The parts of a family's and a person's record, and the family's chronology."""
    from organisations.models import Involvement

    from .models import Address, ChronologyEntry, Membership, PersonIdentifier

    register_family_record(Membership)
    register_family_record(Involvement)
    register_person_record(PersonIdentifier)
    register_person_record(Address)
    registry.register(
        ChronologyEntry,
        kinds=[PrincipalKind.PRACTITIONER],
        purposes=[Purpose.VIEW],
        q=_chronology_q,
        predicate=lambda p, entry, purpose: can_view_chronology_entry(p, entry),
        description="the family's chronology; partners their own agency's entries unless shared",
    )
