"""Recording consent, sharing decisions, agreements and partner notifications."""

from __future__ import annotations

import datetime as dt

from django.db.models import Q
from django.utils import timezone

import audit
import rules
from access.doorway import action, permit
from audit.models import Verb
from familyhub import errors
from people.actions import chronicle
from sharing import policy

from .. import lawful
from ..models import (
    DUTY_TO_SHARE,
    SECTIONS,
    Consent,
    ConsentPosition,
    ConsentPurpose,
    DataSharingAgreement,
    PartnerNotification,
    RetentionDecision,
    RetentionStatus,
    SARRedaction,
    SARStatus,
    SharingDecision,
    SharingRecord,
    SubjectAccessRequest,
)

NEEDS_REASON = "Explain why consent was not sought or why the refusal was overridden"
WITHDRAWN_BLOCKS = (
    "{name} withdrew consent to sharing with {agency} on {date}. Sharing on the basis of consent "
    "has stopped: choose another lawful basis and record why, or do not share"
)
SPECIAL_NEEDS_CONDITION = (
    "Adults' needs and children's needs are special category data: choose an Article 9 condition"
)
P18_NEEDS_9_2_G = "Schedule 1 paragraph 18 goes with Article 9(2)(g)"
NO_AGREEMENT_WARNING = (
    "There is no data-sharing agreement in force with {agency} that covers this. You can still "
    "share when it is justified – say why in the purpose – and tell your information "
    "governance team."
)
SPECIAL_SECTIONS = {"adult_needs", "child_needs", "assessment", "case_notes"}
DUTY_BASES = ("6_1_c", "6_1_e")
DUTY_NEEDS_BASIS = (
    "Sharing under the duty to share is a legal obligation or a public task: choose Article "
    "6(1)(c) or 6(1)(e), not consent"
)
DUTY_NOT_SHARED = (
    "A decision not to share under the duty is recorded as a decision not to share, with why "
    "disclosing would be more detrimental to the child: use ‘Record a decision not to share’"
)


@action
def consent_record(
    *,
    by,
    family,
    person,
    purpose: str,
    given: bool,
    given_by: str,
    method: str,
    agency=None,
    given_by_person=None,
    notes: str = "",
) -> Consent:
    permit(policy.can_record_sharing(by, family))
    if not family.memberships.filter(person=person).exists():
        raise errors.RuleViolation("Choose a member of this family")
    if purpose == ConsentPurpose.SHARE_WITH_AGENCY and agency is None:
        msg = "Choose the agency the consent is about"
        raise errors.RuleViolation(msg, field_errors={"agency": [msg]})
    consent = Consent.objects.create(
        family=family,
        person=person,
        purpose=ConsentPurpose(purpose),
        agency=agency,
        given=given,
        given_by=given_by,
        given_by_person=given_by_person,
        method=method,
        recorded_by=by.user,
        notes=notes,
    )
    audit.record(
        by,
        Verb.CREATE,
        consent,
        family=family,
        person=person,
        changes={"purpose": [None, purpose], "given": [None, given]},
    )
    what = consent.get_purpose_display().lower()
    if agency:
        what += f" ({agency.name})"
    chronicle(
        by=by,
        family=family,
        person=person,
        kind="consent_recorded",
        summary=f"{person.full_name} {'gave' if given else 'refused'} consent: {what}",
    )
    return consent


@action
def consent_withdraw(*, by, consent: Consent, note: str) -> Consent:
    permit(policy.can_record_sharing(by, consent.family))
    if consent.withdrawn_at is not None:
        raise errors.RuleViolation("This consent has already been withdrawn")
    if not consent.given:
        raise errors.RuleViolation("Only consent that was given can be withdrawn")
    if not note.strip():
        msg = "Say how the withdrawal was made, for example ‘told me on the phone’"
        raise errors.RuleViolation(msg, field_errors={"note": [msg]})
    withdrawn_at = timezone.now()
    Consent.objects.filter(pk=consent.pk).update(
        withdrawn_at=withdrawn_at, withdrawn_by=by.user, withdrawal_note=note
    )
    consent.refresh_from_db()
    audit.record(
        by,
        Verb.UPDATE,
        consent,
        family=consent.family,
        person=consent.person,
        reason=note,
        changes={"withdrawn_at": [None, withdrawn_at.isoformat()]},
    )
    what = consent.get_purpose_display().lower()
    if consent.agency:
        what += f" ({consent.agency.name})"
    chronicle(
        by=by,
        family=consent.family,
        person=consent.person,
        kind="consent_withdrawn",
        summary=f"{consent.person.full_name} withdrew consent: {what}",
        significant=True,
    )
    return consent


