"""Meetings and reviews: attendance, views, decisions, goal scores, next review from the rules."""

from __future__ import annotations

import datetime as dt
from typing import Any

import audit
import rules
from access.doorway import action, permit
from audit.models import Verb
from casework import policy
from outcomes.models import GoalScale, GoalScore, score_label
from people.actions import chronicle
from people.models import Family

from .. import messages as msg
from ..models import (
    ClockKind,
    Episode,
    Goal,
    Meeting,
    MeetingKind,
)
from ._common import (
    _Errors,
    _is_member,
    _today,
    _when,
)
from .clocks import _meet_clocks, _open_clock, timescales_of
from .plan import _check_score, current_plan, plan_action_add

_REVIEW_CLOCKS = {
    MeetingKind.TAF_REVIEW: ("EH", [ClockKind.EH_REVIEW]),
    MeetingKind.CIN_REVIEW: ("CIN", [ClockKind.CIN_REVIEW]),
    MeetingKind.CORE_GROUP: ("CP", [ClockKind.FIRST_CORE_GROUP, ClockKind.CORE_GROUP]),
}


@action
def meeting_record(
    *,
    by,
    family: Family,
    kind: str,
    held_on: dt.date,
    agencies_invited=(),
    agencies_attended=(),
    family_attended=(),
    parents_views: str = "",
    child_views: str = "",
    minutes: str = "",
    decisions: str = "",
    scores: dict[Goal, int | None] | None = None,
    new_action: dict[str, Any] | None = None,
) -> Meeting:
    """A review or meeting: who came, what the family and children said, decisions, goal scores,
    and any new action (which updates the plan). Reviews meet their clock and set the next."""
    permit(policy.can_record_casework(by, family))
    scores = {g: s for g, s in (scores or {}).items() if s is not None}
    plan = current_plan(family)
    scales = dict(Goal.objects.filter(pk__in=[g.pk for g in scores]).values_list("pk", "scale"))
    _check_meeting(family, held_on, scores, scales, plan, family_attended, new_action)
    ts = rules.current("timescales")
    meeting = Meeting.objects.create(
        family=family,
        kind=kind,
        held_on=held_on,
        parents_views=parents_views,
        child_views=child_views,
        minutes=minutes,
        decisions=decisions,
        rules_version=ts.version,
        recorded_by=by.user,
    )
    meeting.agencies_invited.set(agencies_invited)
    meeting.agencies_attended.set(agencies_attended)
    meeting.family_attended.set(family_attended)
    score_lines = _record_scores(by, meeting, scores, scales, held_on)
    next_due = _next_review(meeting, family, kind, held_on, ts)
    audit.record(
        by,
        Verb.CREATE,
        meeting,
        family=family,
        changes={"kind": [None, kind], "scores": len(scores)},
    )
    detail = _meeting_detail(agencies_attended, family_attended, score_lines, decisions, next_due)
    chronicle(
        by=by,
        family=family,
        kind="meeting",
        summary=f"{meeting.get_kind_display()} held",
        detail=detail,
        occurred_at=_when(held_on),
        significant=bool(score_lines) or kind == "core_group",
    )
    if plan is not None and new_action and (new_action.get("text") or "").strip():
        plan_action_add(
            by=by,
            plan=plan,
            text=new_action["text"],
            goal=new_action.get("goal"),
            owner_organisation=new_action.get("owner_organisation"),
            owner_person=new_action.get("owner_person"),
            due_on=new_action.get("due_on"),
        )
    return meeting


def _record_scores(by, meeting, scores, scales, held_on) -> list[str]:
    """Each goal's score on its own scale, and the chronology's line for it."""
    score_lines = []
    for goal, score in scores.items():
        previous = goal.scores.order_by("-scored_on", "-pk").first()
        scale = scales[goal.pk]
        GoalScore.objects.create(
            goal=goal, scale=scale, score=score, scored_on=held_on, meeting=meeting, by=by.user
        )
        if scale == GoalScale.ATTAINMENT:
            was = f"{previous.score:+d} → " if previous else ""
            score_lines.append(f"“{goal.text}”: {was}{score_label(scale, score)}")
        else:
            was = f"{previous.score} → " if previous else ""
            score_lines.append(f"“{goal.text}”: {was}{score} out of 10")
    return score_lines


def _next_review(meeting, family, kind, held_on, ts):
    """A review meets its episodes' clocks and opens the next; returns when the next is due."""
    next_due = None
    if kind in _REVIEW_CLOCKS:
        episode_kind, clock_kinds = _REVIEW_CLOCKS[MeetingKind(kind)]
        states = {"EH": ("planned", "reviewing"), "CIN": ("cin_plan",), "CP": ("cp_plan",)}[
            episode_kind
        ]
        for episode in Episode.objects.open().filter(
            family=family, kind=episode_kind, state__in=states
        ):
            _meet_clocks(episode, clock_kinds, held_on)
            its = timescales_of(episode)  # each episode keeps the version it started under
            if episode_kind == "EH":
                due, clock = its.eh_review_due(held_on), ClockKind.EH_REVIEW
            elif episode_kind == "CIN":
                due, clock = its.cin_review_due(held_on), ClockKind.CIN_REVIEW
            else:
                due, clock = its.core_group_due(held_on), ClockKind.CORE_GROUP
            _open_clock(episode, clock, held_on, due)
            next_due = min(next_due, due) if next_due else due
        if next_due is None:
            next_due = {"EH": ts.eh_review_due, "CIN": ts.cin_review_due, "CP": ts.core_group_due}[
                episode_kind
            ](held_on)
        Meeting.objects.filter(pk=meeting.pk).update(next_review_on=next_due)
        meeting.next_review_on = next_due
    return next_due


def _meeting_detail(agencies_attended, family_attended, score_lines, decisions, next_due) -> str:
    """The chronology's detail of a meeting: who came, scores, decisions, the next review."""
    attended = ", ".join(o.name for o in agencies_attended)
    detail = []
    if attended:
        detail.append(f"Agencies attending: {attended}")
    if family_attended:
        detail.append("Family attending: " + ", ".join(p.full_name for p in family_attended))
    if score_lines:
        detail.append("Goal scores: " + "; ".join(score_lines))
    if decisions:
        detail.append(f"Decisions: {decisions}")
    if next_due:
        detail.append(f"Next review by {next_due:%-d %B %Y}")
    return "\n".join(detail)


def _check_meeting(family, held_on, scores, scales, plan, family_attended, new_action) -> None:
    """The date, each score on its goal's scale and in the current plan, who came, an action."""
    errs = _Errors()
    if held_on is None:
        errs.add("held_on", msg.REQUIRED.format(label="the date of the meeting"))
    elif held_on > _today():
        errs.add("held_on", msg.DATE_IN_FUTURE.format(label="The date of the meeting"))
    for goal, score in scores.items():
        _check_score(errs, f"score_{goal.pk}", score, scales.get(goal.pk, GoalScale.GOAL_BASED))
        if plan is None or goal.plan_id != plan.pk:
            errs.add(f"score_{goal.pk}", msg.BAD_CODE.format(label="goal"))
    if any(not _is_member(family, p) for p in family_attended):
        errs.add("family_attended", msg.NOT_FAMILY_MEMBER)
    if new_action and new_action.get("text") and plan is None:
        errs.add("action_text", msg.NO_PLAN)
    errs.raise_if_any()
