"""Connection requests: a practitioner asks a service to take a family on; the provider
accepts, or declines with a reason. Each step is audited and lands in the family's chronology
(where the family's lead sees it)."""

from __future__ import annotations

from django.utils import timezone

import audit
from access.doorway import action, bump, permit
from audit.models import Verb
from directory.models import HubService, HubServiceStatus
from familyhub import errors
from people.actions import chronicle
from people.models import Family, Person

from .. import policy
from ..models import ConnectionRequest, ConnectionStatus

STALE = "Someone else has decided this request since you opened it."
MESSAGE_REQUIRED = "Say what the family would like help with"
AGREEMENT_REQUIRED = "Confirm the family agreed to this request being sent"
NOT_RUNNING = "This service is not taking requests: it is not running now"
NOT_A_MEMBER = "Choose someone in this family"
REASON_REQUIRED = "Say why the request is declined"
CHOOSE = "Choose whether to accept or decline the request"


@action
def connection_request_send(
    *,
    by,
    family: Family,
    service: HubService,
    message: str,
    family_agreed: bool,
    person: Person | None = None,
) -> ConnectionRequest:
    permit(policy.can_send_connection_request(by, family))
    field_errors: dict[str, list[str]] = {}
    if not (message or "").strip():
        field_errors["message"] = [MESSAGE_REQUIRED]
    if not family_agreed:
        field_errors["family_agreed"] = [AGREEMENT_REQUIRED]
    if person is not None and not family.memberships.filter(person=person).exists():
        field_errors["person"] = [NOT_A_MEMBER]
    if service.status != HubServiceStatus.ACTIVE:
        field_errors["__all__"] = [NOT_RUNNING]
    if field_errors:
        first = next(iter(field_errors.values()))[0]
        raise errors.RuleViolation(first, field_errors=field_errors)
    request = ConnectionRequest.objects.create(
        family=family,
        person=person,
        service=service,
        message=message.strip(),
        family_agreed=True,
        requested_by=by.user,
    )
    audit.record(by, Verb.SHARE, request, family=family, reason="connection request sent")
    chronicle(
        by=by,
        family=family,
        person=person,
        kind="connection_request",
        summary=f"Connection request sent to {service.name}",
        detail=request.message,
    )
    return request


@action
def connection_request_decide(
    *, by, request: ConnectionRequest, expected_version: int, accept: bool | None, reason: str = ""
) -> ConnectionRequest:
    permit(policy.can_decide_connection_request(by, request))
    reason = (reason or "").strip()
    if accept is None:
        raise errors.RuleViolation(CHOOSE, field_errors={"decision": [CHOOSE]})
    if not accept and not reason:
        raise errors.RuleViolation(REASON_REQUIRED, field_errors={"reason": [REASON_REQUIRED]})
    status = ConnectionStatus.ACCEPTED if accept else ConnectionStatus.DECLINED
    bump(
        request,
        expected_version,
        STALE,
        {
            "status": status,
            "reason": "" if accept else reason,
            "decided_by": by.user,
            "decided_at": timezone.now(),
        },
    )
    audit.record(
        by,
        Verb.UPDATE,
        request,
        family=request.family,
        changes={"status": [ConnectionStatus.NEW.value, status.value]},
    )
    chronicle(
        by=by,
        family=request.family,
        person=request.person,
        kind="connection_request",
        summary=f"{request.service.name} {'accepted' if accept else 'declined'} the connection "
        "request",
        detail="" if accept else reason,
        significant=not accept,
    )
    return request
