"""Raising a concern: a draft saved as the partner goes, then sent (once) to the front door or
to an embedded social worker."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone

import audit
import rules
from access.doorway import action, bump, permit
from audit.models import Verb
from familyhub import errors
from familyhub.references import new_reference
from frontdoor import policy
from organisations.queries import organisation_of
from people.actions import chronicle
from people.models import Membership
from people.policy import can_view_family

from .. import messages as msg
from ..models import (
    Concern,
    ConcernPerson,
    ConcernStatus,
    ConsentStatus,
    Continuum,
    NamedRole,
    Wants,
)
from . import _common as c
from .contacts import concern_is_urgent, contact_from_concern

WHAT_FIELDS = (
    "worries",
    "indicators",
    "immediate_risk",
    "disclosure",
    "wants",
    "consent",
    "consent_reason",
    "referrer_view",
)


def _clean_new_people(new_people: list[dict[str, Any]]) -> list[dict]:
    """Typed people, normalised; rows with nothing in them are dropped."""
    rows = []
    for raw in new_people:
        given = (raw.get("given_name") or "").strip()
        family = (raw.get("family_name") or "").strip()
        born = raw.get("date_of_birth")
        unborn = bool(raw.get("unborn"))
        if not (given or family or born or unborn):
            continue
        role = raw.get("role") if raw.get("role") in NamedRole.values else NamedRole.CHILD
        rows.append(
            {
                "given_name": given[:100],
                "family_name": family[:100],
                "date_of_birth": None if unborn else born,
                "expected_date_of_birth": born if unborn else None,
                "unborn": unborn,
                "role": role,
                "notes": (raw.get("notes") or "").strip()[:300],
            }
        )
    return rows


def new_person_problems(person: ConcernPerson) -> list[str]:
    """What is wrong with one typed person."""
    today = timezone.localdate()
    due, born = person.expected_date_of_birth, person.date_of_birth
    problems = []
    if not (person.given_name or person.family_name or person.unborn):
        problems.append(msg.NEW_PERSON_NAME)
    if person.unborn and due is None:
        problems.append(msg.NEW_PERSON_DUE)
    if due is not None and due < today:
        problems.append(msg.NEW_PERSON_DUE_PAST)
    if born is not None and born > today:
        problems.append(msg.NEW_PERSON_DOB_FUTURE)
    return problems


def who_problems(concern: Concern) -> dict[str, list[str]]:
    field_errors: dict[str, list[str]] = {}
    people = list(concern.people.all())
    if concern.family_id is None and not people:
        field_errors["family"] = [msg.WHO_REQUIRED]
    elif concern.family_id is not None and not any(p.person_id for p in people):
        field_errors["family"] = [msg.WHO_PEOPLE_REQUIRED]
    for person in people:
        if person.person_id is None:
            for problem in new_person_problems(person):
                field_errors.setdefault("family", []).append(f"{person.display_name}: {problem}")
    return field_errors


def _what_problems(data: dict[str, Any], *, continuum: Continuum | None) -> dict[str, list[str]]:
    field_errors: dict[str, list[str]] = {}
    if not (data.get("worries") or "").strip():
        field_errors["worries"] = [msg.WORRIES_REQUIRED]
    if data.get("immediate_risk") is None:
        field_errors["immediate_risk"] = [msg.RISK_REQUIRED]
    if data.get("wants") not in Wants.values:
        field_errors["wants"] = [msg.WANTS_REQUIRED]
    consent = data.get("consent")
    reason = (data.get("consent_reason") or "").strip()
    if consent not in ConsentStatus.values:
        field_errors["consent"] = [msg.CONSENT_REQUIRED]
    elif consent == ConsentStatus.NOT_SOUGHT and not reason:
        field_errors["consent_reason"] = [msg.CONSENT_REASON_NOT_SOUGHT]
    elif consent == ConsentStatus.REFUSED and data.get("wants") == Wants.REFERRAL and not reason:
        field_errors["consent_reason"] = [msg.CONSENT_REASON_REFUSED]
    if continuum is not None and not set(data.get("indicators") or ()) <= (
        continuum.indicator_codes()
    ):
        field_errors["indicators"] = [msg.UNKNOWN_INDICATOR]
    if data.get("wants") == Wants.CONSULTATION and not rules.current("front_door").is_urgent(data):
        from .consultations import embedded_social_workers

        if not embedded_social_workers():
            field_errors.setdefault("wants", []).append(msg.NO_EMBEDDED_SW)
    return field_errors


def _family_people(by, concern: Concern, family, person_ids) -> list[int]:
    """The chosen people must be current members of a family the referrer can see."""
    permit(can_view_family(by, family))
    members = set(
        Membership.objects.filter(family=family, left_on__isnull=True).values_list(
            "person_id", flat=True
        )
    )
    return [pk for pk in person_ids if pk in members]


def _draft_for(
    by,
    concern: Concern | None,
    expected_version: int | None,
    edit_token: str = "",
    after_consultation=None,
) -> Concern:
    """The draft to change: a new one, or the caller's own draft at the version they saw.
    A newer version saved by the same page (its autosave, `edit_token`) is not a conflict;
    one saved from another window or tab is."""
    if concern is None:
        permit(policy.can_raise_concern(by))
        now = timezone.now()
        draft = Concern.objects.create(
            created_at=now,
            updated_at=now,
            reference=new_reference("CN-", 6, unique_in=Concern),
            raised_by=by.user,
            raised_by_organisation=organisation_of(by),
            continuum=Continuum.objects.in_force(timezone.localdate()),
            **_from_consultation(by, after_consultation),
        )
        audit.record(by, Verb.CREATE, draft, changes={"status": [None, "draft"]})
        return draft
    concern = c.lock(Concern, concern)
    permit(policy.can_view_concern(by, concern))
    if not concern.is_draft:
        raise errors.RuleViolation(msg.CONCERN_NOT_DRAFT)
    if (
        expected_version is not None
        and concern.version != expected_version
        and not (edit_token and concern.edit_token == edit_token)
    ):
        raise errors.StaleVersion(msg.STALE_CONCERN, current=concern)
    return concern


def _from_consultation(by, consultation) -> dict[str, Any]:
    """A concern raised after one's own consultation carries it (and starts from its words)."""
    if consultation is None or consultation.requested_by_id != by.user_id:
        return {}
    return {
        "after_consultation": consultation,
        "worries": f"{consultation.question}\n\n(Following consultation "
        f"{consultation.reference}: {consultation.get_outcome_display().lower()}.)",
    }


