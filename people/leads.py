"""The family's lead practitioner: one question, one answer (docs/decisions/0006).

The answer is the family's current lead arrangement (casework's `LeadArrangement`, the row with
no end date): who leads, who covers, the family's say and since when. The `Involvement` with the
lead practitioner role is what grants the lead access; only `casework.actions.lead_assign` writes
it, alongside the arrangement, so the two never disagree.

Every page that shows the lead asks here: the family page (*Who is involved* and *Who to
contact*), the home page, the step-up record. People's pages sit below casework and cannot import
it, so casework registers the look-up when it starts (as organisations registers principal
resolvers with the access kernel).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

LeadLookup = Callable[[list[int]], dict[int, Any]]
_lookups: list[LeadLookup] = []


def register_lead_lookup(lookup: LeadLookup) -> None:
    """Casework's current-arrangement query (called once, from CaseworkConfig.ready)."""
    _lookups[:] = [lookup]


def _pk(family) -> int:
    return family if isinstance(family, int) else family.pk


def lead_arrangements(families: Iterable) -> dict[int, Any]:
    """Each family's current lead arrangement by family pk (families without one are absent),
    in one query, with `lead` and `cover` (their user, organisation and team) loaded."""
    pks = sorted({_pk(f) for f in families})
    if not pks or not _lookups:
        return {}
    return _lookups[0](pks)


def lead_arrangement(family):
    """The family's current lead arrangement, or None when no lead is recorded. Given a Family,
    the answer is kept on that instance, so the pages of one request (the family page's two
    sections) ask the database once."""
    if isinstance(family, int):
        return lead_arrangements([family]).get(family)
    if not hasattr(family, "_current_lead_arrangement"):
        family._current_lead_arrangement = lead_arrangements([family]).get(family.pk)
    return family._current_lead_arrangement
