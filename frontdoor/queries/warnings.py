"""Joined-up early warnings, and the front door's figures."""

from __future__ import annotations

import datetime as dt

from django.http import Http404

import audit
from access.principals import principal_for
from audit.models import Verb
from frontdoor import policy

from ..models import (
    EarlyWarning,
    WarningStatus,
)
from .records import PAGE_LIMIT, _fetch


def early_warnings_for(user, *, status: str = WarningStatus.OPEN) -> list[EarlyWarning]:
    if not policy.can_view_early_warnings(user):
        raise Http404("Not found")
    warnings = list(
        EarlyWarning.objects.filter(policy.early_warning_visibility_q(user), status=status)
        .select_related("family", "team", "decided_by")
        .order_by("-fired_at")[:PAGE_LIMIT]
    )
    audit.record(user, Verb.LIST, None, changes={"list": "early warnings", "count": len(warnings)})
    return warnings


def get_early_warning_for(user, pk, *, record_view: bool = True) -> EarlyWarning:
    """Through the registry (frontdoor.policy's rule): 404 for missing and forbidden alike."""
    return _fetch(
        user,
        EarlyWarning,
        pk,
        select=("family", "team", "decided_by", "contact"),
        record=record_view,
    )


def metrics_for(user, *, start: dt.date, end: dt.date):
    from .. import metrics

    if not policy.can_view_front_door_metrics(user):
        raise Http404("Not found")
    result = metrics.compute(start=start, end=end)
    audit.record(
        user,
        Verb.VIEW,
        None,
        changes={"report": "front door metrics", "from": start.isoformat(), "to": end.isoformat()},
    )
    return result


def embedded_self(user):
    """The signed-in embedded social worker's own practitioner record (or None)."""
    from organisations.models import Practitioner

    p = principal_for(user)
    if not p.is_practitioner or "embedded_sw" not in p.designations:
        return None
    return Practitioner.objects.select_related("user", "team").filter(pk=p.practitioner_id).first()
