"""One front-door record, fetched for a user through the registry (the read recorded in the audit
trail; missing and forbidden are both a 404), and the continuum of need in force."""

from __future__ import annotations

from django.http import Http404
from django.utils import timezone

import audit
from access import registry
from audit.models import Verb

from ..models import (
    Consultation,
    Contact,
    Continuum,
    Dissent,
    EarlyWarning,
    PartnerInfoRequest,
)

PAGE_LIMIT = 200


def _pk(value) -> int | None:
    if isinstance(value, int):
        return value
    text = str(value)
    return int(text) if text.isascii() and text.isdecimal() else None


def _get(model, pk, *, select=(), allowed) -> object:
    key = _pk(pk)
    obj = model.objects.select_related(*select).filter(pk=key).first() if key else None
    if obj is None or not allowed(obj):
        raise Http404("Not found")
    return obj


def _fetch(user, model, pk, *, select=(), record=True):
    queryset = model.objects.select_related(*select)
    return registry.get_for(user, model, _pk(pk), queryset=queryset, record=record)


# What registry.get_for records when it hands out a front-door record: the family it is about.
_FAMILY_OF = {
    "Consultation": lambda r: r.family,
    "Contact": lambda r: r.family,
    "PartnerInfoRequest": lambda r: r.contact.family,
    "Dissent": lambda r: r.decision.contact.family,
    "EarlyWarning": lambda r: r.family,
}


def _record_view(principal, obj, purpose) -> None:
    actor = principal.user if principal.user is not None else principal
    audit.record(actor, Verb.VIEW, obj, family=_FAMILY_OF[type(obj).__name__](obj))


def register_read_auditors() -> None:
    """FrontdoorConfig.ready: the same audit events the pages always wrote."""
    for model in (Consultation, Contact, PartnerInfoRequest, Dissent, EarlyWarning):
        registry.register_read_auditor(model, _record_view)


def continuum_in_force() -> Continuum | None:
    return Continuum.objects.in_force(timezone.localdate())