def agreement_covering(*, recipient, sections: list[str], on: dt.date):
    """A data-sharing agreement in force with the recipient that covers every section."""
    candidates = DataSharingAgreement.objects.filter(parties=recipient, starts_on__lte=on).filter(
        Q(ends_on__isnull=True) | Q(ends_on__gte=on)
    )
    for agreement in candidates:
        if set(sections) <= set(agreement.sections):
            return agreement
    return None


def _withdrawn_consent(family, person, recipient):
    qs = Consent.objects.filter(family=family, withdrawn_at__isnull=False).filter(
        Q(purpose=ConsentPurpose.SHARE_WITH_AGENCY, agency=recipient)
        | Q(purpose=ConsentPurpose.EARLY_HELP)
    )
    if person is not None:
        qs = qs.filter(person=person)
    return qs.order_by("-withdrawn_at").first()


@action
def sharing_record(
    *,
    by,
    family,
    decision: str,
    recipient,
    sections: list[str],
    purpose: str,
    art6_basis: str,
    consent_position: str,
    art9_condition: str = "",
    sch1_condition: str = "",
    consent_reason: str = "",
    person=None,
    recipient_person: str = "",
    expires_on=None,
    reason_not_shared: str = "",
    consent=None,
    statutory_basis: str = "",
) -> tuple[SharingRecord, list[str]]:
    """Record a decision to share or not to share. Returns the record and any warnings.

    Under the duty to share (CA 2004 s16LA) consent is not asked: the law requires the sharing,
    so the consent position is "not needed" whatever the form said."""
    permit(policy.can_record_sharing(by, family))
    if statutory_basis == DUTY_TO_SHARE:
        consent_position, consent_reason, consent = ConsentPosition.NOT_APPLICABLE, "", None
    _check_sharing(
        statutory_basis=statutory_basis,
        family=family,
        decision=decision,
        recipient=recipient,
        sections=sections,
        purpose=purpose,
        art6_basis=art6_basis,
        consent_position=consent_position,
        art9_condition=art9_condition,
        sch1_condition=sch1_condition,
        consent_reason=consent_reason,
        person=person,
        reason_not_shared=reason_not_shared,
    )
    today = timezone.localdate()
    agreement = agreement_covering(recipient=recipient, sections=sections, on=today)
    warnings = []
    if decision == SharingDecision.SHARED and agreement is None:
        warnings.append(NO_AGREEMENT_WARNING.format(agency=recipient.name))
    record = SharingRecord.objects.create(
        family=family,
        person=person,
        decision=SharingDecision(decision),
        sections=sections,
        recipient=recipient,
        recipient_person=recipient_person,
        purpose=purpose,
        art6_basis=art6_basis,
        art9_condition=art9_condition,
        sch1_condition=sch1_condition,
        consent_position=ConsentPosition(consent_position),
        consent_reason=consent_reason,
        consent=consent,
        agreement=agreement,
        reason_not_shared=reason_not_shared,
        decided_by=by.user,
        expires_on=expires_on,
        lawful_bases_version=lawful.version(),
        statutory_basis=statutory_basis,
    )
    _audit_and_chronicle_sharing(by, record, warnings)
    return record, warnings


def _audit_and_chronicle_sharing(by, record, warnings):
    """The audit event (a share) and the chronology entry of a sharing decision."""
    family, person, decision = record.family, record.person, record.decision
    recipient, sections, purpose = record.recipient, record.sections, record.purpose
    audit.record(
        by,
        Verb.SHARE,
        record,
        family=family,
        person=person,
        reason=purpose[:500],
        changes={
            "decision": decision,
            "recipient": recipient.name,
            "sections": sections,
            "warnings": warnings,
            "statutory_basis": record.statutory_basis,
        },
    )
    verb = "Shared" if decision == SharingDecision.SHARED else "Decided not to share"
    chronicle(
        by=by,
        family=family,
        person=person,
        kind="sharing_decision",
        summary=f"{verb} {', '.join(record.section_labels()).lower()} with {recipient.name}",
    )


