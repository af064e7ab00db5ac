"""Writes to the whole-family record. Every action goes through the doorway (`@action`):
keyword-only, `by` is the acting principal, checks the policy, validates, writes, records the
audit event and the chronology entry, all in one transaction."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.utils import timezone

import audit
from access.doorway import acting_user, action, bump, deny, permit, refuse_stale
from audit.models import Verb
from familyhub import errors
from familyhub.references import new_reference
from organisations import actions as involvements
from organisations import policy as org_policy
from organisations.models import Involvement, InvolvementRole, Practitioner
from organisations.queries import organisation_of, practitioner_of
from people import policy

from . import matcher
from .identifiers import child_identifier, nhs_number, postcode, upn
from .leads import lead_arrangement
from .models import (
    Address,
    ChronologyEntry,
    Family,
    MemberRole,
    Membership,
    Person,
    Relationship,
    RelationshipKind,
    Significance,
)
from .search import index_keys

PERSON_FIELDS = (
    "given_name",
    "family_name",
    "other_names",
    "preferred_name",
    "date_of_birth",
    "expected_date_of_birth",
    "sex",
    "gender",
    "ethnicity",
    "first_language",
    "interpreter_needed",
    "disabilities",
    "date_of_death",
    "nhs_number",
    "upn",
    "former_upn",
    "upn_unknown_reason",
    "nhs_number_source",
    "nhs_number_status",
    "nhs_number_verified_on",
    "nhs_number_absent_reason",
)
FAMILY_FIELDS = ("name", "summary", "hub", "locality")


def chronicle(
    *, by, family, kind, summary, person=None, detail="", significant=False, occurred_at=None
) -> ChronologyEntry:
    """Add an event to the family's one chronology. Other apps' actions call this inside their
    own transaction (it does no access check of its own: the calling action has done that)."""
    return ChronologyEntry.objects.create(
        family=family,
        person=person,
        kind=kind,
        summary=summary[:500],
        detail=detail,
        significance=Significance.SIGNIFICANT if significant else Significance.ROUTINE,
        recorded_by=acting_user(by),
        agency=organisation_of(by),
        occurred_at=occurred_at or timezone.now(),
    )


_chronicle = chronicle


# --- Validation shared by every caller (forms, commands, imports, API) -----------------------


def clean_person_data(data: dict[str, Any], *, existing: Person | None = None) -> dict[str, Any]:
    """Normalise identifiers and apply the record's rules; raise RuleViolation per field.

    For an update, the rules apply to the stored record with the changes applied, so a change
    to one date is checked against the dates that are not being changed."""
    out = {k: v for k, v in data.items() if k in PERSON_FIELDS}
    field_errors: dict[str, list[str]] = {}
    today = timezone.localdate()

    for name, module in (("nhs_number", nhs_number), ("upn", upn), ("former_upn", upn)):
        value = (out.get(name) or "").strip()
        if value:
            try:
                out[name] = module.validate(value)
            except ValidationError as exc:
                field_errors.setdefault(name, []).extend(exc.messages)
        elif name in out:
            out[name] = ""
    merged = {f: getattr(existing, f) for f in PERSON_FIELDS} if existing else {}
    merged.update(out)
    born, expected = merged.get("date_of_birth"), merged.get("expected_date_of_birth")
    if born and expected:
        field_errors.setdefault("expected_date_of_birth", []).append(errors.BORN_AND_EXPECTED)
    if born and born > today:
        field_errors.setdefault("date_of_birth", []).append(errors.DOB_IN_FUTURE)
    if expected and expected < today and not born:
        field_errors.setdefault("expected_date_of_birth", []).append(errors.EXPECTED_DOB_PAST)
    if expected and not born and merged.get("sex") not in (None, "", "U"):
        # DfE's CIN census rule 8750 (returns/tests/test_entry_rules.py keeps the two in step)
        field_errors.setdefault("sex", []).append(errors.UNBORN_SEX)
    died = merged.get("date_of_death")
    if died and born and died < born:
        field_errors.setdefault("date_of_death", []).append(errors.DEATH_BEFORE_BIRTH)
    if out.get("nhs_number") and "nhs_number" not in field_errors:
        clash = Person.objects.filter(nhs_number=out["nhs_number"])
        if existing is not None:
            clash = clash.exclude(pk=existing.pk)
        if clash.exists():
            field_errors.setdefault("nhs_number", []).append(errors.NHS_NUMBER_IN_USE)
    child_identifier.check_record(out, merged, existing, field_errors, today)
    if field_errors:
        raise errors.RuleViolation("Check the details entered", field_errors=field_errors)
    return out


# --- Families -------------------------------------------------------------------------------


@action
def family_create(*, by, name: str, summary: str = "", hub=None, locality: str = "") -> Family:
    permit(policy.can_create_family(by))
    practitioner = practitioner_of(by)
    if practitioner is None:  # can_create_family admits practitioners only
        deny()
    family = Family.objects.create(
        name=name.strip(),
        summary=summary,
        hub=hub,
        locality=locality,
        reference=new_reference("FH-", 6),
    )
    audit.record(by, Verb.CREATE, family, changes={"name": [None, family.name]})
    involvements.involvement_start(
        by=by,
        family=family,
        organisation=practitioner.organisation,
        practitioner=practitioner,
        role=org_policy.creator_involvement_role(practitioner),
    )
    _chronicle(
        by=by,
        family=family,
        kind="family_created",
        summary=f"Family record started by {by.label}",
    )
    return family


@action
def family_update(*, by, family: Family, expected_version: int, data: dict[str, Any]) -> Family:
    permit(policy.can_edit_family(by, family))
    fields = {k: v for k, v in data.items() if k in FAMILY_FIELDS}
    before = Family.objects.get(pk=family.pk)
    bump(family, expected_version, errors.STALE_FAMILY, fields)
    changes = _diff(before, family, FAMILY_FIELDS)
    audit.record(by, Verb.UPDATE, family, changes=changes)
    if changes:
        _chronicle(
            by=by,
            family=family,
            kind="family_updated",
            summary="Family details changed: " + ", ".join(_labels(Family, changes)),
        )
    return family


def _diff(before, after, fields) -> dict[str, list]:
    changes = {}
    for name in fields:
        old, new = getattr(before, name), getattr(after, name)
        if old != new:
            changes[name] = [_plain(old), _plain(new)]
    return changes


def _plain(value):
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    if hasattr(value, "pk"):
        return str(value)
    return value


def _labels(model, changes) -> list[str]:
    return [str(model._meta.get_field(name).verbose_name) for name in changes]


# --- People and membership ------------------------------------------------------------------


def _create_person(
    data: dict[str, Any], *, is_synthetic: bool = False, address: dict | None = None
) -> Person:
    person = Person(**data, la_child_id=new_reference("P", 10), is_synthetic=is_synthetic)
    index_keys(person)
    person.save()
    if address:
        Address.objects.create(person=person, **address)
    matcher.refresh([person.pk])
    return person


@action
def person_create(
    *,
    by,
    data: dict[str, Any],
    reason: str = "",
    address: dict[str, str] | None = None,
    is_synthetic: bool = False,
) -> Person:
    """Record a person in the register who belongs to no family yet (bulk linkage: a partner's
    row that matches nobody). `address` is kept as the partner gave it (line 1, postcode).
    The actor's own check (e.g. may link data) is the caller's; this validates and audits."""
    as_given = None
    if address and (address.get("line_1") or address.get("postcode")):
        as_given = {
            "line_1": (address.get("line_1") or "")[:150],
            "postcode": (address.get("postcode") or "")[:8],
        }
    person = _create_person(clean_person_data(data), is_synthetic=is_synthetic, address=as_given)
    audit.record(
        by,
        Verb.CREATE,
        person,
        changes={
            "given_name": [None, person.given_name],
            "family_name": [None, person.family_name],
            "date_of_birth": [None, str(person.date_of_birth or "")],
        },
        reason=reason,
    )
    return person


@action
def family_add_new_person(
    *,
    by,
    family: Family,
    role: str,
    in_household: bool = True,
    data: dict[str, Any],
    address: dict[str, Any] | None = None,
) -> Membership:
    """Record a new person and add them to the family in one step."""
    permit(policy.can_edit_family(by, family))
    person = _create_person(clean_person_data(data))
    audit.record(
        by,
        Verb.CREATE,
        person,
        family=family,
        changes={
            k: [None, _plain(v)]
            for k, v in data.items()
            if v not in ("", None, [])
            and k in ("given_name", "family_name", "date_of_birth", "nhs_number", "upn")
        },
    )
    if address:
        _address_add(by=by, person=person, family=family, data=address)
    return _add_membership(
        by=by, family=family, person=person, role=role, in_household=in_household
    )


@action
def family_add_member(
    *, by, family: Family, person: Person, role: str, in_household: bool = True
) -> Membership:
    """Add someone already in the register (and visible to the actor) to a family."""
    permit(policy.can_edit_family(by, family) and policy.can_view_person(by, person))
    return _add_membership(
        by=by, family=family, person=person, role=role, in_household=in_household
    )


def _add_membership(*, by, family, person, role, in_household) -> Membership:
    if family.memberships.filter(person=person, left_on__isnull=True).exists():
        raise errors.RuleViolation(
            errors.ALREADY_MEMBER, field_errors={"person": [errors.ALREADY_MEMBER]}
        )
    membership = Membership.objects.create(
        family=family, person=person, role=MemberRole(role), in_household=in_household
    )
    audit.record(
        by, Verb.CREATE, membership, family=family, person=person, changes={"role": [None, role]}
    )
    _chronicle(
        by=by,
        family=family,
        person=person,
        kind="member_added",
        summary=f"{person.full_name} added to the family as {MemberRole(role).label.lower()}",
    )
    return membership


@action
def person_update(*, by, person: Person, expected_version: int, data: dict[str, Any]) -> Person:
    permit(policy.can_edit_person(by, person))
    before = Person.objects.get(pk=person.pk)
    refuse_stale(before, expected_version, errors.STALE_PERSON)
    cleaned = clean_person_data(data, existing=before)
    probe = Person(**{**{f: getattr(before, f) for f in PERSON_FIELDS}, **cleaned})
    index_keys(probe)
    keys = {
        k: getattr(probe, k) for k in ("given_key", "family_key", "given_sound", "family_sound")
    }
    bump(person, expected_version, errors.STALE_PERSON, {**cleaned, **keys})
    matcher.refresh([person.pk])
    changes = _diff(before, person, PERSON_FIELDS)
    audit.record(by, Verb.UPDATE, person, changes=changes)
    if changes:
        for membership in person.memberships.filter(left_on__isnull=True).select_related("family"):
            _chronicle(
                by=by,
                family=membership.family,
                person=person,
                kind="person_updated",
                summary=f"{person.full_name}'s details changed: "
                + ", ".join(_labels(Person, changes)),
            )
    return person


def _address_add(*, by, person, family, data) -> Address:
    fields = {
        k: v
        for k, v in data.items()
        if k in ("line_1", "line_2", "town", "postcode", "uprn", "moved_in_on", "is_confidential")
    }
    try:
        fields["postcode"] = postcode.validate(fields.get("postcode", ""))
    except ValidationError as exc:
        raise errors.RuleViolation(
            exc.messages[0], field_errors={"postcode": exc.messages}
        ) from exc
    moved_in = fields.get("moved_in_on") or timezone.localdate()
    # The new address ends the one before it.
    person.addresses.filter(moved_out_on__isnull=True).exclude(moved_in_on__gt=moved_in).update(
        moved_out_on=moved_in
    )
    address = Address.objects.create(person=person, **fields)
    matcher.refresh([person.pk])
    audit.record(
        by,
        Verb.CREATE,
        address,
        person=person,
        family=family,
        changes={
            "postcode": [None, "(confidential)" if address.is_confidential else address.postcode]
        },
    )
    return address


@action
def address_add(*, by, person: Person, data: dict[str, Any]) -> Address:
    permit(policy.can_edit_person(by, person))
    address = _address_add(by=by, person=person, family=None, data=data)
    for membership in person.memberships.filter(left_on__isnull=True).select_related("family"):
        _chronicle(
            by=by,
            family=membership.family,
            person=person,
            kind="address_added",
            summary=f"New address recorded for {person.full_name}"
            + (" (confidential)" if address.is_confidential else ""),
        )
    return address


# --- Relationships --------------------------------------------------------------------------


@action
def relationship_end(*, by, family: Family, relationship: Relationship, ended_on) -> Relationship:
    """A couple have separated: their partnership is recorded as ended (the genogram draws it
    with two slashes)."""
    permit(policy.can_edit_family(by, family))
    members = set(family.memberships.values_list("person_id", flat=True))
    if (
        relationship.kind != RelationshipKind.PARTNER
        or not {
            relationship.from_person_id,
            relationship.to_person_id,
        }
        <= members
    ):
        raise errors.RuleViolation(
            errors.SEPARATION_NOT_A_COUPLE,
            field_errors={"relationship": [errors.SEPARATION_NOT_A_COUPLE]},
        )
    if relationship.ended_on is not None:
        raise errors.RuleViolation(
            errors.SEPARATION_RECORDED, field_errors={"relationship": [errors.SEPARATION_RECORDED]}
        )
    if ended_on is None or ended_on > timezone.localdate():
        raise errors.RuleViolation(
            errors.SEPARATION_DATE, field_errors={"ended_on": [errors.SEPARATION_DATE]}
        )
    Relationship.objects.filter(pk=relationship.pk).update(ended_on=ended_on)
    relationship.ended_on = ended_on
    audit.record(
        by,
        Verb.UPDATE,
        relationship,
        family=family,
        person=relationship.to_person,
        changes={"ended_on": [None, ended_on.isoformat()]},
    )
    _chronicle(
        by=by,
        family=family,
        person=relationship.to_person,
        kind="relationship_ended",
        summary=f"{relationship.from_person.full_name} and {relationship.to_person.full_name} "
        f"recorded as separated (from {ended_on:%-d %B %Y})",
    )
    return relationship


@action
def relationship_add(
    *,
    by,
    family: Family,
    from_person: Person,
    to_person: Person,
    kind: str,
    parental_responsibility: bool = False,
    started_on=None,
) -> Relationship:
    permit(policy.can_edit_family(by, family))
    if from_person.pk == to_person.pk:
        raise errors.RuleViolation(
            errors.RELATIONSHIP_SELF, field_errors={"to_person": [errors.RELATIONSHIP_SELF]}
        )
    members = set(family.memberships.values_list("person_id", flat=True))
    if not {from_person.pk, to_person.pk} <= members:
        raise errors.RuleViolation(errors.RELATIONSHIP_NOT_MEMBERS)
    if Relationship.objects.filter(
        from_person=from_person, to_person=to_person, kind=kind
    ).exists():
        raise errors.RuleViolation(
            errors.RELATIONSHIP_EXISTS, field_errors={"kind": [errors.RELATIONSHIP_EXISTS]}
        )
    rel = Relationship.objects.create(
        from_person=from_person,
        to_person=to_person,
        kind=RelationshipKind(kind),
        parental_responsibility=parental_responsibility,
        started_on=started_on,
    )
    audit.record(
        by,
        Verb.CREATE,
        rel,
        family=family,
        person=to_person,
        changes={"kind": [None, kind], "parental_responsibility": [None, parental_responsibility]},
    )
    pr = " (with parental responsibility)" if parental_responsibility else ""
    _chronicle(
        by=by,
        family=family,
        person=to_person,
        kind="relationship_added",
        summary=f"{from_person.full_name} recorded as "
        f"{RelationshipKind(kind).label.lower()} of {to_person.full_name}{pr}",
    )
    return rel


# --- Involvements ---------------------------------------------------------------------------


LEAD_ROLES = (InvolvementRole.LEAD_PRACTITIONER, InvolvementRole.COVER)


@action
def involvement_add(
    *,
    by,
    family: Family,
    organisation,
    role: str,
    practitioner: Practitioner | None = None,
    person: Person | None = None,
    started_on: dt.date | None = None,
    notes: str = "",
) -> Involvement:
    permit(policy.can_edit_family(by, family))
    if role in LEAD_ROLES:  # written only with the lead arrangement (ADR 0006)
        raise errors.RuleViolation(
            errors.LEAD_ROLE_FROM_CONTACT, field_errors={"role": [errors.LEAD_ROLE_FROM_CONTACT]}
        )
    if person is not None and not family.memberships.filter(person=person).exists():
        raise errors.RuleViolation(errors.RELATIONSHIP_NOT_MEMBERS)
    if practitioner is not None and practitioner.organisation_id != organisation.pk:
        message = f"{practitioner.name} does not work for {organisation.name}"
        raise errors.RuleViolation(message, field_errors={"practitioner": [message]})
    involvement = involvements.involvement_start(
        by=by,
        family=family,
        person=person,
        organisation=organisation,
        practitioner=practitioner,
        role=role,
        started_on=started_on,
        notes=notes,
    )
    who = f"{practitioner.name} ({organisation.name})" if practitioner else organisation.name
    _chronicle(
        by=by,
        family=family,
        person=person,
        kind="involvement_started",
        summary=f"{who} involved as {InvolvementRole(role).label.lower()}",
    )
    return involvement


@action
def involvement_end(*, by, involvement: Involvement, ended_on: dt.date, reason: str) -> Involvement:
    permit(policy.can_edit_family(by, involvement.family))
    lead = lead_arrangement(involvement.family_id)
    if (
        involvement.role == InvolvementRole.LEAD_PRACTITIONER
        and lead is not None
        and lead.lead_id == involvement.practitioner_id
    ):
        raise errors.RuleViolation(errors.ENDING_THE_LEAD)
    involvements.involvement_end(by=by, involvement=involvement, ended_on=ended_on, reason=reason)
    who = (
        involvement.practitioner.name if involvement.practitioner else involvement.organisation.name
    )
    _chronicle(
        by=by,
        family=involvement.family,
        person=involvement.person,
        kind="involvement_ended",
        summary=f"{who} no longer involved: {reason}",
    )
    return involvement
