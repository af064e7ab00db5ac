"""Who may see and do what in a child's pre-proceedings.

A child's pre-proceedings is part of the family's casework: whoever may see the family's
casework sees it (casework.policy's record rule, reused, not a new one). Beginning it and
recording in it is social work (casework's "social_work" step duty: social workers and team
managers working with the family). The family network's contact details are seen only by the
child's allocated worker and the managers of their team (casework's caseload rule on the
episode the pre-proceedings sits within).
"""

from __future__ import annotations

from casework.policy import (
    can_change_episode,
    can_see_in_caseload,
    can_view_casework,
    register_casework_record,
)

__all__ = [
    "can_begin_pre_proceedings",
    "can_record_pre_proceedings",
    "can_see_network_contacts",
    "can_view_pre_proceedings",
]

DUTY = "social_work"


def can_view_pre_proceedings(actor, proceedings) -> bool:
    return can_view_casework(actor, proceedings.family)


def can_begin_pre_proceedings(actor, family) -> bool:
    return can_change_episode(actor, family, DUTY)


def can_record_pre_proceedings(actor, proceedings) -> bool:
    return can_change_episode(actor, proceedings.family, DUTY)


def can_see_network_contacts(actor, proceedings) -> bool:
    """The child's allocated worker and their team's managers (not everyone on the family)."""
    return can_view_pre_proceedings(actor, proceedings) and can_see_in_caseload(
        actor, proceedings.episode
    )


def register_rules() -> None:
    from .models import (
        FgdmOffer,
        NetworkMember,
        PreProceedings,
        ProceedingsClock,
        ProceedingsMeeting,
    )

    register_casework_record(PreProceedings)
    for model in (FgdmOffer, NetworkMember, ProceedingsMeeting, ProceedingsClock):
        register_casework_record(model, "proceedings__family")
