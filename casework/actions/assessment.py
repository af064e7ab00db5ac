"""Whole-family assessment: start, save (draft or complete), manager authorisation."""

from __future__ import annotations

from typing import Any

from django.utils import timezone

import audit
import codelists
from access.doorway import action, bump, permit, refuse_stale
from access.principals import principal_for
from audit.models import Verb
from casework import policy
from familyhub import errors
from outcomes.models import NEED_LABELS
from people.actions import chronicle
from people.models import Family, Membership

from .. import messages as msg
from ..models import (
    Assessment,
    AssessmentKind,
    AssessmentNeed,
    AssessmentPersonNote,
    AssessmentStatus,
    DraftKind,
    Episode,
)
from ._common import (
    _Errors,
    _today,
)
from .drafts import clear_draft


@action
def assessment_start(
    *, by, family: Family, kind: str, episode: Episode | None = None
) -> Assessment:
    permit(policy.can_record_casework(by, family))
    if kind not in AssessmentKind.values:
        raise errors.RuleViolation(msg.BAD_CODE.format(label="kind of assessment"))
    assessment = Assessment.objects.create(
        family=family, kind=kind, episode=episode, created_by=by.user
    )
    audit.record(by, Verb.CREATE, assessment, family=family, changes={"kind": [None, kind]})
    chronicle(
        by=by, family=family, kind="assessment", summary=f"{assessment.get_kind_display()} started"
    )
    return assessment


ASSESSMENT_FIELDS = ("child_voice", "strengths", "network", "analysis")


@action
def assessment_save(
    *,
    by,
    assessment: Assessment,
    expected_version: int,
    data: dict[str, Any],
    needs: dict[int, list[str]],
    person_notes: dict[int, str],
    complete: bool = False,
) -> Assessment:
    """Save the assessment (a draft can be saved at any point and carried on later); completing
    it checks that the children's voice and the family's needs are recorded."""
    family = assessment.family
    permit(policy.can_record_casework(by, family))
    before = Assessment.objects.select_for_update().get(pk=assessment.pk)
    refuse_stale(before, expected_version, msg.STALE_ASSESSMENT)
    if before.status == AssessmentStatus.AUTHORISED:
        raise errors.RuleViolation(msg.ALREADY_AUTHORISED)
    members = {
        m.person_id: m.person
        for m in Membership.objects.filter(family=family, left_on__isnull=True).select_related(
            "person"
        )
    }
    factors = list(data.get("factors") or [])
    _check_assessment(before, data, needs, factors, complete)
    fields = {k: (data.get(k) or "").strip() for k in ASSESSMENT_FIELDS}
    extra: dict[str, Any] = {"factors": factors}
    if complete:
        extra.update(status=AssessmentStatus.COMPLETED, completed_on=_today())
    bump(assessment, expected_version, msg.STALE_ASSESSMENT, {**fields, **extra})
    _write_needs_and_notes(assessment, members, needs, person_notes)
    assessment.refresh_from_db()
    changes = {
        k: ["(changed)", "(changed)"] for k in ASSESSMENT_FIELDS if getattr(before, k) != fields[k]
    }
    if complete:
        changes["status"] = [before.status, assessment.status]
    audit.record(by, Verb.UPDATE, assessment, family=family, changes=changes)
    if complete:
        lines = []
        for pid, areas in needs.items():
            if areas and pid in members:
                lines.append(
                    f"{members[pid].full_name}: " + ", ".join(NEED_LABELS[a].lower() for a in areas)
                )
        chronicle(
            by=by,
            family=family,
            kind="assessment",
            significant=True,
            summary=f"{assessment.get_kind_display()} completed",
            detail=("Needs identified – " + "; ".join(lines))
            if lines
            else fields["analysis"][:1000],
        )
    clear_draft(by=by, kind=DraftKind.ASSESSMENT, object_id=assessment.pk)
    return assessment


def _write_needs_and_notes(assessment, members, needs, person_notes):
    """Each current member's needs and the note about them, replacing what was there."""
    AssessmentNeed.objects.filter(assessment=assessment).delete()
    AssessmentNeed.objects.bulk_create(
        AssessmentNeed(assessment=assessment, person_id=pid, area=area)
        for pid, areas in needs.items()
        if pid in members
        for area in areas
    )
    AssessmentPersonNote.objects.filter(assessment=assessment).delete()
    AssessmentPersonNote.objects.bulk_create(
        AssessmentPersonNote(assessment=assessment, person_id=pid, text=text.strip())
        for pid, text in person_notes.items()
        if pid in members and (text or "").strip()
    )


def _check_assessment(before, data, needs, factors, complete):
    """Factors from the code list (21 alone); completing needs the children's views, the needs
    and (a child and family assessment) the factors."""
    errs = _Errors()
    if factors:
        in_force = dict(codelists.choices("assessment_factor"))
        if any(f not in in_force for f in factors):
            errs.add("factors", msg.BAD_CODE.format(label="factor"))
        if "21" in factors and len(factors) > 1:
            errs.add("factors", msg.FACTOR_21_ALONE)
    if complete:
        missing = []
        if not (data.get("child_voice") or "").strip():
            missing.append("the children's views in their own words")
        if not any(needs.values()) and not (data.get("analysis") or "").strip():
            missing.append("the family's needs")
        if before.kind == AssessmentKind.CHILD_AND_FAMILY and not factors:
            missing.append("the factors identified")
        if missing:
            errs.add(
                "child_voice" if "children" in missing[0] else "analysis",
                msg.ASSESSMENT_INCOMPLETE.format(label="", missing=" and ".join(missing)),
            )
    errs.raise_if_any()


@action
def assessment_authorise(*, by, assessment: Assessment, expected_version: int) -> Assessment:
    """A manager's approval, recorded with who, when and which version they approved."""
    permit(policy.can_authorise_assessment(by, assessment))
    current = Assessment.objects.select_for_update().get(pk=assessment.pk)
    refuse_stale(current, expected_version, msg.STALE_ASSESSMENT)
    if current.status == AssessmentStatus.AUTHORISED:
        raise errors.RuleViolation(msg.ALREADY_AUTHORISED)
    if current.status != AssessmentStatus.COMPLETED:
        raise errors.RuleViolation(msg.NOT_COMPLETED)
    Assessment.objects.filter(pk=assessment.pk).update(
        status=AssessmentStatus.AUTHORISED,
        authorised_by=by.user,
        authorised_at=timezone.now(),
        authorised_version=current.version,
    )
    assessment.refresh_from_db()
    audit.record(
        by,
        Verb.UPDATE,
        assessment,
        family=assessment.family,
        changes={"status": [current.status, "authorised"], "version": current.version},
    )
    chronicle(
        by=by,
        family=assessment.family,
        kind="assessment",
        significant=True,
        summary=f"{assessment.get_kind_display()} authorised by {principal_for(by).label}",
    )
    return assessment


def needs_at_closure(episode: Episode) -> list[str]:
    """The need areas of the family's latest completed whole-family assessment (what the
    six-month sustained outcome check asks about when an episode closes)."""
    assessment = (
        Assessment.objects.filter(family_id=episode.family_id)
        .exclude(status=AssessmentStatus.DRAFT)
        .order_by("-completed_on", "-pk")
        .first()
    )
    if assessment is None:
        return []
    areas = assessment.needs.values_list("area", flat=True).order_by("pk")
    return list(dict.fromkeys(areas))
