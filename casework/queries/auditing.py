"""What a fetch records: registry.get_for calls these when it hands a record out."""

from __future__ import annotations

import audit
from access import registry
from audit.models import Verb

from ..models import (
    Assessment,
    CaseNote,
    Episode,
    S47Allocation,
    StepDown,
    StepUp,
)


def _actor(principal):
    return principal.user if principal.user is not None else principal


def _record_with_family(principal, obj, purpose) -> None:
    audit.record(_actor(principal), Verb.VIEW, obj, family=obj.family)


def _record_episode(principal, obj, purpose) -> None:
    audit.record(_actor(principal), Verb.VIEW, obj, family=obj.family, person=obj.child)


def register_read_auditors() -> None:
    """CaseworkConfig.ready: the same audit events the pages always wrote."""
    from .protection import record_s47_read

    registry.register_read_auditor(Episode, _record_episode)
    registry.register_read_auditor(S47Allocation, record_s47_read)
    for model in (Assessment, CaseNote, StepDown, StepUp):
        registry.register_read_auditor(model, _record_with_family)
