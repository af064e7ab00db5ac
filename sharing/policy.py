"""Who may see and record information sharing: consent, sharing decisions, agreements, partner
notifications, subject access requests and retention.

Consent and sharing decisions are part of working with a family: anyone who may see the family
may see and record them. IG officers see sharing (not case content) for oversight. A sharing
decision in force also opens sections of a family's record to the partner agency it names
(registered with people.policy as a section grant).
"""

from __future__ import annotations

from django.db.models import Q
from django.utils import timezone

from access import registry
from access.principals import Principal, PrincipalKind, Purpose, principal_for
from organisations.models import Role
from organisations.policy import AUDIT_ROLES
from people.policy import (
    can_view_family,
    is_break_glass_access,
    register_section_grant,
)
from people.record_rules import family_record_q

__all__ = [
    "can_handle_subject_access",
    "can_list_non_disclosures",
    "can_record_non_disclosure",
    "can_review_non_disclosure",
    "can_view_non_disclosure",
    "can_view_partnership_counts",
    "non_disclosure_visibility_q",
    "can_manage_agreements",
    "can_manage_retention",
    "can_record_partner_notification",
    "can_record_sharing",
    "can_view_agreements",
    "can_view_partner_notification",
    "can_view_partner_notifications",
    "can_view_sharing",
    "families_sharing",
    "partner_notification_visibility_q",
    "shared_sections",
]


def _as_principal(actor) -> Principal:
    return principal_for(actor)


def _in_force_q() -> Q:
    return Q(expires_on__isnull=True) | Q(expires_on__gte=timezone.localdate())


def shared_sections(p: Principal, family) -> set[str]:
    """The sections of this family's record shared with the principal's agency (in force)."""
    from .models import SharingRecord

    def compute() -> frozenset[str]:
        records = SharingRecord.objects.filter(
            family=family, decision="shared", recipient_id=p.organisation_id
        ).filter(_in_force_q())
        return frozenset(section for record in records for section in record.sections)

    return set(p.remember(("shared_sections", family.pk), compute))


def families_sharing(p: Principal, section: str) -> list[int]:
    """Families that have shared `section` with the principal's agency (in force today)."""
    from .models import SharingRecord

    rows = (
        SharingRecord.objects.filter(decision="shared", recipient_id=p.organisation_id)
        .filter(_in_force_q())
        .values_list("family_id", "sections")
    )
    return sorted({family_id for family_id, sections in rows if section in sections})


def can_review_sharing(actor, family) -> bool:
    """An IG officer reviews the information sharing of any family that is not sealed (a
    complaint, a suspected breach, a subject access request), giving a reason each time
    (`needs_review_reason`); a sealed family's only through its access list, as for everyone
    (IG adds itself to the list, which is audited)."""
    p = _as_principal(actor)
    return p.is_practitioner and p.role in AUDIT_ROLES and not family.is_restricted


def needs_review_reason(actor, family) -> bool:
    """True when the only way in is an IG review: the page asks why before it opens."""
    return not can_view_family(actor, family) and can_review_sharing(actor, family)


def can_view_sharing(actor, family) -> bool:
    p = _as_principal(actor)
    return can_view_family(p, family) or can_review_sharing(p, family)


def can_record_sharing(actor, family) -> bool:
    """Record consent and sharing decisions: those working with the family, not someone who
    can see it only through break-glass."""
    return can_view_family(actor, family) and not is_break_glass_access(actor, family)


def can_manage_agreements(actor) -> bool:
    p = _as_principal(actor)
    return p.is_practitioner and p.role in (Role.IG_OFFICER, Role.ADMIN)


def can_view_agreements(actor) -> bool:
    p = _as_principal(actor)
    return p.is_practitioner


def can_view_partner_notifications(actor) -> bool:
    """Whether the principal has a list of partner notifications at all (navigation)."""
    p = _as_principal(actor)
    return p.role == Role.FRONT_DOOR or "dsl" in p.designations


