"""Reads for the custodian: Find a Record (which record types FamilyHub holds about a child,
pointers only) and Fetch a Record (one record type's content), each decided by the policy
enforcement point (custodian.policy, through the kernel's registry) and each decision written to
the audit trail with the agreement's reference and version, the purpose and the caller; and the
agreements for the administrators' page.

A record that is not held and one that is sealed get the same answer. Without an agreement the
answer is a refusal decided before the child is looked up, so it says nothing about them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.db.models import QuerySet

import audit
from access import registry
from access.principals import Purpose, principal_for
from audit.models import Verb
from organisations.models import Organisation
from people.identifiers import nhs_number as nhs
from people.models import Person

from . import policy, records, searcher
from .models import RECORD_MODELS, Agreement, RecordType

FIND, FETCH = "find", "fetch"


@dataclass
class Decision:
    """One decision of the policy enforcement point, as the audit trail records it."""

    operation: str
    record_type: str
    agreement: Agreement | None
    outcome: str = ""  # "disclosed", "not held", "withheld: sealed", "no agreement"
    person: Person | None = None

    @property
    def allowed(self) -> bool:
        return self.agreement is not None


@dataclass
class FindAnswer:
    refused: bool
    pointers: list[dict[str, Any]] = field(default_factory=list)


@dataclass
class FetchAnswer:
    refused: bool
    held: bool = False
    agreement: Agreement | None = None
    content: dict[str, Any] = field(default_factory=dict)
    schema: str = ""


def _reason(p, decision: Decision) -> str:
    """The decision in words, for whoever reads the audit trail."""
    agreement = decision.agreement
    under = f"under {agreement.reference} v{agreement.version}" if agreement else "no agreement"
    verdict = "allowed" if decision.allowed else "refused"
    return (
        f"{decision.operation.capitalize()} a record ({decision.record_type}) for "
        f"{p.request_purpose}: {verdict}, {under}" + (f"; {decision.outcome}" if agreement else "")
    )


def _record(p, decision: Decision, nhs_number: str) -> None:
    agreement = decision.agreement
    if not decision.allowed:
        verb = Verb.DENIED
    else:
        verb = Verb.SEARCH if decision.operation == FIND else Verb.VIEW
    audit.record(
        p,
        verb,
        None,
        person=decision.person,
        label="",
        reason=_reason(p, decision),
        changes={
            "custodian": decision.operation,
            "decision": "allow" if decision.allowed else "deny",
            "outcome": decision.outcome,
            "record_type": decision.record_type,
            "purpose": p.request_purpose,
            "agreement": agreement.reference if agreement else None,
            "agreement_id": agreement.pk if agreement else None,
            "agreement_version": agreement.version if agreement else None,
            "client": p.client_id,
            "organisation": p.organisation_name,
            "nhs_number_asked": nhs_number,
        },
    )


def _person_with(nhs_number: str) -> Person | None:
    """Whoever holds this NHS number in the register (for the audit trail only: what is
    disclosed is decided by the registry)."""
    rows = Person.objects.filter(nhs_number=nhs_number, merged_into__isnull=True)
    return rows.order_by("pk").first()


def _held(p, record_type: str, purpose: Purpose, nhs_number: str) -> Person | None:
    model = RECORD_MODELS[record_type]
    return (
        registry.visible_to(p, model, purpose).filter(nhs_number=nhs_number).order_by("pk").first()
    )


def _not_disclosed(nhs_number: str, record_type: str) -> str:
    someone = _person_with(nhs_number)
    if someone is None:
        return "not held"
    sealed = Person.objects.filter(pk=someone.pk).filter(policy.sealed_q()).exists()
    return "withheld: sealed" if sealed else "not held"


def find(actor, nhs_number: str) -> FindAnswer:
    """Find a Record: the record types held about the child with this NHS number that the
    requester's agreements let it know of (pointers only)."""
    p = principal_for(actor)
    number = nhs.normalise(nhs_number)
    agreements = {rt: policy.agreement_for(p, rt, Purpose.LOCATE) for rt in RecordType.values}
    if not any(agreements.values()):
        for rt in RecordType.values:
            _record(p, Decision(FIND, rt, None, "no agreement"), number)
        return FindAnswer(refused=True)
    pointers = []
    for rt, agreement in agreements.items():
        if agreement is None:
            _record(p, Decision(FIND, rt, None, "no agreement"), number)
            continue
        person = _held(p, rt, Purpose.LOCATE, number)
        outcome = "disclosed" if person else _not_disclosed(number, rt)
        _record(p, Decision(FIND, rt, agreement, outcome, person or _person_with(number)), number)
        if person is not None:
            pointers.append(
                {
                    "record_type": rt,
                    "schema": records.SCHEMAS[rt],
                    "mode": agreement.mode,
                    "agreement": agreement,
                }
            )
    return FindAnswer(refused=False, pointers=pointers)


