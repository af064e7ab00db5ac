"""Merge and un-merge the records of one person.

Two records found to be the same person (by the clerical review queue of bulk linkage, or by a
data officer) are merged: `other` is merged into `keep`. Nothing is deleted: every row that
pointed at `other` — in any app, found by walking the foreign keys to Person, so models added
later are covered without code changes — is re-pointed at `keep` and listed in the
PersonMerge's `moved` as [app_label.model, pk, field]; `other` is kept, marked merged into
`keep` and hidden from search and lists. An un-merge puts back exactly those rows.

A model whose rows must keep pointing at the person they were written about (history such as
a review decision, or derived data rebuilt elsewhere) opts out with a class attribute:
`PERSON_MERGE_EXEMPT = True` (every foreign key to Person) or a collection of field names.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterator

from django.apps import apps
from django.db import IntegrityError, models, transaction
from django.db.models import Q
from django.dispatch import Signal
from django.utils import timezone

import audit
from access.doorway import action, bump
from audit.models import Verb
from familyhub import errors
from people import policy

from .. import matcher
from ..actions import chronicle
from ..models import Membership, Person, PersonMerge, Relationship

# Derived data rebuilt from the person's own details (matching.register.refresh), not facts
# about the person: never re-pointed.
EXEMPT_MODELS = frozenset({"matching.personkey"})

NOT_PERMITTED = "You do not have access to merge these records"
SAME_RECORD = "Choose two different records to merge"
NO_SUCH_RECORD = "No record with that LA child ID that you can merge into this one"
REASON_REQUIRED = "Enter why these records are the same person"
UNDO_REASON_REQUIRED = "Enter why this merge is being undone"
TWO_NHS_NUMBERS = "These records have two different NHS numbers ({a} and {b}) – they are two people"
DOB_APART = (
    "The dates of birth are years apart ({a} and {b}) – these are two people. "
    "If one of them is wrong, correct it first"
)
RELATED = (
    "{a} is recorded as {kind} of {b} – two people with a relationship to each other "
    "cannot be merged"
)
RESTRICTED_DIFFER = (
    "One record is restricted and the other is not. Ask information governance to restrict "
    "both records (or neither) before merging them"
)
ALREADY_MERGED = "{name} has already been merged into another record"
STALE = (
    "One of these records was changed while you were looking at it. Check the details again "
    "before merging"
)
ALREADY_UNDONE = "This merge has already been undone"
KEEP_MERGED_SINCE = "{name} has since been merged into another record – undo that merge first"
CANNOT_PUT_BACK = (
    "Some of the records cannot be put back on {name} because it would duplicate a record "
    "added since the merge ({what}). Nothing has been changed"
)


class MergeRefused(errors.RuleViolation):
    """The merge (or un-merge) is not done; `message` says why, in words for the user."""


class MergeNotPermitted(MergeRefused, errors.NotPermitted):
    """The acting user may not merge these records (views show a 404)."""


# --- The rows that point at a person -----------------------------------------------------------


def _is_exempt(model: type[models.Model], field_name: str) -> bool:
    if model._meta.label_lower in EXEMPT_MODELS:
        return True
    exempt = getattr(model, "PERSON_MERGE_EXEMPT", False)
    if exempt is True:
        return True
    return bool(exempt) and field_name in exempt


def person_references() -> Iterator[tuple[type[models.Model], models.ForeignKey]]:
    """Every foreign key and one-to-one field, in every installed app, that points at Person
    (many-to-many relations through their through-models' foreign keys), except exempt ones."""
    for rel in Person._meta.get_fields(include_hidden=True):
        if not (rel.is_relation and rel.auto_created and not rel.concrete):
            continue
        if rel.many_to_many:  # its through model's foreign key is listed on its own
            continue
        model, field = rel.related_model, rel.field
        if not _is_exempt(model, field.name):
            yield model, field


# --- Rules -------------------------------------------------------------------------------------


def can_merge(by, keep, other) -> bool:
    """May `by` merge these two records? (The policy; the data rules are in merge_problem.)"""
    return policy.can_merge_people(by, keep, other)


def _dates_years_apart(a: dt.date, b: dt.date) -> bool:
    if abs((a - b).days) <= 366:
        return False
    if (a.month, a.day) in ((b.month, b.day), (b.day, b.month)):
        ya, yb = f"{a.year:04d}", f"{b.year:04d}"
        if sum(x != y for x, y in zip(ya, yb, strict=True)) == 1:
            return False  # one digit of the year mistyped, e.g. 2006 for 2016
    return True


def merge_problem(keep: Person, other: Person) -> str | None:
    """Why these two records must not be merged, or None. Checked again inside merge_people."""
    if keep.pk == other.pk:
        return SAME_RECORD
    for person in (keep, other):
        if person.merged_into_id is not None:
            return ALREADY_MERGED.format(name=person.full_name)
    if keep.nhs_number and other.nhs_number and keep.nhs_number != other.nhs_number:
        return TWO_NHS_NUMBERS.format(a=keep.nhs_number, b=other.nhs_number)
    if (
        keep.date_of_birth
        and other.date_of_birth
        and _dates_years_apart(keep.date_of_birth, other.date_of_birth)
    ):
        return DOB_APART.format(
            a=f"{keep.date_of_birth:%d/%m/%Y}", b=f"{other.date_of_birth:%d/%m/%Y}"
        )
    if keep.is_restricted != other.is_restricted:
        return RESTRICTED_DIFFER
    between = (
        Relationship.objects.filter(
            Q(from_person=keep, to_person=other) | Q(from_person=other, to_person=keep)
        )
        .select_related("from_person", "to_person")
        .first()
    )
    if between is not None:
        return RELATED.format(
            a=between.from_person.full_name,
            kind=between.get_kind_display().lower(),
            b=between.to_person.full_name,
        )
    return None


# --- Merge -------------------------------------------------------------------------------------


def _move(model, field, *, from_pk: int, to_pk: int, moved: list, not_moved: list) -> None:
    manager = model._base_manager
    pks = sorted(manager.filter(**{field.attname: from_pk}).values_list("pk", flat=True))
    if not pks:
        return
    label = model._meta.label_lower
    try:
        with transaction.atomic():
            manager.filter(pk__in=pks).update(**{field.attname: to_pk})
        moved.extend([label, pk, field.name] for pk in pks)
        return
    except IntegrityError:
        pass
    for pk in pks:  # one at a time: leave only the rows that would duplicate one of keep's
        try:
            with transaction.atomic():
                manager.filter(pk=pk).update(**{field.attname: to_pk})
        except IntegrityError:
            not_moved.append([label, pk, field.name, "the kept record already has the same"])
        else:
            moved.append([label, pk, field.name])


def _families_of(person: Person) -> list:
    memberships = person.memberships.filter(left_on__isnull=True).select_related("family")
    return sorted({m.family for m in memberships}, key=lambda f: f.pk)


def _audit(by, verb, *, people, merge, reason, changes) -> None:
    for person, families in people:
        for family in families or [None]:
            audit.record(
                by,
                verb,
                person,
                family=family,
                person=person,
                reason=reason,
                changes={**changes, "merge": merge.pk},
            )


def _refresh_search_keys(person_ids: list[int]) -> None:
    """Keep the matching register's keys in step: a merged-away record is never a candidate
    (its keys are dropped; an un-merge rebuilds them)."""
    matcher.refresh(person_ids)
    merged_away = Person.objects.filter(pk__in=person_ids, merged_into__isnull=False)
    matcher.forget(merged_away.values_list("pk", flat=True))


def _lock(*pks: int) -> dict[int, Person]:
    return {p.pk: p for p in Person.objects.select_for_update().filter(pk__in=pks)}


def _describe(person: Person) -> str:
    born = f", born {person.date_of_birth:%d/%m/%Y}" if person.date_of_birth else ""
    return f"{person.full_name}{born} ({person.la_child_id})"


@action
def merge_people(*, by, keep: Person, other: Person, reason: str, expected_versions=None):
    """`other` is merged into `keep`: everything that pointed at `other` now points at `keep`;
    `other` is kept (never deleted), marked merged into `keep`, hidden from search and lists.

    `expected_versions` (optional): (keep.version, other.version) as the user saw them; a
    merge of records changed since is refused. Raises MergeRefused (MergeNotPermitted when
    the user may not merge them)."""
    locked = _lock(keep.pk, other.pk)
    keep, other = locked.get(keep.pk, keep), locked.get(other.pk, other)
    if not policy.can_merge_people(by, keep, other):
        raise MergeNotPermitted(NOT_PERMITTED)
    reason = (reason or "").strip()
    if not reason:
        raise MergeRefused(REASON_REQUIRED, field_errors={"reason": [REASON_REQUIRED]})
    problem = merge_problem(keep, other)
    if problem:
        raise MergeRefused(problem)
    if expected_versions is not None and tuple(expected_versions) != (keep.version, other.version):
        raise MergeRefused(STALE)

    before = [(keep, _families_of(keep)), (other, _families_of(other))]
    moved: list = []
    not_moved: list = []
    for model, field in person_references():
        _move(model, field, from_pk=other.pk, to_pk=keep.pk, moved=moved, not_moved=not_moved)

    # Both were current members of the same family: `other`'s membership stays on it (moving it
    # would make two) and is ended, so the family shows the person once.
    today = timezone.localdate()
    changed = []
    left_memberships = [pk for label, pk, _f, _w in not_moved if label == "people.membership"]
    for membership in Membership.objects.filter(pk__in=left_memberships, left_on__isnull=True):
        changed.append(["people.membership", membership.pk, "left_on", None])
        Membership.objects.filter(pk=membership.pk).update(left_on=max(today, membership.joined_on))

    now = timezone.now()
    bump(other, None, STALE, {"merged_into": keep, "updated_at": now})
    bump(keep, None, STALE, {"updated_at": now})
    merge = PersonMerge.objects.create(
        keep=keep,
        other=other,
        by=by.user,
        at=now,
        reason=reason[:500],
        moved=moved,
        not_moved=not_moved,
        changed=changed,
    )
    keep.refresh_from_db()
    other.refresh_from_db()
    _audit(
        by,
        Verb.MERGE,
        people=before,
        merge=merge,
        reason=reason,
        changes={
            "kept": keep.pk,
            "merged": other.pk,
            "moved": len(moved),
            "not_moved": len(not_moved),
        },
    )
    for family in _families_of(keep):
        chronicle(
            by=by,
            family=family,
            person=keep,
            kind="records_merged",
            summary=f"Records merged: {_describe(other)} is the same person as {_describe(keep)}",
            detail=reason,
        )
    _refresh_search_keys([keep.pk, other.pk])
    return merge


# --- Un-merge ----------------------------------------------------------------------------------

# Sent inside the un-merge's transaction, with `merge`, `by` and `reason`: apps that decided a
# merge (linkage's review queue) record that the two are different people after all.
merge_undone = Signal()


@action
def unmerge(*, by, merge: PersonMerge, reason: str) -> None:
    """Restores exactly the state before the merge: every re-pointed row back to `other`,
    every row the merge changed back to its old value, `other` no longer merged."""
    merge = PersonMerge.objects.select_for_update().get(pk=merge.pk)
    locked = _lock(merge.keep_id, merge.other_id)
    keep, other = locked[merge.keep_id], locked[merge.other_id]
    if not policy.can_unmerge_people(by, merge):
        raise MergeNotPermitted(NOT_PERMITTED)
    if merge.undone_at is not None:
        raise MergeRefused(ALREADY_UNDONE)
    reason = (reason or "").strip()
    if not reason:
        raise MergeRefused(UNDO_REASON_REQUIRED, field_errors={"reason": [UNDO_REASON_REQUIRED]})
    if keep.merged_into_id is not None:
        raise MergeRefused(KEEP_MERGED_SINCE.format(name=keep.full_name))

    groups: dict[tuple[str, str], list[int]] = defaultdict(list)
    for label, pk, field_name in merge.moved:
        groups[(label, field_name)].append(pk)
    restored = 0
    for (label, field_name), pks in sorted(groups.items()):
        try:
            model = apps.get_model(label)
        except LookupError:  # an app removed since the merge
            continue
        field = model._meta.get_field(field_name)
        try:
            with transaction.atomic():
                restored += model._base_manager.filter(
                    pk__in=pks, **{field.attname: keep.pk}
                ).update(**{field.attname: other.pk})
        except IntegrityError as exc:
            what = str(model._meta.verbose_name)
            raise MergeRefused(CANNOT_PUT_BACK.format(name=other.full_name, what=what)) from exc
    for label, pk, field_name, old in merge.changed:
        model = apps.get_model(label)
        try:
            with transaction.atomic():
                model._base_manager.filter(pk=pk).update(**{field_name: old})
        except IntegrityError as exc:
            what = str(model._meta.verbose_name)
            raise MergeRefused(CANNOT_PUT_BACK.format(name=other.full_name, what=what)) from exc

    now = timezone.now()
    bump(other, None, STALE, {"merged_into": None, "updated_at": now})
    bump(keep, None, STALE, {"updated_at": now})
    PersonMerge.objects.filter(pk=merge.pk).update(
        undone_at=now, undone_by=by.user, undo_reason=reason[:500]
    )
    keep.refresh_from_db()
    other.refresh_from_db()
    after = [(keep, _families_of(keep)), (other, _families_of(other))]
    _audit(
        by,
        Verb.UNMERGE,
        people=after,
        merge=merge,
        reason=reason,
        changes={
            "kept": keep.pk,
            "merged": other.pk,
            "moved_back": restored,
            "moved": len(merge.moved),
        },
    )
    for family in sorted({f for _p, fams in after for f in fams}, key=lambda f: f.pk):
        chronicle(
            by=by,
            family=family,
            person=keep,
            kind="merge_undone",
            summary=f"Merge undone: {_describe(other)} and {_describe(keep)} are two "
            "different people",
            detail=reason,
        )
    _refresh_search_keys([keep.pk, other.pk])
    merge_undone.send(sender=PersonMerge, merge=merge, by=by, reason=reason)


def active_merge_of(other: Person) -> PersonMerge | None:
    """The merge that made `other` a merged-away record (None if it is not merged)."""
    return (
        PersonMerge.objects.filter(other=other, undone_at__isnull=True)
        .select_related("keep", "other", "by")
        .first()
    )
