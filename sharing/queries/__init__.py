from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import QuerySet
from django.http import Http404

import audit
from audit.models import Verb
from people import queries as people_queries
from people.models import Family
from people.policy import can_view_family
from sharing import policy

from ..models import (
    Consent,
    DataSharingAgreement,
    NonDisclosure,
    PartnerNotification,
    SharingRecord,
)


class ReasonNeeded(Exception):
    """An IG review of a family's sharing: ask why before the page opens."""

    def __init__(self, family: Family) -> None:
        super().__init__("A reason is needed")
        self.family = family


def get_family_for_sharing(user, pk, *, record=False, reason: str | None = None) -> Family:
    """The family, for someone who may see or record its sharing. An IG officer with no
    other access to it gives a reason (ReasonNeeded until they have), recorded with the view."""
    family = Family.objects.filter(pk=people_queries._pk(pk)).first()
    allowed = family is not None and (
        policy.can_record_sharing(user, family) if record else policy.can_view_sharing(user, family)
    )
    if not allowed:
        raise Http404("No family found")
    if not record and policy.needs_review_reason(user, family):
        if not reason:
            raise ReasonNeeded(family)
        audit.record(
            user,
            Verb.VIEW,
            family,
            reason=f"IG review of information sharing: {reason}",
            changes={"purpose": "ig_review"},
        )
        return family
    audit.record(user, Verb.VIEW, family, reason="information sharing page")
    return family


@dataclass
class SharingPage:
    family: Family
    consents: list[Consent]
    withdrawn: list[Consent]
    records: QuerySet[SharingRecord]
    can_record: bool
    non_disclosures: list = field(default_factory=list)


def sharing_page(user, family: Family) -> SharingPage:
    consents = list(family.consents.select_related("person", "agency", "recorded_by"))
    return SharingPage(
        family=family,
        consents=consents,
        withdrawn=[c for c in consents if c.withdrawn_at],
        records=family.sharing_records.select_related("recipient", "decided_by", "agreement"),
        can_record=policy.can_record_sharing(user, family),
        non_disclosures=list(
            NonDisclosure.objects.filter(policy.non_disclosure_visibility_q(user))
            .filter(family=family)
            .select_related("recipient", "child")
        ),
    )


def withdrawn_consents(user, family: Family) -> list[Consent]:
    """Shown to everyone working with the family (the family page banner)."""
    if not can_view_family(user, family):
        return []
    return list(
        family.consents.filter(withdrawn_at__isnull=False).select_related("person", "agency")
    )


def get_consent_for(user, pk) -> Consent:
    consent = (
        Consent.objects.select_related("family", "person").filter(pk=people_queries._pk(pk)).first()
    )
    if consent is None or not policy.can_record_sharing(user, consent.family):
        raise Http404("No consent found")
    return consent


def agreements_visible_to(user) -> QuerySet[DataSharingAgreement]:
    if not policy.can_view_agreements(user):
        return DataSharingAgreement.objects.none()
    return DataSharingAgreement.objects.prefetch_related("parties")


def partner_notifications_visible_to(user) -> QuerySet[PartnerNotification]:
    return PartnerNotification.objects.filter(
        policy.partner_notification_visibility_q(user)
    ).select_related("family", "child", "source", "recipient")


def get_partner_notification_for(user, pk) -> PartnerNotification:
    n = partner_notifications_visible_to(user).filter(pk=people_queries._pk(pk)).first()
    if n is None:
        raise Http404("No notification found")
    audit.record(user, Verb.VIEW, n, family=n.family, person=n.child)
    return n


# --- Subject access requests ---------------------------------------------------------------


def subject_access_requests(user):
    from ..models import SubjectAccessRequest

    if not policy.can_handle_subject_access(user):
        raise Http404("Not found")
    return SubjectAccessRequest.objects.select_related("person")


def get_sar_for(user, pk):
    request = subject_access_requests(user).filter(pk=people_queries._pk(pk)).first()
    if request is None:
        raise Http404("Not found")
    audit.record(user, Verb.VIEW, request, person=request.person)
    return request


def find_person_for_sar(user, identifier: str):
    from people.identifiers import nhs_number
    from people.models import Person

    if not policy.can_handle_subject_access(user):
        raise Http404("Not found")
    value = (identifier or "").strip().upper()
    person = Person.objects.filter(la_child_id=value).first()
    if person is None and nhs_number.is_valid(value):
        person = Person.objects.filter(nhs_number=nhs_number.normalise(value)).first()
    return person


def sar_pack(user, request) -> list[dict]:
    """The pack as the IG officer reviews it: every item, with redactions marked."""
    from .. import sar

    if not policy.can_handle_subject_access(user):
        raise Http404("Not found")
    redactions = {r.item_key: r for r in request.redactions.all()}
    items = sar.assemble(request.person)
    for item in items:
        item["redaction"] = redactions.get(item["key"])
    return items


# --- Retention ------------------------------------------------------------------------------


def retention_overview(user):
    from django.utils import timezone

    from .. import retention
    from ..models import RetentionDecision

    if not policy.can_manage_retention(user):
        raise Http404("Not found")
    proposed_ids = set(
        RetentionDecision.objects.filter(status="proposed").values_list("family_id", flat=True)
    )
    due = [
        d
        for d in retention.due_for_review(on=timezone.localdate())
        if d.family.pk not in proposed_ids
    ]
    decisions = RetentionDecision.objects.select_related("proposed_by", "decided_by")[:100]
    audit.record(user, Verb.LIST, None, changes={"list": "retention due", "count": len(due)})
    return due, decisions


def get_family_for_retention(user, pk):
    if not policy.can_manage_retention(user):
        raise Http404("Not found")
    family = Family.objects.filter(pk=people_queries._pk(pk)).first()
    if family is None:
        raise Http404("Not found")
    return family


def get_retention_decision_for(user, pk):
    from ..models import RetentionDecision

    if not policy.can_manage_retention(user):
        raise Http404("Not found")
    decision = RetentionDecision.objects.filter(
        pk=people_queries._pk(pk), status="proposed"
    ).first()
    if decision is None:
        raise Http404("Not found")
    return decision