@action
def concern_save_who(
    *,
    by,
    concern: Concern | None,
    expected_version: int | None,
    family=None,
    person_ids: list[int] | tuple[int, ...] = (),
    new_people: list[dict[str, Any]] | tuple = (),
    edit_token: str = "",
    after_consultation=None,
) -> Concern:
    """Screen 1: who the concern is about. Everything typed is kept, finished or not; the
    caller asks who_problems() whether the screen is complete. A new draft may follow one of
    the referrer's own consultations (it then carries it to the front door)."""
    concern = _draft_for(by, concern, expected_version, edit_token, after_consultation)
    chosen = _family_people(by, concern, family, person_ids) if family is not None else []
    rows = _clean_new_people(list(new_people))
    concern.people.all().delete()
    for pk in chosen:
        ConcernPerson.objects.create(concern=concern, person_id=pk, role=_role_of(family, pk))
    for row in rows:
        ConcernPerson.objects.create(concern=concern, **row)
    bump(
        concern,
        concern.version,
        msg.STALE_CONCERN,
        {"family": family, "edit_token": edit_token[:32], "updated_at": timezone.now()},
    )
    audit.record(
        by,
        Verb.UPDATE,
        concern,
        family=family,
        changes={"step": "who", "people": len(chosen) + len(rows)},
    )
    return concern


def _role_of(family, person_pk: int) -> str:
    role = (
        Membership.objects.filter(family=family, person_id=person_pk, left_on__isnull=True)
        .values_list("role", flat=True)
        .first()
    )
    return NamedRole.CHILD if role == "child" else NamedRole.ADULT