def _check_sharing(
    *,
    statutory_basis="",
    family,
    decision,
    recipient,
    sections,
    purpose,
    art6_basis,
    consent_position,
    art9_condition,
    sch1_condition,
    consent_reason,
    person,
    reason_not_shared,
):
    """What was shared and why, on which lawful basis and condition, the consent position (with
    its reason) and, when consent is the basis, that it has not been withdrawn."""
    field_errors: dict[str, list[str]] = {}
    if statutory_basis not in dict(lawful.choices("statutory")):
        field_errors["statutory_basis"] = ["Choose whether the duty to share applies"]
    if statutory_basis == DUTY_TO_SHARE:
        if decision == SharingDecision.NOT_SHARED:
            field_errors["decision"] = [DUTY_NOT_SHARED]
        if art6_basis not in DUTY_BASES:
            field_errors["art6_basis"] = [DUTY_NEEDS_BASIS]
    known_sections = {code for code, _ in SECTIONS}
    if not sections or not set(sections) <= known_sections:
        field_errors["sections"] = ["Choose what was (or would have been) shared"]
    if not purpose.strip():
        field_errors["purpose"] = ["Enter the purpose of sharing"]
    if art6_basis not in dict(lawful.choices("art6")):
        field_errors["art6_basis"] = ["Choose the Article 6 lawful basis"]
    if not consent_position:
        field_errors["consent_position"] = ["Choose the consent position"]
    if set(sections) & SPECIAL_SECTIONS and not art9_condition:
        field_errors.setdefault("art9_condition", []).append(SPECIAL_NEEDS_CONDITION)
    if sch1_condition == "p18" and art9_condition != "9_2_g":
        field_errors.setdefault("sch1_condition", []).append(P18_NEEDS_9_2_G)
    if consent_position in (ConsentPosition.REFUSED_OVERRIDDEN, ConsentPosition.NOT_SOUGHT) and (
        not consent_reason.strip()
    ):
        field_errors["consent_reason"] = [NEEDS_REASON]
    if decision == SharingDecision.NOT_SHARED and not reason_not_shared.strip():
        field_errors["reason_not_shared"] = ["Explain why you decided not to share"]
    if decision == SharingDecision.SHARED and (
        consent_position == ConsentPosition.GIVEN or art6_basis == "6_1_a"
    ):
        withdrawn = _withdrawn_consent(family, person, recipient)
        if withdrawn is not None:
            field_errors.setdefault("consent_position", []).append(
                WITHDRAWN_BLOCKS.format(
                    name=withdrawn.person.full_name,
                    agency=withdrawn.agency.name if withdrawn.agency else "any agency",
                    date=timezone.localtime(withdrawn.withdrawn_at).strftime("%-d %B %Y"),
                )
            )
    if field_errors:
        raise errors.RuleViolation("Check the sharing decision", field_errors=field_errors)


@action
def agreement_save(*, by, data: dict, parties) -> DataSharingAgreement:
    permit(policy.can_manage_agreements(by))
    if data["review_on"] < data["starts_on"]:
        msg = "The review date must be after the start date"
        raise errors.RuleViolation(msg, field_errors={"review_on": [msg]})
    agreement = DataSharingAgreement.objects.create(**data)
    agreement.parties.set(parties)
    audit.record(by, Verb.CREATE, agreement, changes={"reference": agreement.reference})
    return agreement


@action
def partner_notification_record(*, by, family, child, data: dict) -> PartnerNotification:
    permit(policy.can_record_partner_notification(by))
    if not family.memberships.filter(person=child).exists():
        raise errors.RuleViolation("Choose a child in this family")
    notification = PartnerNotification.objects.create(
        family=family, child=child, recorded_by=by.user, **data
    )
    audit.record(
        by,
        Verb.CREATE,
        notification,
        family=family,
        person=child,
        changes={"kind": notification.kind, "recipient": notification.recipient.name},
    )
    return notification


# --- Subject access requests ---------------------------------------------------------------


@action
def sar_create(
    *, by, person, requester_name: str, requester_relationship: str, received_on: dt.date
) -> SubjectAccessRequest:
    permit(policy.can_handle_subject_access(by))
    from .. import sar

    request = SubjectAccessRequest.objects.create(
        person=person,
        requester_name=requester_name,
        requester_relationship=requester_relationship,
        received_on=received_on,
        due_on=sar.one_month_after(received_on),
        created_by=by.user,
        reference=f"SAR-{timezone.localdate():%Y}-{SubjectAccessRequest.objects.count() + 1:04d}",
    )
    audit.record(
        by,
        Verb.CREATE,
        request,
        person=person,
        changes={"requester": requester_name, "relationship": requester_relationship},
    )
    return request


@action
def sar_redact(
    *, by, request: SubjectAccessRequest, item_key: str, reason: str, note: str
) -> SARRedaction:
    permit(policy.can_handle_subject_access(by))
    if request.status != SARStatus.OPEN:
        raise errors.RuleViolation("A released pack cannot be changed")
    if not note.strip():
        msg = "Record why this item is withheld"
        raise errors.RuleViolation(msg, field_errors={"note": [msg]})
    redaction, _ = SARRedaction.objects.update_or_create(
        sar=request,
        item_key=item_key,
        defaults={"reason": reason, "note": note.strip(), "redacted_by": by.user},
    )
    audit.record(
        by,
        Verb.UPDATE,
        request,
        person=request.person,
        reason=note.strip(),
        changes={"redacted": item_key, "because": reason},
    )
    return redaction


