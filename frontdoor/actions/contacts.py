"""Contacts at the front door: intake (from a concern, a consultation, an early warning or a
reopened decision), screening, RAG, linking to a known family and partner information."""

from __future__ import annotations

from django.utils import timezone

import audit
import rules
from access.doorway import action, bump, permit
from audit.models import Verb
from familyhub import errors, links
from familyhub.references import new_reference
from familyhub.timefmt import time_and_date
from frontdoor import policy
from notices.actions import notify
from organisations import policy as org_policy
from organisations.models import Organisation, Practitioner
from organisations.queries import organisation_of, practitioner_of
from people.actions import chronicle
from people.models import Membership
from people.policy import can_view_family

from .. import clock
from .. import messages as msg
from ..models import (
    Concern,
    Consultation,
    Contact,
    ContactKind,
    ContactPerson,
    ContactStatus,
    Continuum,
    InfoRequestStatus,
    NamedRole,
    PartnerInfoRequest,
    Rag,
    StatusChange,
)
from . import _common as c

# --- Intake ----------------------------------------------------------------------------------


def _open_contact(*, by, referrer, kind: str, urgent: bool, family, **fields) -> Contact:
    received_at = fields.pop("received_at", None) or timezone.now()
    due_at, calendar_version = clock.contact_due_at(received_at, urgent=urgent)
    organisation = organisation_of(referrer)
    settings = rules.current("front_door")
    now = timezone.now()
    contact = Contact.objects.create(
        created_at=now,
        updated_at=now,
        reference=new_reference("CT-", 6, unique_in=Contact),
        kind=kind,
        received_at=received_at,
        due_at=due_at,
        calendar_version=calendar_version,
        rules_version=settings.version,
        urgent=urgent,
        rag=Rag.RED if urgent else "",
        source=settings.source_for(organisation.org_type) if organisation else "10",
        referrer=referrer,
        referrer_name=c.who(referrer) if referrer is not None else "",
        referrer_organisation=organisation,
        family=family,
        locality=family.locality if family is not None else "",
        **fields,
    )
    StatusChange.objects.create(
        contact=contact,
        from_status="",
        to_status=ContactStatus.RECEIVED,
        at=received_at,
        by=by.user,
        by_label=by.label,
        note=ContactKind(kind).label,
    )
    audit.record(
        by,
        Verb.CREATE,
        contact,
        family=family,
        changes={"kind": kind, "urgent": urgent, "due_at": due_at.isoformat()},
    )
    if urgent:
        _tell_managers_it_is_urgent(contact)
    if family is not None:
        chronicle(
            by=by,
            family=family,
            kind="contact_received",
            summary=f"Contact {contact.reference} received by the front door"
            + (f" from {organisation.name}" if organisation else "")
            + (" – urgent" if urgent else ""),
            significant=urgent,
            occurred_at=received_at,
        )
    return contact


def _tell_managers_it_is_urgent(contact: Contact) -> None:
    """An urgent contact: every front-door manager is told at once, with the decision time."""
    due = timezone.localtime(contact.due_at)
    for manager in front_door_managers():
        notify(
            recipient=manager,
            subject=f"Urgent contact {contact.reference}: decide by {time_and_date(due)}",
            body=f"{contact.referrer_name or 'The front door'} says a child may be at immediate "
            "risk of significant harm or has disclosed harm. It is red and first in the queue.",
            link=links.ref(contact),
            kind="urgent_contact",
            family=contact.family,
        )


def _copy_people(contact: Contact, people) -> None:
    for p in people:
        ContactPerson.objects.create(
            contact=contact,
            person_id=p.person_id,
            given_name=p.given_name,
            family_name=p.family_name,
            date_of_birth=p.date_of_birth,
            expected_date_of_birth=p.expected_date_of_birth,
            unborn=p.unborn,
            role=p.role,
            notes=p.notes,
        )


def _name_family_members(contact: Contact, family) -> None:
    for m in Membership.objects.filter(family=family, left_on__isnull=True).select_related(
        "person"
    ):
        ContactPerson.objects.create(
            contact=contact,
            person=m.person,
            role=NamedRole.CHILD if m.role == "child" else NamedRole.ADULT,
        )


@action
def contact_from_concern(*, by, concern: Concern) -> Contact:
    urgent = concern_is_urgent(concern)
    contact = _open_contact(
        by=by,
        referrer=concern.raised_by,
        kind=ContactKind.ADVICE
        if concern.wants == "advice" and not urgent
        else ContactKind.REFERRAL,
        urgent=urgent,
        family=concern.family,
        concern=concern,
        consultation=_unlinked(concern.after_consultation),
        worries=concern.worries,
        indicators=list(concern.indicators),
        continuum=concern.continuum,
        consent=concern.consent,
        consent_reason=concern.consent_reason,
        referrer_view=concern.referrer_view,
        received_at=concern.sent_at,
    )
    _copy_people(contact, concern.people.all())
    return contact


