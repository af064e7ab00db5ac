"""The family plan: goals scored over time and actions owned by any agency or family member."""

from __future__ import annotations

import datetime as dt
from typing import Any

import audit
from access.doorway import action, bump, permit
from audit.models import Verb
from casework import policy
from directory.models import HubService, HubServiceStatus
from familyhub import errors
from outcomes.models import SCALE_RANGE, GoalScale, GoalScore, score_label
from people.actions import chronicle
from people.models import Family, Person

from .. import messages as msg
from ..models import (
    DraftKind,
    FamilyPlan,
    Goal,
    PlanAction,
)
from ._common import (
    _Errors,
    _is_member,
    _today,
)
from .drafts import clear_draft

PLAN_FIELDS = ("family_words", "worries", "working_well")


def current_plan(family: Family) -> FamilyPlan | None:
    return FamilyPlan.objects.filter(family=family, ended_on__isnull=True).first()


@action
def plan_create(*, by, family: Family, data: dict[str, Any]) -> FamilyPlan:
    permit(policy.can_record_casework(by, family))
    if current_plan(family) is not None:
        raise errors.RuleViolation(msg.PLAN_EXISTS)
    if not (data.get("family_words") or "").strip():
        message = msg.REQUIRED.format(label="what the family want to change")
        raise errors.RuleViolation(message, field_errors={"family_words": [message]})
    plan = FamilyPlan.objects.create(
        family=family, created_by=by.user, **{k: (data.get(k) or "").strip() for k in PLAN_FIELDS}
    )
    audit.record(by, Verb.CREATE, plan, family=family)
    chronicle(
        by=by,
        family=family,
        kind="plan",
        summary="Family plan agreed",
        detail=plan.family_words,
        significant=True,
    )
    clear_draft(by=by, kind=DraftKind.PLAN, object_id=family.pk)
    return plan


@action
def plan_update(*, by, plan: FamilyPlan, expected_version: int, data: dict[str, Any]) -> FamilyPlan:
    permit(policy.can_record_casework(by, plan.family))
    before = FamilyPlan.objects.get(pk=plan.pk)
    fields = {k: (data.get(k) or "").strip() for k in PLAN_FIELDS}
    if not fields["family_words"]:
        message = msg.REQUIRED.format(label="what the family want to change")
        raise errors.RuleViolation(message, field_errors={"family_words": [message]})
    bump(plan, expected_version, msg.STALE_PLAN, fields)
    changes = {
        k: [getattr(before, k), fields[k]] for k in PLAN_FIELDS if getattr(before, k) != fields[k]
    }
    audit.record(by, Verb.UPDATE, plan, family=plan.family, changes=changes)
    if changes:
        labels = [str(getattr(FamilyPlan._meta.get_field(k), "verbose_name", k)) for k in changes]
        chronicle(
            by=by,
            family=plan.family,
            kind="plan",
            summary="Family plan changed: " + "; ".join(labels),
        )
    clear_draft(by=by, kind=DraftKind.PLAN, object_id=plan.family_id)
    return plan


def _check_score(errs, name, score, scale: str = GoalScale.GOAL_BASED):
    """A score must be on the goal's own scale (0 to 10, or −2 to +2)."""
    if score is None:
        return
    low, high = SCALE_RANGE[GoalScale(scale)]
    if not (low <= score <= high):
        errs.add(name, msg.ATTAINMENT_RANGE if scale == GoalScale.ATTAINMENT else msg.SCORE_RANGE)