@action
def sar_export(*, by, request: SubjectAccessRequest, fmt: str) -> list[dict]:
    """The redacted pack's items, for a JSON or PDF export. Every export is audited."""
    permit(policy.can_handle_subject_access(by))
    from .. import sar

    items = sar.apply_redactions(sar.assemble(request.person), request.redactions.all())
    audit.record(
        by,
        Verb.EXPORT,
        request,
        person=request.person,
        changes={
            "format": fmt,
            "items": len(items),
            "redacted": sum(1 for i in items if i.get("redacted")),
        },
    )
    return items


# --- Retention ------------------------------------------------------------------------------

SAME_PERSON_APPROVES = "Destruction needs a second person: you proposed this one"
NOT_DUE = "This record is not due for destruction under the retention schedule"


@action
def retention_propose(*, by, family, reason: str) -> RetentionDecision:
    permit(policy.can_manage_retention(by))
    from .. import retention

    rule = rules.current("retention")
    until, reasons = retention.keep_until(family, rule)
    if until is None or until > timezone.localdate():
        raise errors.RuleViolation(NOT_DUE)
    decision = RetentionDecision.objects.create(
        family=family,
        family_reference=family.reference,
        reason=reason or "; ".join(reasons),
        rule_version=rule.version,
        proposed_by=by.user,
    )
    audit.record(by, Verb.CREATE, decision, family=family, reason=decision.reason)
    return decision


@action
def retention_decide(*, by, decision: RetentionDecision, destroy: bool, note: str):
    """Approve (destroy) or keep. Destruction removes the family's records; the decision row and
    the audit trail keep a tombstone with counts."""
    permit(policy.can_manage_retention(by))
    if decision.proposed_by_id == by.user_id:
        raise errors.NotPermitted(SAME_PERSON_APPROVES)
    if decision.status != RetentionStatus.PROPOSED:
        raise errors.RuleViolation("This proposal has already been decided")
    if not note.strip():
        msg = "Record the reasons for the decision"
        raise errors.RuleViolation(msg, field_errors={"note": [msg]})
    family = decision.family
    counts = {}
    if destroy:
        counts = _destroy_family(family)
    RetentionDecision.objects.filter(pk=decision.pk).update(
        status=RetentionStatus.APPROVED if destroy else RetentionStatus.KEPT,
        decided_by=by.user,
        decided_at=timezone.now(),
        decision_note=note.strip(),
        destroyed_counts=counts,
    )
    decision.refresh_from_db()
    audit.record(
        by,
        Verb.DESTROY if destroy else Verb.UPDATE,
        decision,
        reason=note.strip(),
        changes={
            "family_reference": decision.family_reference,
            "destroyed": counts,
            "rule_version": decision.rule_version,
        },
    )
    return decision


def _destroy_family(family) -> dict[str, int]:
    from django.db.models import ProtectedError

    from ig.models import BreakGlass, RecordAccessGrant
    from organisations.models import Involvement
    from people.models import (
        Address,
        ChronologyEntry,
        Membership,
        Person,
        PersonIdentifier,
        Relationship,
    )

    member_ids = list(family.memberships.values_list("person_id", flat=True))
    elsewhere = set(
        Membership.objects.filter(person_id__in=member_ids)
        .exclude(family=family)
        .values_list("person_id", flat=True)
    )
    leaving = [pk for pk in member_ids if pk not in elsewhere]
    counts = {}
    steps = [
        ("sharing decisions", SharingRecord.objects.filter(family=family)),
        ("consents", Consent.objects.filter(family=family)),
        ("partner notifications", PartnerNotification.objects.filter(family=family)),
        ("chronology entries", ChronologyEntry.objects.filter(family=family)),
        ("involvements", Involvement.objects.filter(family=family)),
        ("access grants", RecordAccessGrant.objects.filter(family=family)),
        ("break-glass records", BreakGlass.objects.filter(family=family)),
        ("memberships", Membership.objects.filter(family=family)),
        (
            "relationships",
            Relationship.objects.filter(
                Q(from_person_id__in=leaving) | Q(to_person_id__in=leaving)
            ),
        ),
        ("addresses", Address.objects.filter(person_id__in=leaving)),
        ("identifiers", PersonIdentifier.objects.filter(person_id__in=leaving)),
        ("people", Person.objects.filter(pk__in=leaving)),
    ]
    try:
        for label, qs in steps:
            # Count the records themselves, not derived rows removed with them (search keys).
            counts[label] = qs.delete()[1].get(qs.model._meta.label, 0)
        family.delete()
    except ProtectedError as exc:
        kinds = sorted({str(obj._meta.verbose_name_plural) for obj in exc.protected_objects})
        raise errors.RuleViolation(
            "Other records still refer to this family and must be dealt with first: "
            + ", ".join(kinds)
        ) from exc
    counts["families"] = 1
    return counts
