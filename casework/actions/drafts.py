"""Autosaved drafts of long forms (the whole-family assessment, the family plan).

A draft belongs to one user and one form. Saving a draft never touches the record or its
version: the record changes only through its own save action, which clears the draft. The draft
keeps the version the user started from (`base_version`), so a restored draft saved over someone
else's newer save is refused as stale like any other edit.

Drafts are not audited as changes: they change nothing in the family's record, and only their
author can read them (the page the user typed on was audited when it was opened)."""

from __future__ import annotations

from typing import Any

from django.utils import timezone

from access.doorway import action, permit
from casework import policy
from familyhub import errors

from ..models import Assessment, AssessmentStatus, DraftKind, FormDraft

MAX_DRAFT_CHARS = 200_000
DRAFT_TOO_LONG = "Your draft is too long to keep as you type: save the form instead"


def _family_of(kind: str, obj):
    if kind == DraftKind.ASSESSMENT:
        return obj.family
    return obj  # a plan draft hangs off the family (the plan may not exist yet)


def _check(by, kind: str, obj) -> None:
    permit(kind in DraftKind.values and by.user is not None)
    permit(policy.can_record_casework(by, _family_of(kind, obj)))
    if kind == DraftKind.ASSESSMENT:
        permit(
            Assessment.objects.filter(pk=obj.pk)
            .exclude(status=AssessmentStatus.AUTHORISED)
            .exists()
        )


@action
def draft_save(*, by, kind: str, obj, data: dict[str, Any], base_version: int | None) -> FormDraft:
    """Keep what `by` has typed so far. `data` maps field names to lists of values (as posted)."""
    _check(by, kind, obj)
    clean = {
        str(k)[:100]: [str(v) for v in (vs if isinstance(vs, (list, tuple)) else [vs])]
        for k, vs in data.items()
    }
    if sum(len(v) for vs in clean.values() for v in vs) > MAX_DRAFT_CHARS:
        raise errors.RuleViolation(DRAFT_TOO_LONG)
    draft, _ = FormDraft.objects.update_or_create(
        user=by.user,
        kind=kind,
        object_id=obj.pk,
        defaults={"data": clean, "base_version": base_version, "saved_at": timezone.now()},
    )
    return draft


@action
def draft_discard(*, by, kind: str, obj) -> int:
    """The user chose to throw their draft away."""
    _check(by, kind, obj)
    return clear_draft(by=by, kind=kind, object_id=obj.pk)


def clear_draft(*, by, kind: str, object_id: int) -> int:
    """Called inside the record's own save action once it succeeds."""
    if by.user is None:
        return 0
    deleted, _ = FormDraft.objects.filter(user=by.user, kind=kind, object_id=object_id).delete()
    return deleted