@action
def goal_add(
    *,
    by,
    plan: FamilyPlan,
    text: str,
    person: Person | None = None,
    baseline: int | None = None,
    scale: str = GoalScale.GOAL_BASED,
    level_words: dict[str, str] | None = None,
) -> Goal:
    """A goal in the family's words, scored on the scale chosen now: goal-based outcome (0 to 10)
    or goal attainment (−2 to +2, optionally with what each level looks like in the family's
    words). The baseline, if given, is the first score."""
    permit(policy.can_record_casework(by, plan.family))
    errs = _Errors()
    if not (text or "").strip():
        errs.add("text", msg.REQUIRED.format(label="the goal in the family's words"))
    if person is not None and not _is_member(plan.family, person):
        errs.add("person", msg.NOT_FAMILY_MEMBER)
    if scale not in GoalScale.values:
        errs.add("scale", msg.BAD_SCALE)
    else:
        _check_score(errs, "baseline", baseline, scale)
    errs.raise_if_any()
    words = {}
    if scale == GoalScale.ATTAINMENT:
        words = {
            str(int(k)): v.strip()
            for k, v in (level_words or {}).items()
            if str(k).lstrip("+-").isdecimal() and -2 <= int(k) <= 2 and (v or "").strip()
        }
    goal = Goal.objects.create(
        plan=plan, text=text.strip(), person=person, scale=scale, level_words=words
    )
    if baseline is not None:
        GoalScore.objects.create(
            goal=goal, scale=scale, score=baseline, scored_on=_today(), by=by.user
        )
    audit.record(
        by,
        Verb.CREATE,
        goal,
        family=plan.family,
        changes={"text": [None, goal.text], "scale": [None, scale]},
    )
    chronicle(
        by=by,
        family=plan.family,
        person=person,
        kind="plan",
        summary=f"Goal added to the family plan: “{goal.text}”"
        + (f" (starting score {score_label(scale, baseline)})" if baseline is not None else ""),
        detail="Scored by goal attainment scaling (−2 to +2)" if goal.is_attainment else "",
    )
    return goal


@action
def plan_action_add(
    *,
    by,
    plan: FamilyPlan,
    text: str,
    goal: Goal | None = None,
    owner_organisation=None,
    owner_person: Person | None = None,
    due_on: dt.date | None = None,
    service: HubService | None = None,
) -> PlanAction:
    """Who will do what by when. The action can be a hub service (a parenting programme as one
    part of the package); its hub's organisation owns it unless someone else is named."""
    permit(policy.can_record_casework(by, plan.family))
    errs = _Errors()
    if not (text or "").strip():
        errs.add("text", msg.REQUIRED.format(label="what will be done"))
    if owner_organisation is not None and owner_person is not None:
        errs.add("owner_person", msg.ONE_OWNER)
    if owner_person is not None and not _is_member(plan.family, owner_person):
        errs.add("owner_person", msg.NOT_FAMILY_MEMBER)
    if goal is not None and goal.plan_id != plan.pk:
        errs.add("goal", msg.BAD_CODE.format(label="goal"))
    if service is not None:
        service = HubService.objects.select_related(
            "hub__organisation", "organisation__organisation"
        ).get(pk=service.pk)
        if service.status != HubServiceStatus.ACTIVE:
            errs.add("service", msg.SERVICE_NOT_ACTIVE)
        elif owner_organisation is None and owner_person is None:
            # the hub that runs it, or the provider when it is a partner organisation
            provider = service.organisation.organisation if service.organisation else None
            owner_organisation = service.hub.organisation if service.hub else provider
    errs.raise_if_any()
    action = PlanAction.objects.create(
        plan=plan,
        goal=goal,
        text=text.strip(),
        owner_organisation=owner_organisation,
        owner_person=owner_person,
        due_on=due_on,
        service=service,
        created_by=by.user,
    )
    changes = {"owner": [None, action.owner_label]}
    if service is not None:
        changes["service"] = [None, str(service)]
    audit.record(by, Verb.CREATE, action, family=plan.family, changes=changes)
    due = f" by {due_on:%-d %B %Y}" if due_on else ""
    chronicle(
        by=by,
        family=plan.family,
        kind="plan",
        summary=f"Plan action for {action.owner_label}: {action.text}{due}",
        detail=f"Service: {service}" if service is not None else "",
    )
    return action


@action
def plan_action_set_status(*, by, action: PlanAction, status: str) -> PlanAction:
    permit(policy.can_record_casework(by, action.plan.family))
    before = action.status
    PlanAction.objects.filter(pk=action.pk).update(status=status)
    action.refresh_from_db()
    audit.record(
        by, Verb.UPDATE, action, family=action.plan.family, changes={"status": [before, status]}
    )
    chronicle(
        by=by,
        family=action.plan.family,
        kind="plan",
        summary=f"Plan action “{action.text}” ({action.owner_label}): "
        + action.get_status_display().lower(),
    )
    return action
