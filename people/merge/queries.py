"""Reads for the merge pages: the records a user may merge, a side-by-side comparison of two
records, and the merges of a person (each read audited)."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Q
from django.utils import timezone

import audit
from audit.models import Verb
from people import policy

from .. import matcher
from ..models import Person, PersonMerge
from .actions import active_merge_of, can_merge, merge_problem, person_references


def _pk_or_none(value) -> int | None:
    text = str(value or "").strip()
    return int(text) if text.isascii() and text.isdecimal() else None


def get_person_to_merge(user, pk) -> Person:
    """A record the user may merge another into (Http404 for missing and forbidden alike)."""
    from django.http import Http404

    person = Person.objects.filter(pk=_pk_or_none(pk)).first() if _pk_or_none(pk) else None
    if person is None or person.merged_into_id is not None or not can_merge(user, person, person):
        raise Http404("No person found")
    return person


PURPOSE_PREFIX = "opened to merge duplicate records: "


def record_merge_purpose(user, person: Person, reason: str) -> None:
    """The reason a data officer or administrator gave for opening the merge page of someone
    outside their own work (people.policy.merge_needs_purpose): a view, with its purpose."""
    audit.record(
        user,
        Verb.VIEW,
        person,
        reason=(PURPOSE_PREFIX + reason)[:500],
        changes={"purpose": "data quality (merge)"},
    )


def find_other(user, keep: Person, reference: str) -> Person | None:
    """The record named by its LA child ID (or its number in the register), if the user may
    merge it into `keep`; None for missing and forbidden alike."""
    reference = (reference or "").strip()
    if not reference:
        return None
    q = Q(la_child_id__iexact=reference)
    if _pk_or_none(reference) is not None:
        q |= Q(pk=_pk_or_none(reference))
    other = Person.objects.filter(q).exclude(pk=keep.pk).first()
    if other is None or not can_merge(user, keep, other):
        return None
    return other


@dataclass
class MergeSide:
    person: Person
    address: str
    families: int
    rows: list[tuple[str, int]]  # what points at this record: (what, how many)

    @property
    def row_total(self) -> int:
        return sum(n for _w, n in self.rows)


@dataclass
class MergePage:
    keep: MergeSide
    other: MergeSide
    probability: float | None
    band: str
    reasons: list[str]
    problem: str | None


def _current_address(person: Person):
    today = timezone.localdate()
    return (
        person.addresses.filter(is_confidential=False)
        .filter(Q(moved_out_on__isnull=True) | Q(moved_out_on__gte=today))
        .order_by("-moved_in_on", "-pk")
        .first()
    )


def engine_record(person: Person) -> dict:
    """The person as the matching engine's input columns (never a confidential address)."""
    address = _current_address(person)
    return {
        "first_name": person.given_name,
        "surname": person.family_name,
        "dob": person.date_of_birth.isoformat() if person.date_of_birth else "",
        "sex": person.sex if person.sex in ("M", "F") else "",
        "postcode": address.postcode if address else "",
        "address_line_1": address.line_1 if address else "",
        "nhs_number": person.nhs_number,
    }


def _side(person: Person) -> MergeSide:
    counts = []
    for model, field in person_references():
        n = model._base_manager.filter(**{field.attname: person.pk}).count()
        if n:
            name = model._meta.verbose_name if n == 1 else model._meta.verbose_name_plural
            what = str(name) if field.name == "person" else f"{name} ({field.verbose_name})"
            counts.append((what, n))
    address = _current_address(person)
    return MergeSide(
        person=person,
        address=address.one_line() if address else "",
        families=person.memberships.filter(left_on__isnull=True).count(),
        rows=sorted(counts),
    )


def merge_page(user, keep: Person, other: Person) -> MergePage:
    """The two records side by side with the engine's view of them; records the read."""
    for person in (keep, other):
        audit.record(user, Verb.VIEW, person, changes={"page": "merge"})
    try:
        assessment = matcher.assess(engine_record(keep), engine_record(other))
    except Exception:  # noqa: BLE001 - the page still works without the engine's view
        assessment = None
    return MergePage(
        keep=_side(keep),
        other=_side(other),
        probability=assessment.probability if assessment else None,
        band=assessment.band if assessment else "",
        reasons=assessment.reasons if assessment else [],
        problem=merge_problem(keep, other),
    )


def get_merge_for(user, other_pk) -> PersonMerge:
    """The merge that made this record merged-away, if the user may undo it (else Http404)."""
    from django.http import Http404

    pk = _pk_or_none(other_pk)
    merge = (
        PersonMerge.objects.filter(other_id=pk, undone_at__isnull=True)
        .select_related("keep", "other", "by")
        .first()
        if pk
        else None
    )
    if merge is None or not policy.can_unmerge_people(user, merge):
        raise Http404("No merge found")
    audit.record(user, Verb.VIEW, merge.other, changes={"page": "merge record"})
    return merge


@dataclass
class PersonMerges:
    """For the person page: what this record was merged into (and whether the user may undo
    it), and the records merged into it (each with `can_undo`)."""

    merged_into: PersonMerge | None
    merged_from: list[PersonMerge]
    can_undo: bool
    can_merge: bool


def merges_for_person_page(user, person: Person) -> PersonMerges:
    merged_into = active_merge_of(person) if person.merged_into_id else None
    merged_from = list(
        PersonMerge.objects.filter(keep=person, undone_at__isnull=True).select_related(
            "keep", "other", "by"
        )
    )
    for merge in merged_from:
        merge.can_undo = policy.can_unmerge_people(user, merge)
    return PersonMerges(
        merged_into=merged_into,
        merged_from=merged_from,
        can_undo=merged_into is not None and policy.can_unmerge_people(user, merged_into),
        can_merge=person.merged_into_id is None and can_merge(user, person, person),
    )
