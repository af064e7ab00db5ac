"""The custodian's policy enforcement point, registered with the access kernel like any rule.

`personal.details` and `childrens-services.details` are record types in the kernel's registry
(custodian.models' proxies of the person). For the `custodian` principal kind (a Find / Fetch a
Record requester acting for its organisation and one purpose) their one rule is:

- an agreement in force must cover the requester's organisation (or its type), the record
  type, the purpose and the mode: `Purpose.LOCATE` (Find: existence) needs an existence-only or
  a content agreement, `Purpose.VIEW` (Fetch: content) a content one. No agreement, nothing:
  the rule fails closed;
- the record must be held: a child (a member of a family as a child) with that NHS number, not
  merged away, and for `childrens-services.details` some children's services work (an episode,
  or the local authority's services involved with the child's family now);
- a sealed record is never disclosed, not even its existence: a child whose NHS number is on a
  sealed person or on anyone in a sealed family is answered as "not held".

The filter is the rule (no separate predicate): the registry asks it of one row for `can`, so
the two shapes cannot disagree. Practitioners read people through people.policy; these record
types are the custodian service's answer, and no practitioner asks for them.
"""

from __future__ import annotations

import datetime as dt

from django.db.models import Exists, F, OuterRef, Q
from django.utils import timezone

from access import registry
from access.principals import Principal, PrincipalKind, Purpose, principal_for
from organisations.models import Role

from .models import (
    RECORD_MODELS,
    SOURCE_TYPES,
    Agreement,
    Mode,
    RecordType,
)
from .principals import KIND, Requester

MODE_OF: dict[Purpose, str] = {Purpose.LOCATE: Mode.EXISTENCE, Purpose.VIEW: Mode.CONTENT}
COVERS: dict[str, list[str]] = {
    Mode.EXISTENCE: [Mode.EXISTENCE, Mode.CONTENT],  # content covers knowing it exists
    Mode.CONTENT: [Mode.CONTENT],
}


# --- The agreements ---------------------------------------------------------------------------


def can_manage_agreements(actor) -> bool:
    p = principal_for(actor)
    return p.is_practitioner and p.role == Role.ADMIN


def can_view_agreements(actor) -> bool:
    p = principal_for(actor)
    return p.is_practitioner and p.role in (Role.ADMIN, Role.IG_OFFICER)


def is_requester(actor) -> bool:
    p = principal_for(actor)
    return isinstance(p, Requester) and p.kind == KIND and bool(p.request_purpose)


def _find_agreement(p: Requester, record_type: str, mode: str, on: dt.date) -> Agreement | None:
    destination = Q(destination_organisation_id=p.organisation_id) | Q(
        destination_organisation__isnull=True, destination_type=p.organisation_type or "-"
    )
    source = Q(source_organisation__org_type__in=SOURCE_TYPES) | Q(
        source_organisation__isnull=True, source_type__in=SOURCE_TYPES
    )
    rows = Agreement.objects.in_force(on).filter(
        destination,
        source,
        record_type=record_type,
        purpose=p.request_purpose,
        mode__in=COVERS[mode],
    )
    # The most specific agreement answers: one naming the organisation before one naming its
    # type; then by reference, so the same request always names the same agreement.
    return rows.order_by(F("destination_organisation").asc(nulls_last=True), "reference").first()


def agreement_for(
    actor, record_type: str, purpose: Purpose, on: dt.date | None = None
) -> Agreement | None:
    """The agreement in force that lets this requester have this record type for its purpose
    (LOCATE: that it is held; VIEW: its content), or None: refused (fail closed)."""
    p = principal_for(actor)
    if not is_requester(p) or purpose not in MODE_OF or record_type not in RecordType.values:
        return None
    assert isinstance(p, Requester)
    day = on or timezone.localdate()
    return p.remember(
        ("custodian_agreement", record_type, str(purpose), p.request_purpose, day),
        lambda: _find_agreement(p, record_type, MODE_OF[purpose], day),
    )


# --- The records ------------------------------------------------------------------------------


def sealed_q() -> Q:
    """People whose NHS number is on a sealed record: the person, or anyone in a sealed family,
    with the same NHS number (a duplicate record of a sealed child is sealed too)."""
    from people.models import Membership, Person

    sealed_people = Person.objects.filter(nhs_number=OuterRef("nhs_number")).filter(
        Q(is_restricted=True)
        | Exists(Membership.objects.filter(person_id=OuterRef("pk"), family__is_restricted=True))
    )
    return Q(Exists(sealed_people))


def held_q(record_type: str) -> Q:
    """The children for whom FamilyHub holds this record type (sealed ones included: the rule
    takes them out)."""
    from casework.models import Episode
    from organisations.models import Involvement
    from people.models import Membership

    child = Exists(Membership.objects.filter(person_id=OuterRef("pk"), role="child"))
    q = Q(merged_into__isnull=True) & ~Q(nhs_number="") & Q(child)
    if record_type == RecordType.CHILDRENS_SERVICES:
        episodes = Episode.objects.filter(child_id=OuterRef("pk"))
        services = Involvement.objects.active().filter(
            organisation__org_type__in=SOURCE_TYPES,
            family__memberships__person_id=OuterRef("pk"),
            family__memberships__left_on__isnull=True,
        )
        q &= Q(Exists(episodes)) | Q(Exists(services))
    return q


def record_q(p: Principal, record_type: str, purpose: Purpose) -> Q:
    if agreement_for(p, record_type, purpose) is None:
        return registry.NOTHING
    return held_q(record_type) & ~sealed_q()


def register_rules() -> None:
    registry.register_capability("can_manage_custodian_agreements", can_manage_agreements)
    registry.register(
        Agreement,
        kinds=[PrincipalKind.PRACTITIONER],
        purposes=[Purpose.VIEW, Purpose.EDIT],
        q=lambda p, purpose: (
            Q()
            if (can_manage_agreements(p) if purpose == Purpose.EDIT else can_view_agreements(p))
            else registry.NOTHING
        ),
        description="administrators keep them; IG officers read them",
    )
    for record_type, model in RECORD_MODELS.items():
        registry.register(
            model,
            kinds=[KIND],
            purposes=[Purpose.LOCATE, Purpose.VIEW],
            q=lambda p, purpose, record_type=record_type: record_q(p, record_type, purpose),
            description=f"{record_type}: held, not sealed, and an agreement in force covers the "
            "requester's organisation, the purpose and the mode (fail closed)",
        )
        registry.register(
            model,
            kinds=[PrincipalKind.PRACTITIONER],
            purposes=[],
            q=lambda p, purpose: registry.NOTHING,
            description="practitioners read people through people.policy, not these",
        )