@action
def concern_save_what(
    *,
    by,
    concern: Concern,
    expected_version: int | None,
    data: dict[str, Any],
    edit_token: str = "",
) -> Concern:
    """Screen 2: what worries them, what they want, consent. Saves what was given, finished or
    not; the caller asks what_problems() whether the screen is complete."""
    concern = _draft_for(by, concern, expected_version, edit_token)
    fields = {k: data[k] for k in WHAT_FIELDS if k in data}
    if "indicators" in fields:
        known = concern.continuum.indicator_codes() if concern.continuum else set()
        fields["indicators"] = [i for i in fields["indicators"] or () if i in known]
    for key in ("worries", "consent_reason", "referrer_view"):
        if key in fields:
            fields[key] = (fields[key] or "").strip()
    for key in ("wants", "consent"):
        if key in fields:
            fields[key] = fields[key] or ""
    bump(
        concern,
        concern.version,
        msg.STALE_CONCERN,
        {**fields, "edit_token": edit_token[:32], "updated_at": now()},
    )
    audit.record(by, Verb.UPDATE, concern, family=concern.family, changes={"step": "what"})
    return concern


def now() -> dt.datetime:
    return timezone.now()


def _what_of(concern: Concern) -> dict[str, Any]:
    return {k: getattr(concern, k) for k in WHAT_FIELDS}


def what_problems(concern: Concern) -> dict[str, list[str]]:
    return _what_problems(_what_of(concern), continuum=concern.continuum)


def concern_problems(concern: Concern) -> dict[str, list[str]]:
    """Everything still missing before the concern can be sent (for check-your-answers)."""
    return {**who_problems(concern), **what_problems(concern)}


@action
def concern_submit(*, by, concern: Concern, expected_version: int, edit_token: str = "") -> Concern:
    """Send the concern. Idempotent: pressing Send twice (or resending after a timeout)
    sends it once. `edit_token`: the page that last saved the draft (a late autosave from the
    screen before is not a conflict)."""
    concern = c.lock(Concern, concern)
    permit(policy.can_view_concern(by, concern))
    if concern.status == ConcernStatus.SENT:
        return concern
    if concern.status != ConcernStatus.DRAFT:
        raise errors.RuleViolation(msg.CONCERN_NOT_DRAFT)
    if concern.version != expected_version and not (
        edit_token and concern.edit_token == edit_token
    ):
        raise errors.StaleVersion(msg.STALE_CONCERN, current=concern)
    if concern.family_id is not None:
        permit(can_view_family(by, concern.family))
    problems = concern_problems(concern)
    if problems:
        raise errors.RuleViolation(next(iter(problems.values()))[0], field_errors=problems)
    sent_at = timezone.now()
    urgent = concern_is_urgent(concern)
    bump(
        concern,
        concern.version,
        msg.STALE_CONCERN,
        {"status": ConcernStatus.SENT, "sent_at": sent_at, "updated_at": sent_at},
    )
    audit.record(
        by,
        Verb.UPDATE,
        concern,
        family=concern.family,
        changes={
            "status": ["draft", "sent"],
            "wants": concern.wants,
            "urgent": urgent,
        },
    )
    from .consultations import consultation_from_concern
    from .early_warning import signal_from_concern

    if urgent or concern.wants in (Wants.REFERRAL, Wants.ADVICE):
        contact_from_concern(by=by, concern=concern)
    else:
        consultation_from_concern(by=by, concern=concern)
    if concern.family_id is not None:
        chronicle(
            by=by,
            family=concern.family,
            kind="concern_raised",
            summary=f"Concern raised with the front door by {c.who(by)}"
            + (" – marked urgent" if urgent else ""),
            significant=urgent,
            occurred_at=sent_at,
        )
        signal_from_concern(by=by, concern=concern)
    return concern


@action
def concern_delete_draft(*, by, concern: Concern) -> Concern:
    concern = c.lock(Concern, concern)
    permit(policy.can_edit_concern(by, concern))
    Concern.objects.filter(pk=concern.pk).update(
        status=ConcernStatus.WITHDRAWN, updated_at=timezone.now()
    )
    concern.refresh_from_db()
    audit.record(by, Verb.DELETE, concern, changes={"status": ["draft", "withdrawn"]})
    return concern
