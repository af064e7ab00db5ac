"""Reads for working with the family. Every function takes the acting user; single records are
fetched through the policy, the read is audited, and missing and forbidden are both a 404."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Count, Prefetch, Q, QuerySet
from django.http import Http404
from django.utils import timezone

import audit
import rules
from access import policy, registry
from access.principals import Purpose
from audit.models import Verb
from organisations.models import Organisation, Practitioner, Role
from outcomes.models import GoalScale, SustainedOutcomeCheck, score_label
from people.leads import lead_arrangement
from people.models import ChronologyEntry, Family, Membership, Person
from people.queries import families_visible_to
from rules import calendar

from . import machines
from .models import (
    Absence,
    ActionStatus,
    Assessment,
    CaseNote,
    Episode,
    FamilyPlan,
    FormDraft,
    Goal,
    LeadArrangement,
    Meeting,
    PlanAction,
    StatutoryClock,
    StepDown,
    StepUp,
    WorkingHours,
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
    return _fetch(user, Episode, pk, ("family", "child", "allocated_to__user", "team", "parent"))


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


def get_plan_for(user, family: Family, *, write: bool = False) -> FamilyPlan:
    allowed = (
        policy.can_record_casework(user, family)
        if write
        else policy.can_view_casework(user, family, "plan")
    )
    plan = FamilyPlan.objects.filter(family=family, ended_on__isnull=True).first()
    if plan is None or not allowed:
        raise Http404("No plan found")
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


# --- What a fetch records (registry.get_for calls these when it hands a record out) ---------


def _actor(principal):
    return principal.user if principal.user is not None else principal


def _record_with_family(principal, obj, purpose) -> None:
    audit.record(_actor(principal), Verb.VIEW, obj, family=obj.family)


def _record_episode(principal, obj, purpose) -> None:
    audit.record(_actor(principal), Verb.VIEW, obj, family=obj.family, person=obj.child)


def register_read_auditors() -> None:
    """CaseworkConfig.ready: the same audit events the pages always wrote."""
    registry.register_read_auditor(Episode, _record_episode)
    for model in (Assessment, CaseNote, StepDown, StepUp):
        registry.register_read_auditor(model, _record_with_family)


def practitioners_for_choice() -> QuerySet[Practitioner]:
    """Anyone who works with families can lead or cover (a teacher or health visitor too)."""
    return (
        Practitioner.objects.filter(role__in=sorted(policy.CASE_ROLES))
        .select_related("user", "organisation")
        .order_by("user__full_name")
    )


def absence_practitioners_for(user) -> QuerySet[Practitioner]:
    return Practitioner.objects.filter(policy.absence_manageable_q(user)).select_related("user")


def organisations_for_choice() -> QuerySet[Organisation]:
    return Organisation.objects.order_by("name")


def current_members(family: Family) -> QuerySet[Person]:
    return Person.objects.filter(
        memberships__family=family, memberships__left_on__isnull=True
    ).distinct()


def current_children(family: Family) -> QuerySet[Person]:
    return Person.objects.filter(
        memberships__family=family, memberships__left_on__isnull=True, memberships__role="child"
    ).distinct()


def open_cin_episodes(family: Family) -> QuerySet[Episode]:
    return Episode.objects.open().filter(family=family, kind="CIN").select_related("child")


# --- Who to contact now


@dataclass
class Availability:
    practitioner: Practitioner
    absence: Absence | None
    in_hours: bool

    @property
    def available(self) -> bool:
        return self.absence is None and self.in_hours


@dataclass
class ContactPanel:
    arrangement: LeadArrangement | None
    lead: Availability | None
    cover: Availability | None
    contact_now: Practitioner | None
    message: str
    out_of_hours: bool
    ooh: rules.OutOfHours
    hub_name: str
    hub_evening_phone: str
    team_phone: str


def _absence_on(practitioner: Practitioner, day: dt.date) -> Absence | None:
    return (
        Absence.objects.filter(
            practitioner=practitioner,
            cancelled_at__isnull=True,
            starts_on__lte=day,
            ends_on__gte=day,
        )
        .order_by("ends_on")
        .first()
    )


def _in_hours(practitioner: Practitioner, now: dt.datetime) -> bool:
    cal = calendar()
    local = now.astimezone(cal.zone)
    hours = WorkingHours.objects.filter(practitioner=practitioner).first()
    if hours is not None:
        return (
            local.weekday() in hours.weekdays
            and not cal.is_bank_holiday(local.date())
            and hours.starts_at <= local.time() < hours.ends_at
        )
    return cal.is_working_day(local.date()) and cal.day_start <= local.time() < cal.day_end


def _availability(practitioner, now) -> Availability | None:
    if practitioner is None:
        return None
    local_day = now.astimezone(calendar().zone).date()
    return Availability(
        practitioner, _absence_on(practitioner, local_day), _in_hours(practitioner, now)
    )


def current_lead_arrangements(family_ids: list[int]) -> dict[int, LeadArrangement]:
    """The families' current lead arrangements (the one source of truth for the lead
    practitioner, docs/decisions/0006). Pages ask through `people.leads`, which casework
    registers this with when it starts."""
    rows = LeadArrangement.objects.filter(
        family_id__in=family_ids, ended_on__isnull=True
    ).select_related(
        "lead__user",
        "lead__organisation",
        "lead__team__hub",
        "cover__user",
        "cover__organisation",
    )
    return {row.family_id: row for row in rows}


def contact_panel(family: Family, now: dt.datetime | None = None) -> ContactPanel:
    """Who to contact about this family right now: the lead, or when they are away their cover,
    and always the out-of-hours arrangement. Worked out from absences and hours, not typed."""
    now = now or timezone.now()
    arrangement = lead_arrangement(family)
    lead = _availability(arrangement.lead, now) if arrangement else None
    cover = _availability(arrangement.cover, now) if arrangement else None
    ooh = rules.current("out_of_hours")
    hub = family.hub or (
        arrangement.lead.team.hub if arrangement and arrangement.lead.team else None
    )
    out_hours = not calendar().is_working_day(now.astimezone(calendar().zone).date()) or not (
        calendar().day_start <= now.astimezone(calendar().zone).time() < calendar().day_end
    )
    contact, message = None, ""
    if arrangement is None:
        message = "No lead practitioner is recorded for this family yet."
    elif lead.absence is not None:
        kind = lead.absence.get_kind_display().lower()
        away = f"{lead.practitioner.name} is away ({kind}) until {lead.absence.ends_on:%-d %B %Y}."
        if cover is not None and cover.absence is None:
            contact = cover.practitioner
            message = f"{away} Contact {cover.practitioner.name}, who is covering, instead."
        elif cover is not None:
            message = (
                f"{away} {cover.practitioner.name}, the cover, is also away: contact the team."
            )
        else:
            message = f"{away} No cover is named: contact the team."
    elif not lead.in_hours:
        contact = lead.practitioner
        message = (
            f"{lead.practitioner.name} is not working now. Out of hours, use the numbers below."
        )
    else:
        contact = lead.practitioner
        message = f"Contact {lead.practitioner.name}, the lead practitioner."
    team_phone = ""
    if arrangement is not None:
        team_phone = arrangement.lead.organisation.phone
    return ContactPanel(
        arrangement=arrangement,
        lead=lead,
        cover=cover,
        contact_now=contact,
        message=message,
        out_of_hours=out_hours,
        ooh=ooh,
        hub_name=hub.name if hub else "",
        hub_evening_phone=hub.evening_weekend_phone if hub else "",
        team_phone=team_phone,
    )


# --- Clocks


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


# --- The family page sections


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
        .select_related("author", "agency")
        .prefetch_related("seen", "seen_alone")
    )


def family_casework(user, family: Family, now: dt.datetime | None = None) -> FamilyCasework:
    """Everything casework adds to the family page (the caller has already checked access)."""
    today = timezone.localdate(now) if now else timezone.localdate()
    episodes = list(
        Episode.objects.filter(family=family)
        .select_related("child", "allocated_to__user")
        .prefetch_related(
            Prefetch("clocks", queryset=StatutoryClock.objects.order_by("due_on", "pk"))
        )
        .order_by("child__date_of_birth", "kind", "-pk")
    )
    plan = FamilyPlan.objects.filter(family=family, ended_on__isnull=True).first()
    actions = (
        list(plan.actions.select_related("owner_organisation", "owner_person")) if plan else []
    )
    sees_plan = policy.can_view_section(user, family, "plan")
    if not sees_plan:  # a partner sees the plan actions its agency owns, unless the plan is shared
        org = policy.principal_for(user).organisation_id
        actions = [a for a in actions if a.owner_organisation_id == org]
    sees_assessment = policy.can_view_section(user, family, "assessment")
    return FamilyCasework(
        family=family,
        contact=contact_panel(family, now),
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
            k: policy.can_change_episode(user, family, r) for k, r in machines.OPEN_ROLES.items()
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


def episode_page(user, episode: Episode, today: dt.date | None = None) -> EpisodePage:
    today = today or timezone.localdate()
    steps = [
        t
        for t in machines.available(episode.kind, episode.state)
        if policy.can_change_episode(user, episode.family, t.roles) and t.event != "step_up"
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


# --- Re-referrals


def re_referral_count(user, start: dt.date, end: dt.date) -> dict[str, int]:
    """Referrals in [start, end] among the families one may see, and how many were re-referrals
    (within the configured window after an earlier episode closed or stepped down)."""
    qs = Episode.objects.filter(policy.casework_visibility_q(user)).filter(
        kind="CIN", referral_date__gte=start, referral_date__lte=end
    )
    counts = qs.aggregate(
        referrals=Count("pk"), re_referrals=Count("pk", filter=Q(is_re_referral=True))
    )
    return {"referrals": counts["referrals"] or 0, "re_referrals": counts["re_referrals"] or 0}


# --- Chronology

KIND_GROUPS = {
    "episodes": (
        "Episodes and decisions",
        (
            "episode_eh",
            "episode_cin",
            "episode_cp",
            "looked_after",
            "allocation",
            "outcome_check",
        ),
    ),
    "assessment": ("Assessments", ("assessment",)),
    "plan": ("Plan and goals", ("plan",)),
    "meeting": ("Meetings and reviews", ("meeting",)),
    "case_note": ("Case notes", ("case_note",)),
    "steps": ("Step up and step down", ("step_up", "step_down")),
    "people": (
        "People and involvement",
        (
            "family_created",
            "family_updated",
            "member_added",
            "person_updated",
            "address_added",
            "relationship_added",
            "involvement_started",
            "involvement_ended",
            "lead_practitioner",
        ),
    ),
}


@dataclass
class ChronologyFilters:
    agency: int | None = None
    group: str = ""
    significant_only: bool = False
    person: int | None = None

    def describe(self) -> str:
        parts = []
        if self.group in KIND_GROUPS:
            parts.append(KIND_GROUPS[self.group][0])
        if self.significant_only:
            parts.append("significant events only")
        return ", ".join(parts) or "everything"


def chronology(user, family: Family, filters: ChronologyFilters) -> QuerySet[ChronologyEntry]:
    qs = ChronologyEntry.objects.filter(family=family).select_related(
        "recorded_by", "agency", "person"
    )
    if not policy.can_view_section(user, family, "chronology"):
        # A partner sees its own agency's entries unless the chronology is shared with it.
        qs = qs.filter(agency_id=policy.principal_for(user).organisation_id)
    if filters.agency:
        qs = qs.filter(agency_id=filters.agency)
    if filters.group in KIND_GROUPS:
        qs = qs.filter(kind__in=KIND_GROUPS[filters.group][1])
    if filters.significant_only:
        qs = qs.filter(significance="significant")
    if filters.person:
        qs = qs.filter(person_id=filters.person)
    return qs.order_by("-occurred_at", "-pk")


def chronology_agencies(family: Family) -> QuerySet[Organisation]:
    return Organisation.objects.filter(
        pk__in=ChronologyEntry.objects.filter(family=family, agency__isnull=False).values(
            "agency_id"
        )
    ).order_by("name")


def chronology_for_export(
    user, family: Family, filters: ChronologyFilters
) -> list[ChronologyEntry]:
    """The entries for a PDF export; the export itself is audited."""
    entries = list(chronology(user, family, filters)[:5000])
    audit.record(
        user,
        Verb.EXPORT,
        family,
        reason="chronology PDF",
        changes={"filters": filters.describe(), "entries": len(entries)},
    )
    return entries


# --- Caseload


@dataclass
class WorkerRow:
    practitioner: Practitioner
    families: int
    children: int
    open_clocks: int
    overdue: int
    absence: Absence | None


@dataclass
class Caseload:
    workers: list[WorkerRow]
    unallocated: list[Episode]
    mine: list[EpisodeRow]
    overdue: list[ClockRow]
    team_members: list[Practitioner]
    is_manager: bool
    re_referrals: dict[str, int]
    outcome_checks: list[SustainedOutcomeCheck] = field(default_factory=list)


def caseload(user, today: dt.date | None = None) -> Caseload:
    today = today or timezone.localdate()
    p = policy.principal_for(user)
    episodes = Episode.objects.open().filter(policy.caseload_q(user))
    running = StatutoryClock.objects.running().filter(episode__in=episodes.values("pk"))
    by_worker = {
        row["allocated_to"]: row
        for row in episodes.filter(allocated_to__isnull=False)
        .values("allocated_to")
        .annotate(families=Count("family", distinct=True), children=Count("child", distinct=True))
    }
    clocks_by_worker = {
        row["episode__allocated_to"]: row
        for row in running.values("episode__allocated_to").annotate(
            open=Count("pk"), overdue=Count("pk", filter=Q(due_on__lt=today))
        )
    }
    is_manager = p.role == Role.TEAM_MANAGER and bool(p.managed_team_ids)
    members = (
        list(
            Practitioner.objects.filter(team_id__in=sorted(p.managed_team_ids))
            .exclude(role=Role.TEAM_MANAGER)
            .select_related("user", "team")
        )
        if is_manager
        else []
    )
    workers = []
    for practitioner in members:
        row = by_worker.get(practitioner.pk, {})
        clocks = clocks_by_worker.get(practitioner.pk, {})
        workers.append(
            WorkerRow(
                practitioner,
                row.get("families", 0),
                row.get("children", 0),
                clocks.get("open", 0),
                clocks.get("overdue", 0),
                _absence_on(practitioner, today),
            )
        )
    mine = (
        Episode.objects.open()
        .filter(allocated_to_id=p.practitioner_id, family__is_restricted=False)
        .select_related("family", "child")
        .prefetch_related("clocks")
        .order_by("family__name", "pk")
    )
    overdue = clock_rows(
        running.filter(due_on__lt=today).select_related(
            "episode__child", "episode__allocated_to__user", "family"
        )[:200],
        today,
    )
    return Caseload(
        workers=workers,
        unallocated=list(
            episodes.filter(allocated_to__isnull=True)
            .select_related("family", "child")
            .order_by("created_at")[:200]
        )
        if is_manager
        else [],
        mine=[
            EpisodeRow(
                e, [c for c in clock_rows(e.clocks.all(), today) if c.status in ("due", "overdue")]
            )
            for e in mine[:200]
        ],
        overdue=overdue,
        team_members=members,
        is_manager=is_manager,
        re_referrals=re_referral_count(user, today - dt.timedelta(days=365), today),
        outcome_checks=outcome_checks_due(user, today),
    )


OUTCOME_CHECK_LOOKAHEAD_DAYS = 28


def outcome_checks_due(user, today: dt.date | None = None) -> list[SustainedOutcomeCheck]:
    """Six-month sustained outcome checks not yet recorded, due within four weeks or overdue,
    for the worker's own (closed) early help episodes and, for a manager, their teams'."""
    today = today or timezone.localdate()
    episodes = Episode.objects.filter(policy.caseload_q(user), kind="EH")
    checks = (
        SustainedOutcomeCheck.objects.filter(
            checked_on__isnull=True,
            due_on__lte=today + dt.timedelta(days=OUTCOME_CHECK_LOOKAHEAD_DAYS),
            episode__in=episodes.values("pk"),
        )
        .select_related("family", "episode__child", "episode__allocated_to")
        .order_by("due_on", "pk")[:200]
    )
    rows = list(checks)
    for check in rows:
        check.status = check.status_on(today)
    return rows


def my_absences(user) -> QuerySet[Absence]:
    today = timezone.localdate()
    return (
        Absence.objects.filter(practitioner__in=absence_practitioners_for(user))
        .filter(cancelled_at__isnull=True, ends_on__gte=today)
        .select_related("practitioner__user")
        .order_by("starts_on")
    )


def step_downs_waiting_for(user) -> QuerySet[StepDown]:
    p = policy.principal_for(user)
    return (
        StepDown.objects.filter(policy.step_down_visibility_q(p))
        .filter(receiving_lead_id=p.practitioner_id, status="proposed")
        .select_related("family")
    )


def family_members_for(family: Family) -> QuerySet[Membership]:
    return family.memberships.filter(left_on__isnull=True).select_related("person")


def families_for_user(user) -> QuerySet[Family]:
    return families_visible_to(user)