def partner_notification_visibility_q(actor) -> Q:
    """Operation Encompass and similar notices: the recipient organisation's designated
    safeguarding leads, and the front door. Nobody else (not by family involvement)."""
    p = _as_principal(actor)
    if not p.is_practitioner:
        return Q(pk__in=[])
    if p.role == Role.FRONT_DOOR:
        return Q()
    if "dsl" in p.designations:
        return Q(recipient_id=p.organisation_id)
    return Q(pk__in=[])


def can_view_partner_notification(actor, notification) -> bool:
    p = _as_principal(actor)
    if not p.is_practitioner:
        return False
    if p.role == Role.FRONT_DOOR:
        return True
    return "dsl" in p.designations and notification.recipient_id == p.organisation_id


def can_handle_subject_access(actor) -> bool:
    """Subject access requests are handled by information governance."""
    p = _as_principal(actor)
    return p.is_practitioner and p.role == Role.IG_OFFICER


def can_manage_retention(actor) -> bool:
    """Propose and approve destruction under the retention schedule (two different people)."""
    p = _as_principal(actor)
    return p.is_practitioner and p.role == Role.IG_OFFICER


def can_record_partner_notification(actor) -> bool:
    p = _as_principal(actor)
    return p.is_practitioner and (
        p.role == Role.FRONT_DOOR or (p.role == Role.PARTNER and p.organisation_type == "police")
    )


# --- Decisions not to share (the exception to the duty to share, CA 2004 s16LA) -------------

PARTNERSHIP_ROLES = frozenset({Role.IG_OFFICER, Role.ADMIN, Role.DATA_OFFICER, Role.TEAM_MANAGER})


def can_record_non_disclosure(actor, family) -> bool:
    """Those working with the family (and so holding its information) record why they did not
    disclose something; a practitioner's agency is the one that decided."""
    p = _as_principal(actor)
    return p.is_practitioner and p.organisation_id is not None and can_record_sharing(p, family)


def can_list_non_disclosures(actor) -> bool:
    """Information governance sees every decision not to share, of every family (oversight of
    the exception: what was withheld, from whom, why)."""
    p = _as_principal(actor)
    return p.is_practitioner and p.role in AUDIT_ROLES


def non_disclosure_visibility_q(actor) -> Q:
    """IG officers: all. Others: those of the families they may see, except those withheld
    from their own agency (a record of what was withheld from you would disclose it)."""
    p = _as_principal(actor)
    if not p.is_practitioner:
        return Q(pk__in=[])
    if p.role in AUDIT_ROLES:
        return Q()
    return family_record_q(p, "family", Purpose.VIEW) & ~Q(recipient_id=p.organisation_id)


def can_view_non_disclosure(actor, record) -> bool:
    p = _as_principal(actor)
    if not p.is_practitioner:
        return False
    if p.role in AUDIT_ROLES:
        return True
    if record.recipient_id == p.organisation_id:
        return False
    return can_view_family(p, record.family)


def can_review_non_disclosure(actor, record) -> bool:
    """The deciding agency's practitioners who work with the family, and IG officers."""
    p = _as_principal(actor)
    if not can_view_non_disclosure(p, record):
        return False
    if p.role in AUDIT_ROLES:
        return True
    return p.organisation_id == record.agency_id and can_record_sharing(p, record.family)


def can_view_partnership_counts(actor) -> bool:
    """The safeguarding partnership's figures (counts by agency, small numbers suppressed):
    information governance, administrators, data officers and team managers."""
    p = _as_principal(actor)
    return p.is_practitioner and p.role in PARTNERSHIP_ROLES


# --- The record rules -----------------------------------------------------------------------


def _sharing_q(p: Principal, purpose: Purpose) -> Q:
    if p.is_practitioner and p.role in AUDIT_ROLES:  # never a sealed family's (see above)
        return (
            Q(family__isnull=True)
            | Q(family__is_restricted=False)
            | family_record_q(p, "family", Purpose.VIEW)
        )
    return family_record_q(p, "family", Purpose.VIEW)