def concern_is_urgent(concern: Concern) -> bool:
    """The rules in force decide which of the concern's answers make it urgent."""
    return rules.current("front_door").is_urgent(
        {"immediate_risk": concern.immediate_risk, "disclosure": concern.disclosure}
    )


def _unlinked(consultation: Consultation | None) -> Consultation | None:
    """A consultation carried into a contact, unless it already went into another one."""
    if consultation is None or Contact.objects.filter(consultation=consultation).exists():
        return None
    return consultation


@action
def contact_from_consultation(*, by, consultation: Consultation) -> Contact:
    """The consultation becomes a contact carrying everything said. The partner who asked is
    the referrer (they are told the decision); the social worker is recorded as passing it on."""
    from ..models import ConsultationOutcome

    concern = consultation.concern
    contact = _open_contact(
        by=by,
        referrer=consultation.requested_by,
        kind=ContactKind.CONSULTATION,
        urgent=consultation.outcome == ConsultationOutcome.STRATEGY,
        family=consultation.family,
        consultation=consultation,
        worries=(
            f"{consultation.question}\n\nConsultation with {c.who(by)}: "
            f"{ConsultationOutcome(consultation.outcome).label}.\n\nWhat was discussed: "
            f"{consultation.conversation}\n\nWhy: {consultation.outcome_reasons}"
        ),
        indicators=list(concern.indicators) if concern else [],
        continuum=concern.continuum
        if concern
        else Continuum.objects.in_force(timezone.localdate()),
        consent=concern.consent if concern else "",
        consent_reason=concern.consent_reason if concern else "",
        referrer_view=concern.referrer_view if concern else "",
    )
    if concern is not None:
        _copy_people(contact, concern.people.all())
    elif consultation.family_id:
        _name_family_members(contact, consultation.family)
    return contact


@action
def contact_from_early_warning(*, by, warning) -> Contact:
    lines = [
        f"Joined-up early warning ({len(warning.reasons)} signals from "
        f"{len({r['organisation'] for r in warning.reasons})} agencies within "
        f"{warning.window_days} days):"
    ]
    lines += [f"- {r['when_text']}: {r['label']} – {r['organisation']}" for r in warning.reasons]
    lines += ["", f"Decision: {warning.decision_reason}"]
    contact = _open_contact(
        by=by,
        referrer=by.user,
        kind=ContactKind.EARLY_WARNING,
        urgent=False,
        family=warning.family,
        worries="\n".join(lines),
        continuum=Continuum.objects.in_force(timezone.localdate()),
    )
    _name_family_members(contact, warning.family)
    return contact


@action
def contact_from_step_up(
    *, by, family, children, reason: str, lead_view: str, carried_text: str, urgent: bool = False
):
    """A step-up from early help (issues 5 and 17): a request for a service that carries
    everything the family told the early help team (casework.carry, in words), so the family
    need not tell their story again. Called inside casework's step-up action."""
    if not can_view_family(by, family):
        raise errors.NotPermitted("You do not have access to do this.")
    lines = [
        "Step-up from early help" + (" – URGENT." if urgent else "."),
        f"Reason: {reason}",
        f"Lead practitioner's view: {lead_view}",
        "",
        carried_text,
    ]
    contact = _open_contact(
        by=by,
        referrer=by.user,
        kind=ContactKind.REFERRAL,
        urgent=urgent,
        family=family,
        worries="\n".join(lines),
        continuum=Continuum.objects.in_force(timezone.localdate()),
    )
    for child in children:
        ContactPerson.objects.create(contact=contact, person=child, role=NamedRole.CHILD)
    return contact


@action
def contact_reopen(*, by, contact: Contact, reason: str) -> Contact:
    """A new contact carrying an earlier one (a disagreement changed the decision)."""
    reopened = _open_contact(
        by=by,
        referrer=contact.referrer,
        kind=contact.kind,
        urgent=contact.urgent,
        family=contact.family,
        previous_contact=contact,
        worries=f"{contact.worries}\n\nReopened from {contact.reference}: {reason}",
        indicators=list(contact.indicators),
        continuum=contact.continuum,
        consent=contact.consent,
        consent_reason=contact.consent_reason,
        referrer_view=contact.referrer_view,
    )
    _copy_people(reopened, contact.people.all())
    return reopened


# --- Screening ---------------------------------------------------------------------------------


