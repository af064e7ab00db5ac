"""Case notes."""

from __future__ import annotations

import datetime as dt

import audit
from access.doorway import action, bump, permit
from audit.models import Verb
from casework import policy
from familyhub import errors
from organisations.queries import practitioner_of
from people.actions import chronicle
from people.models import Family

from .. import messages as msg
from ..models import (
    CaseNote,
)
from ._common import (
    _Errors,
    _is_current_child,
    _is_member,
    _today,
    _when,
)


@action
def case_note_add(
    *, by, family: Family, kind: str, occurred_on: dt.date, text: str, seen=(), seen_alone=()
) -> CaseNote:
    permit(policy.can_add_case_note(by, family))
    errs = _Errors()
    if not (text or "").strip():
        errs.add("text", msg.REQUIRED.format(label="what happened"))
    if occurred_on is None:
        errs.add("occurred_on", msg.REQUIRED.format(label="the date"))
    elif occurred_on > _today():
        errs.add("occurred_on", msg.DATE_IN_FUTURE.format(label="The date"))
    seen, seen_alone = list(seen), list(seen_alone)
    if any(not _is_member(family, p) for p in seen + seen_alone):
        errs.add("seen", msg.NOT_FAMILY_MEMBER)
    if any(not _is_current_child(family, p) for p in seen_alone):
        errs.add("seen_alone", msg.SEEN_ALONE_CHILD)
    errs.raise_if_any()
    practitioner = practitioner_of(by)
    note = CaseNote.objects.create(
        family=family,
        kind=kind,
        occurred_on=occurred_on,
        text=text.strip(),
        author=by.user,
        agency=practitioner.organisation if practitioner else None,
    )
    everyone = {p.pk: p for p in seen + seen_alone}
    note.seen.set(everyone.values())
    note.seen_alone.set(seen_alone)
    audit.record(by, Verb.CREATE, note, family=family, changes={"kind": [None, kind]})
    label = note.get_kind_display()
    if kind == "supervision":
        chronicle(
            by=by,
            family=family,
            kind="case_note",
            summary="Case discussed in supervision",
            occurred_at=_when(occurred_on),
        )
    else:
        who = ", ".join(p.given_name for p in everyone.values())
        alone = ", ".join(p.given_name for p in seen_alone)
        summary = (
            f"{label}"
            + (f": {who} seen" if who else "")
            + (f"; {alone} seen alone" if alone else "")
        )
        chronicle(
            by=by,
            family=family,
            kind="case_note",
            summary=summary,
            detail=note.text,
            occurred_at=_when(occurred_on),
        )
    return note


@action
def case_note_update(*, by, note: CaseNote, expected_version: int, text: str) -> CaseNote:
    permit(policy.can_correct_case_note(by, note))
    if not (text or "").strip():
        raise errors.RuleViolation(
            msg.REQUIRED.format(label="what happened"),
            field_errors={"text": [msg.REQUIRED.format(label="what happened")]},
        )
    bump(note, expected_version, msg.STALE_NOTE, {"text": text.strip()})
    audit.record(
        by, Verb.UPDATE, note, family=note.family, changes={"text": ["(changed)", "(changed)"]}
    )
    chronicle(
        by=by, family=note.family, kind="case_note", summary=f"{note} corrected by its author"
    )
    return note