def _sharing_predicate(p: Principal, obj, purpose: Purpose) -> bool:
    if obj.family_id is None:
        return p.is_practitioner and p.role in AUDIT_ROLES
    return can_view_sharing(p, obj.family)


def _capability_rule(model, capability, purposes=(Purpose.VIEW, Purpose.EDIT), description=""):
    """A record type that a capability (a role) gives sight of as a whole."""
    registry.register(
        model,
        kinds=[PrincipalKind.PRACTITIONER],
        purposes=purposes,
        q=lambda p, purpose: Q() if capability(p) else Q(pk__in=[]),
        predicate=lambda p, obj, purpose: capability(p),
        description=description,
    )


def register_rules() -> None:
    registry.register_capability("can_manage_agreements", can_manage_agreements)
    registry.register_capability("sees_partner_notifications", can_view_partner_notifications)
    registry.register_capability("can_list_non_disclosures", can_list_non_disclosures)
    registry.register_capability("can_view_partnership_counts", can_view_partnership_counts)
    from .models import (
        Consent,
        DataSharingAgreement,
        NonDisclosure,
        NonDisclosureReview,
        PartnerNotification,
        RetentionDecision,
        SARRedaction,
        SharingRecord,
        SubjectAccessRequest,
    )

    register_section_grant(
        "shared with the partner's agency",
        lambda p, family, section: section in shared_sections(p, family),
        lambda p, section: families_sharing(p, section),
    )
    for model in (Consent, SharingRecord):
        registry.register(
            model,
            kinds=[PrincipalKind.PRACTITIONER],
            purposes=[Purpose.VIEW],
            q=_sharing_q,
            predicate=_sharing_predicate,
            description="with the family's record; IG officers for oversight",
        )
    registry.register(
        PartnerNotification,
        kinds=[PrincipalKind.PRACTITIONER],
        purposes=[Purpose.VIEW],
        q=lambda p, purpose: partner_notification_visibility_q(p),
        predicate=lambda p, obj, purpose: can_view_partner_notification(p, obj),
        description="the recipient's designated safeguarding leads, and the front door",
    )
    registry.register(
        DataSharingAgreement,
        kinds=[PrincipalKind.PRACTITIONER],
        purposes=[Purpose.VIEW, Purpose.EDIT],
        q=lambda p, purpose: (
            Q()
            if (can_manage_agreements(p) if purpose == Purpose.EDIT else can_view_agreements(p))
            else Q(pk__in=[])
        ),
        predicate=lambda p, obj, purpose: (
            can_manage_agreements(p) if purpose == Purpose.EDIT else can_view_agreements(p)
        ),
        description="every practitioner reads them; IG officers and admins keep them",
    )
    registry.register(
        NonDisclosure,
        kinds=[PrincipalKind.PRACTITIONER],
        purposes=[Purpose.VIEW],
        q=lambda p, purpose: non_disclosure_visibility_q(p),
        predicate=lambda p, obj, purpose: can_view_non_disclosure(p, obj),
        description="IG officers all; those who see the family, except the agency withheld from",
    )
    registry.register(
        NonDisclosureReview,
        kinds=[PrincipalKind.PRACTITIONER],
        purposes=[Purpose.VIEW],
        q=lambda p, purpose: Q(
            non_disclosure__in=NonDisclosure.objects.filter(non_disclosure_visibility_q(p))
        ),
        predicate=lambda p, obj, purpose: can_view_non_disclosure(p, obj.non_disclosure),
        description="with the decision not to share it reviews",
    )
    _capability_rule(SubjectAccessRequest, can_handle_subject_access, description="IG officers")
    _capability_rule(SARRedaction, can_handle_subject_access, description="IG officers")
    _capability_rule(RetentionDecision, can_manage_retention, description="IG officers")