def _working(by, contact: Contact, expected_version: int | None) -> Contact:
    permit(policy.can_work_contact(by, contact))
    contact = c.lock(Contact, contact)
    if expected_version is not None and contact.version != expected_version:
        raise errors.StaleVersion(msg.STALE_CONTACT, current=contact)
    return contact


@action
def contact_start_screening(
    *, by, contact: Contact, expected_version: int, rag: str = ""
) -> Contact:
    """Pick the contact up: it moves to screening and is assigned to the practitioner."""
    contact = _working(by, contact, expected_version)
    if rag and rag not in Rag.values:
        raise errors.RuleViolation(msg.RAG_REQUIRED, field_errors={"rag": [msg.RAG_REQUIRED]})
    c.transition(by=by, contact=contact, to=ContactStatus.SCREENING, note="Screening started")
    practitioner = practitioner_of(by)
    fields: dict[str, object] = {"assigned_to": practitioner}
    if rag:
        fields["rag"] = rag
    Contact.objects.filter(pk=contact.pk).update(**fields)
    contact.refresh_from_db()
    audit.record(
        by,
        Verb.UPDATE,
        contact,
        family=contact.family,
        changes={"assigned_to": [None, practitioner.name if practitioner else ""], "rag": rag},
    )
    return contact


@action
def contact_set_rag(
    *, by, contact: Contact, expected_version: int, rag: str, reason: str = ""
) -> Contact:
    contact = _working(by, contact, expected_version)
    if rag not in Rag.values:
        raise errors.RuleViolation(msg.RAG_REQUIRED, field_errors={"rag": [msg.RAG_REQUIRED]})
    if contact.rag and contact.rag != rag and not reason.strip():
        raise errors.RuleViolation(
            msg.RAG_REASON_REQUIRED, field_errors={"reason": [msg.RAG_REASON_REQUIRED]}
        )
    before = contact.rag
    bump(contact, contact.version, msg.STALE_CONTACT, {"rag": rag, "updated_at": timezone.now()})
    audit.record(
        by,
        Verb.UPDATE,
        contact,
        family=contact.family,
        changes={"rag": [before, rag]},
        reason=reason.strip()[:500],
    )
    return contact


@action
def contact_link_family(
    *, by, contact: Contact, expected_version: int, family, matches: dict[int, int] | None = None
) -> Contact:
    """After the known-family check: this contact is about a family already in the register.
    `matches` maps the contact's typed people to register people in that family."""
    contact = _working(by, contact, expected_version)
    if family.is_restricted:
        raise errors.RuleViolation(msg.FAMILY_SEALED)
    members = set(
        Membership.objects.filter(family=family, left_on__isnull=True).values_list(
            "person_id", flat=True
        )
    )
    for named_pk, person_pk in (matches or {}).items():
        if person_pk in members:
            ContactPerson.objects.filter(contact=contact, pk=named_pk).update(person_id=person_pk)
    _match_by_name(contact, family)
    bump(
        contact,
        contact.version,
        msg.STALE_CONTACT,
        {
            "family": family,
            "locality": family.locality or contact.locality,
            "updated_at": timezone.now(),
        },
    )
    audit.record(
        by,
        Verb.UPDATE,
        contact,
        family=family,
        changes={"family": [None, family.reference], "matched": len(matches or {})},
    )
    chronicle(
        by=by,
        family=family,
        kind="contact_linked",
        summary=f"Front door contact {contact.reference} found to be about this family",
    )
    return contact


def _match_by_name(contact: Contact, family) -> None:
    """Typed people who are plainly members of the linked family (same name, and the same date
    of birth where one was given) are matched to them too."""
    from people.search import name_key

    members = [
        m.person
        for m in Membership.objects.filter(family=family, left_on__isnull=True).select_related(
            "person"
        )
    ]
    taken = set(contact.people.exclude(person=None).values_list("person_id", flat=True))
    for named in contact.people.filter(person__isnull=True):
        for person in members:
            if person.pk in taken:
                continue
            same_name = (name_key(named.given_name), name_key(named.family_name)) == (
                person.given_key,
                person.family_key,
            )
            same_birth = named.date_of_birth in (None, person.date_of_birth)
            if same_name and same_birth:
                ContactPerson.objects.filter(pk=named.pk).update(person=person)
                taken.add(person.pk)
                break


# --- Partner information -------------------------------------------------------------------------


def _recipients_at(organisation: Organisation, practitioner: Practitioner | None):
    if practitioner is not None:
        return [practitioner.user]
    return org_policy.organisation_contacts(organisation)


