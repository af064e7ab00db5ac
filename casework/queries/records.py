"""One casework record, fetched for a user through the registry (the read audited; missing and
forbidden are both a 404)."""

from __future__ import annotations

from django.http import Http404

import audit
from access import registry
from access.principals import Purpose
from audit.models import Verb
from casework import policy
from people.models import Family

from ..models import (
    Absence,
    Assessment,
    CaseNote,
    Episode,
    FamilyPlan,
    FormDraft,
    PlanAction,
    StepDown,
    StepUp,
)


def _pk(value) -> int | None:
    if isinstance(value, int):
        return value
    text = str(value)
    return int(text) if text.isascii() and text.isdecimal() else None


def _get(model, pk, related=()):
    key = _pk(pk)
    if key is None:
        return None
    return model.objects.select_related(*related).filter(pk=key).first()


def get_family_for(user, pk, *, record: bool = False, write: bool = False) -> Family:
    family = _get(Family, pk)
    allowed = family is not None and (
        policy.can_record_casework(user, family)
        if write
        else policy.can_view_casework(user, family)
    )
    if not allowed:
        raise Http404("No family found")
    if record:
        audit.record(user, Verb.VIEW, family)
    return family


def _fetch(user, model, pk, related=(), *, purpose=Purpose.VIEW, record=True):
    """One record through the registry (casework.policy's rules): Http404 for missing and
    forbidden alike; the read recorded by the auditor registered below unless record=False."""
    queryset = model.objects.select_related(*related)
    return registry.get_for(user, model, _pk(pk), purpose, queryset=queryset, record=record)


def get_episode_for(user, pk) -> Episode:
    return _fetch(
        user,
        Episode,
        pk,
        (
            "family",
            "child",
            "allocated_to__user",
            "team",
            "parent",
            "lead_cp_practitioner__user",
            "lead_cp_practitioner__organisation",
        ),
    )


def get_assessment_for(user, pk, *, write: bool = False, record: bool = True) -> Assessment:
    """Assessments hold adults' own needs: a partner sees one only when it is shared.
    `record=False` for the autosave, which is part of the page view already audited."""
    purpose = Purpose.EDIT if write else Purpose.VIEW
    return _fetch(user, Assessment, pk, ("family", "episode"), purpose=purpose, record=record)


def draft_for(user, kind: str, object_id: int) -> FormDraft | None:
    """The user's own autosaved draft of one form; nobody else's draft is ever returned."""
    if not getattr(user, "is_authenticated", False):
        return None
    return FormDraft.objects.filter(user=user, kind=kind, object_id=object_id).first()


class NoPlanYet(Http404):
    """The user may work on the family's plan, but none is agreed yet (the page says so)."""


def get_plan_for(user, family: Family, *, write: bool = False) -> FamilyPlan:
    allowed = (
        policy.can_record_casework(user, family)
        if write
        else policy.can_view_casework(user, family, "plan")
    )
    plan = FamilyPlan.objects.filter(family=family, ended_on__isnull=True).first()
    if not allowed:
        raise Http404("No plan found")
    if plan is None:
        raise NoPlanYet("No plan agreed yet")
    return plan


def get_action_for(user, pk) -> PlanAction:
    return _fetch(user, PlanAction, pk, ("plan__family",), purpose=Purpose.EDIT, record=False)


def get_case_note_for(user, pk) -> CaseNote:
    return _fetch(user, CaseNote, pk, ("family",))


def get_step_down_for(user, pk) -> StepDown:
    related = ("family", "receiving_lead__user", "proposed_by", "family_consent_by")
    return _fetch(user, StepDown, pk, related)


def get_step_up_for(user, pk) -> StepUp:
    # It carries the assessment, the plan and the chronology: partners only when they see those
    # (casework.policy's rule for StepUp).
    return _fetch(user, StepUp, pk, ("family", "by"))


def get_absence_for(user, pk) -> Absence:
    return _fetch(user, Absence, pk, ("practitioner__user",), record=False)
