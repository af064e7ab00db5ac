"""Reads for the linker's pages. Every function takes the acting user; the policy decides."""

from __future__ import annotations

from django.db.models import QuerySet
from django.http import Http404

import audit
from audit.models import Verb
from linkage import policy
from people.policy import can_unmerge_people

from . import matcher
from .models import Decision, LinkRun, ReviewItem


def _pk(value) -> int | None:
    text = str(value)
    return int(text) if text.isascii() and text.isdecimal() else None


def runs_for(user) -> QuerySet[LinkRun]:
    if not policy.can_link_data(user):
        return LinkRun.objects.none()
    return LinkRun.objects.select_related("by")


def get_run_for(user, pk) -> LinkRun:
    run = runs_for(user).filter(pk=_pk(pk)).first() if _pk(pk) is not None else None
    if run is None:
        raise Http404("No run found")
    return run


def review_queue_for(user) -> QuerySet[ReviewItem]:
    """Open and not-sure possible matches, surest first (not-sure ones after the open)."""
    return (
        ReviewItem.objects.filter(policy.review_item_visibility_q(user))
        .filter(decision__in=(Decision.OPEN, Decision.UNSURE))
        .select_related("source_record", "new_person", "candidate")
        .order_by("decision", "-probability", "pk")  # open before not sure
    )


def record_queue_seen(user, items) -> None:
    """The queue shows who the possible matches are about: the listing is audited."""
    shown = [(i.pk, i.new_person_id, i.candidate_id) for i in items]
    if shown:
        audit.record(user, Verb.LIST, None, changes={"linkage_review_queue": shown})


def review_counts_for(user) -> dict[str, int]:
    items = ReviewItem.objects.filter(policy.review_item_visibility_q(user))
    return {
        "open": items.filter(decision=Decision.OPEN).count(),
        "unsure": items.filter(decision=Decision.UNSURE).count(),
    }


def get_review_item_for(user, pk, *, record_view: bool = True) -> ReviewItem:
    item = (
        ReviewItem.objects.select_related("source_record", "new_person", "candidate")
        .filter(pk=_pk(pk))
        .first()
        if _pk(pk) is not None
        else None
    )
    if item is None or not policy.can_review_match(user, item):
        raise Http404("No possible match found")
    if record_view:
        for person in (item.new_person, item.candidate):
            audit.record(user, Verb.VIEW, item, person=person)
    return item


def active_merge_of(user, item: ReviewItem):
    """The merge a "same person" decision made, while it stands and the user may undo it."""
    if not item.merge_id:
        return None
    from people.models import PersonMerge

    merge = PersonMerge.objects.filter(pk=item.merge_id, undone_at__isnull=True).first()
    if merge is None or not can_unmerge_people(user, merge):
        return None
    return merge


def person_summary(person) -> dict:
    """What the review page shows of a register person: the engine's record (never a
    confidential address) and where they are known."""
    record = matcher.person_record(person)
    families = [
        m.family for m in person.memberships.filter(left_on__isnull=True).select_related("family")
    ]
    return {
        "person": person,
        "record": record,
        "families": families,
        "sources": list(person.source_records.order_by("source", "source_record_id")[:10]),
    }