@action
def info_request_send(
    *,
    by,
    contact: Contact,
    expected_version: int,
    organisation: Organisation,
    question: str,
    practitioner: Practitioner | None = None,
) -> PartnerInfoRequest:
    """Ask a named agency what it knows about the people named. The contact waits for the
    answers (the clock keeps running)."""
    contact = _working(by, contact, expected_version)
    field_errors: dict[str, list[str]] = {}
    if not question.strip():
        field_errors["question"] = [msg.INFO_QUESTION_REQUIRED]
    if practitioner is not None and practitioner.organisation_id != organisation.pk:
        field_errors["practitioner"] = [msg.INFO_PRACTITIONER_ORG]
    c.refuse(field_errors)
    if contact.status == ContactStatus.SCREENING:
        c.transition(
            by=by,
            contact=contact,
            to=ContactStatus.AWAITING_INFO,
            note=f"Information requested from {organisation.name}",
        )
    elif contact.status != ContactStatus.AWAITING_INFO:
        c.transition(by=by, contact=contact, to=ContactStatus.AWAITING_INFO)  # refuses
    now = timezone.now()
    request = PartnerInfoRequest.objects.create(
        contact=contact,
        organisation=organisation,
        practitioner=practitioner,
        question=question.strip(),
        requested_by=by.user,
        requested_at=now,
        due_at=clock.info_request_due_at(now, urgent=contact.urgent or contact.rag == Rag.RED),
    )
    audit.record(
        by,
        Verb.CREATE,
        request,
        family=contact.family,
        changes={"organisation": organisation.name, "due_at": request.due_at.isoformat()},
    )
    due = timezone.localtime(request.due_at)
    for user in _recipients_at(organisation, practitioner):
        notify(
            recipient=user,
            subject=f"The front door is asking what {organisation.name} knows "
            f"({contact.reference})",
            body=f"Please answer by {time_and_date(due)}.\n\n{request.question}",
            link=links.ref(request),
            kind="frontdoor_info_request",
        )
    return request


@action
def info_request_answer(
    *, by, request: PartnerInfoRequest, expected_version: int, answer: str
) -> PartnerInfoRequest:
    """The agency's answer lands in the contact; when the last answer is in, screening resumes."""
    permit(policy.can_answer_info_request(by, request))
    request = c.lock(PartnerInfoRequest, request)
    if request.status != InfoRequestStatus.OPEN:
        raise errors.RuleViolation(msg.INFO_NOT_OPEN)
    if not answer.strip():
        raise errors.RuleViolation(
            msg.INFO_ANSWER_REQUIRED, field_errors={"answer": [msg.INFO_ANSWER_REQUIRED]}
        )
    now = timezone.now()
    bump(
        request,
        expected_version,
        msg.STALE_CONTACT,
        {
            "status": InfoRequestStatus.ANSWERED,
            "answer": answer.strip(),
            "answered_by": by.user,
            "answered_at": now,
        },
    )
    contact = request.contact
    audit.record(
        by, Verb.UPDATE, request, family=contact.family, changes={"status": ["open", "answered"]}
    )
    still_open = contact.info_requests.filter(status=InfoRequestStatus.OPEN).exists()
    if contact.status == ContactStatus.AWAITING_INFO and not still_open:
        c.transition(
            by=by,
            contact=c.lock(Contact, contact),
            to=ContactStatus.SCREENING,
            note="All partner information returned",
        )
    notify(
        recipient=request.requested_by,
        subject=f"{request.organisation.name} answered about {contact.reference}",
        body=request.answer[:1000],
        link=links.ref(contact),
        kind="frontdoor_info_answer",
    )
    return request


@action
def contact_resume_screening(
    *, by, contact: Contact, expected_version: int, reason: str
) -> Contact:
    """Stop waiting for partner information (e.g. it is overdue) and carry on screening; the
    requests still open are withdrawn, with the reason."""
    contact = _working(by, contact, expected_version)
    if not reason.strip():
        raise errors.RuleViolation(
            msg.RESUME_REASON_REQUIRED, field_errors={"reason": [msg.RESUME_REASON_REQUIRED]}
        )
    c.transition(by=by, contact=contact, to=ContactStatus.SCREENING, note=reason.strip())
    for request in contact.info_requests.filter(status=InfoRequestStatus.OPEN):
        bump(request, request.version, msg.STALE_CONTACT, {"status": InfoRequestStatus.WITHDRAWN})
        audit.record(
            by,
            Verb.UPDATE,
            request,
            family=contact.family,
            changes={"status": ["open", "withdrawn"]},
            reason=reason.strip()[:500],
        )
    return contact


def front_door_managers():
    """Users who manage a front-door team (for sign-off and disagreement notices)."""
    teams = policy.front_door_team_ids()
    return [p.user for p in org_policy.team_managers(teams)]