def fetch(actor, nhs_number: str, record_type: str) -> FetchAnswer:
    """Fetch a Record: one record type's content, when a content agreement covers it."""
    p = principal_for(actor)
    number = nhs.normalise(nhs_number)
    agreement = policy.agreement_for(p, record_type, Purpose.VIEW)
    if agreement is None:
        _record(p, Decision(FETCH, record_type, None, "no agreement"), number)
        return FetchAnswer(refused=True)
    person = _held(p, record_type, Purpose.VIEW, number)
    if person is None:
        outcome = _not_disclosed(number, record_type)
        _record(p, Decision(FETCH, record_type, agreement, outcome, _person_with(number)), number)
        return FetchAnswer(refused=False, held=False, agreement=agreement)
    _record(p, Decision(FETCH, record_type, agreement, "disclosed", person), number)
    return FetchAnswer(
        refused=False,
        held=True,
        agreement=agreement,
        content=records.content(record_type, person),
        schema=records.SCHEMAS[record_type],
    )


# --- The agreements (administrators' page) ---------------------------------------------------


def agreements_visible_to(user) -> QuerySet[Agreement]:
    return (
        registry.visible_to(user, Agreement)
        .select_related("source_organisation", "destination_organisation")
        .order_by("reference", "-version")
    )


def get_agreement_for(
    user, reference: str, version=None, *, purpose: Purpose = Purpose.VIEW
) -> Agreement:
    """One version of an agreement by its reference (the current one when no version is
    asked for); 404 for a missing one and for someone who may not see agreements."""
    rows = Agreement.objects.filter(reference=reference)
    number = str(version or "")
    row = rows.filter(version=int(number)) if number.isdecimal() else rows.current()
    pk = row.values_list("pk", flat=True).first()
    queryset = Agreement.objects.select_related("source_organisation", "destination_organisation")
    return registry.get_for(user, Agreement, pk, purpose, queryset=queryset, record=False)


def agreement_versions(agreement: Agreement) -> QuerySet[Agreement]:
    return Agreement.objects.filter(reference=agreement.reference).order_by("-version")


def organisations() -> QuerySet[Organisation]:
    return Organisation.objects.order_by("name")


# --- Asking other custodians (searching the other way) ---------------------------------------


def custodians_configured() -> list[str]:
    return [c.name for c in searcher.custodians()]


def _outbound(actor, person: Person, operation: str, purpose: str, replies: list) -> None:
    audit.record(
        actor,
        Verb.SEARCH,
        None,
        person=person,
        label="",
        reason=f"asked other custodians ({operation}) for {purpose}",
        changes={
            "custodian": f"{operation} elsewhere",
            "purpose": purpose,
            "asked": {r.custodian: r.outcome for r in replies},
        },
    )


def find_elsewhere(actor, person_pk, purpose: str) -> tuple[Person, list[searcher.Reply]]:
    """Ask every configured custodian which records it holds about this child (someone the
    asker may see: 404 otherwise). Nothing is asked when none is configured or the child has no
    NHS number. What was asked, and each custodian's outcome, is audited."""
    person = registry.get_for(actor, Person, person_pk)
    if not person.nhs_number or not searcher.enabled():
        return person, []
    replies = searcher.find(person.nhs_number, purpose)
    _outbound(actor, person, FIND, purpose, replies)
    return person, replies


def fetch_elsewhere(
    actor, person_pk, custodian: str, record_type: str, purpose: str
) -> tuple[Person, searcher.Reply | None]:
    person = registry.get_for(actor, Person, person_pk)
    if not person.nhs_number or record_type not in RecordType.values:
        return person, None
    reply = searcher.fetch(custodian, person.nhs_number, record_type, purpose)
    if reply is not None:
        _outbound(actor, person, FETCH, purpose, [reply])
    return person, reply
