"""The family page's casework sections, the episode page and the plan page, with their clocks."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Prefetch, QuerySet
from django.utils import timezone

from access.principals import principal_for
from casework import policy
from organisations.models import Practitioner
from outcomes.models import GoalScale, score_label
from people.models import Family
from people.policy import can_view_section
from rules import calendar

from .. import machines
from ..models import (
    ActionStatus,
    Assessment,
    CaseNote,
    Episode,
    FamilyPlan,
    Goal,
    Meeting,
    PlanAction,
    StatutoryClock,
    StepDown,
)
from .contact import ContactPanel, contact_panel


@dataclass
class ClockRow:
    clock: StatutoryClock
    status: str
    working_days_left: int | None

    @property
    def tag(self) -> str:
        return {"overdue": "red", "met late": "orange", "met": "green", "stopped": "grey"}.get(
            self.status, "blue"
        )


def clock_rows(clocks, today: dt.date) -> list[ClockRow]:
    rows = []
    for clock in clocks:
        status = clock.status_on(today)
        left = None
        if status == "due":
            left = calendar().working_days_between(today, clock.due_on)
        rows.append(ClockRow(clock, status, left))
    return rows


@dataclass
class EpisodeRow:
    episode: Episode
    clocks: list[ClockRow]


@dataclass
class GoalRow:
    goal: Goal
    scores: list
    first: int | None
    latest: int | None

    @property
    def distance(self) -> int | None:
        if self.first is None or self.latest is None:
            return None
        return self.latest - self.first

    @property
    def is_attainment(self) -> bool:
        return self.goal.scale == GoalScale.ATTAINMENT

    @property
    def first_label(self) -> str:
        return score_label(self.goal.scale, self.first)

    @property
    def latest_label(self) -> str:
        return score_label(self.goal.scale, self.latest)

    @property
    def scale_words(self) -> str:
        return "−2 to +2" if self.is_attainment else "0 to 10"

    def shown(self, score: int) -> str:
        """A score as shown in a series: '7' or '+1' (attainment scores carry their sign)."""
        return f"{score:+d}" if self.is_attainment and score else str(score)

    @property
    def series(self) -> list[tuple[str, object]]:
        return [(self.shown(s.score), s.scored_on) for s in self.scores]

    @property
    def bar(self) -> int:
        return (self.latest or 0) * 10


@dataclass(frozen=True)
class FamilyHelp:
    """Working Together 2026: targeted early help and section 17 child in need work are one
    family help service for the family, with one family help lead practitioner (the family's
    lead arrangement) and one family help plan (the family's current plan). The episodes keep
    their kinds (EH, CIN), so the CIN census still sees every section 17 episode; child
    protection sits outside family help."""

    early_help: list[Episode]
    child_in_need: list[Episode]
    lead: Practitioner | None
    plan: FamilyPlan | None

    @property
    def children(self) -> list[tuple[str, str]]:
        parts = [(e.child.full_name, "targeted early help") for e in self.early_help]
        parts += [(e.child.full_name, "section 17 child in need") for e in self.child_in_need]
        return sorted(parts)


def family_help_of(episodes: list[Episode], contact: ContactPanel, plan) -> FamilyHelp | None:
    """The family's family help, or None when it has no open early help or child in need
    episode (the family help kinds)."""
    open_ = [e for e in episodes if e.is_open]
    eh = [e for e in open_ if e.kind == "EH"]
    cin = [e for e in open_ if e.kind == "CIN"]
    if not eh and not cin:
        return None
    lead = contact.arrangement.lead if contact.arrangement else None
    return FamilyHelp(early_help=eh, child_in_need=cin, lead=lead, plan=plan)


@dataclass
class FamilyCasework:
    family: Family
    contact: ContactPanel
    episodes: list[EpisodeRow]
    closed_episodes: list[Episode]
    plan: FamilyPlan | None
    goals: list[GoalRow]
    actions: list[PlanAction]
    assessment: Assessment | None
    notes: list[CaseNote]
    step_downs: list[StepDown]
    can_record: bool
    can_note: bool
    can_open: dict[str, bool] = field(default_factory=dict)
    sees_plan: bool = True
    sees_assessment: bool = True
    family_help: FamilyHelp | None = None


def goal_rows(plan: FamilyPlan | None) -> list[GoalRow]:
    if plan is None:
        return []
    rows = []
    for goal in plan.goals.select_related("person").prefetch_related("scores"):
        scores = list(goal.scores.all())
        rows.append(
            GoalRow(
                goal,
                scores,
                scores[0].score if scores else None,
                scores[-1].score if scores else None,
            )
        )
    return rows


def visible_notes(user, family: Family) -> QuerySet[CaseNote]:
    return (
        CaseNote.objects.filter(policy.case_note_visibility_q(user))
        .filter(family=family)
        .select_related("author", "agency", "family")  # the policy asks each note's family
        .prefetch_related("seen", "seen_alone")
    )


def family_casework(user, family: Family, now: dt.datetime | None = None) -> FamilyCasework:
    """Everything casework adds to the family page (the caller has already checked access)."""
    today = timezone.localdate(now) if now else timezone.localdate()
    episodes = list(
        Episode.objects.filter(family=family)
        .select_related("child", "allocated_to__user", "lead_cp_practitioner__user")
        .prefetch_related(
            Prefetch("clocks", queryset=StatutoryClock.objects.order_by("due_on", "pk"))
        )
        .order_by("child__date_of_birth", "kind", "-pk")
    )
    plan = FamilyPlan.objects.filter(family=family, ended_on__isnull=True).first()
    actions = (
        list(plan.actions.select_related("owner_organisation", "owner_person")) if plan else []
    )
    sees_plan = can_view_section(user, family, "plan")
    if not sees_plan:  # a partner sees the plan actions its agency owns, unless the plan is shared
        org = principal_for(user).organisation_id
        actions = [a for a in actions if a.owner_organisation_id == org]
    sees_assessment = can_view_section(user, family, "assessment")
    contact = contact_panel(family, now)
    return FamilyCasework(
        family=family,
        contact=contact,
        family_help=family_help_of(episodes, contact, plan),
        episodes=[
            EpisodeRow(
                e, [c for c in clock_rows(e.clocks.all(), today) if c.status in ("due", "overdue")]
            )
            for e in episodes
            if e.is_open
        ],
        closed_episodes=[e for e in episodes if not e.is_open],
        plan=plan,
        goals=goal_rows(plan) if sees_plan else [],
        actions=actions,
        assessment=Assessment.objects.filter(family=family).first() if sees_assessment else None,
        notes=list(visible_notes(user, family)[:5]),
        step_downs=list(
            StepDown.objects.filter(family=family, status="proposed").select_related(
                "receiving_lead__user"
            )
        ),
        can_record=policy.can_record_casework(user, family),
        can_note=policy.can_add_case_note(user, family),
        can_open={
            k: policy.can_change_episode(user, family, r) for k, r in machines.OPEN_DUTIES.items()
        },
        sees_plan=sees_plan,
        sees_assessment=sees_assessment,
    )


@dataclass
class EpisodePage:
    episode: Episode
    clocks: list[ClockRow]
    transitions: list
    steps: list[machines.Transition]
    can_allocate: bool
    can_see_assessment: bool = True
    can_allocate_s47: bool = False
    can_assign_lcpp: bool = False


def episode_page(user, episode: Episode, today: dt.date | None = None) -> EpisodePage:
    today = today or timezone.localdate()
    steps = [
        t
        for t in machines.available(episode.kind, episode.state)
        if policy.can_change_episode(user, episode.family, t.duty) and t.event != "step_up"
    ]
    return EpisodePage(
        episode=episode,
        clocks=clock_rows(episode.clocks.all(), today),
        transitions=list(episode.transitions.select_related("by")),
        steps=steps,
        can_allocate=policy.can_allocate_episode(user, episode),
        # Need codes, factors at assessment (a parent's mental health …) and child protection
        # categories come from the assessment: partners see them only when it is shared.
        can_see_assessment=policy.can_view_casework(user, episode.family, "assessment"),
        can_allocate_s47=policy.can_allocate_s47(user, episode),
        can_assign_lcpp=policy.can_assign_lcpp(user, episode),
    )


@dataclass
class PlanPage:
    plan: FamilyPlan
    goals: list[GoalRow]
    actions: list[PlanAction]
    meetings: list[Meeting]
    can_record: bool
    status_choices: list = field(default_factory=lambda: list(ActionStatus.choices))


def plan_page(user, plan: FamilyPlan) -> PlanPage:
    return PlanPage(
        plan=plan,
        goals=goal_rows(plan),
        actions=list(plan.actions.select_related("owner_organisation", "owner_person", "goal")),
        meetings=list(
            Meeting.objects.filter(family=plan.family).prefetch_related(
                "agencies_attended", "family_attended"
            )
        ),
        can_record=policy.can_record_casework(user, plan.family),
    )
