"""Reads for the family's own view and for workers: everything a family member sees comes
through the registry's rules for their kind (portal.policy), and each page view is audited."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.utils import timezone

import audit
from access import registry
from access.principals import Purpose
from audit.models import Verb
from casework.models import Goal, LeadArrangement, Meeting, MeetingKind, PlanAction
from casework.queries import contact_panel
from familyhub import errors
from hubs.models import Enrolment, EnrolmentStatus
from hubs.models import Meeting as SessionMeeting
from outcomes.models import GoalScore
from people.models import Membership

from . import policy
from .codes import normalise
from .models import FamilyAccount, MemberKind, RelationshipCheck

REVIEW_KINDS = (MeetingKind.TAF_REVIEW, MeetingKind.CIN_REVIEW, MeetingKind.CORE_GROUP)
SHOWN_ENROLMENTS = (EnrolmentStatus.ENROLLED, EnrolmentStatus.WAITING, EnrolmentStatus.OFFERED)


def account_for(user) -> FamilyAccount:
    account = policy.account_of(user)
    if account is None:
        raise errors.NotPermitted("Not permitted: is_family_member")
    return account


@dataclass
class GoalLine:
    goal: Goal
    scores: list[GoalScore]
    actions: list[PlanAction] = field(default_factory=list)

    @property
    def latest(self) -> GoalScore | None:
        return self.scores[-1] if self.scores else None


@dataclass
class SessionLine:
    enrolment: Enrolment
    next_date: dt.date | None


@dataclass
class MyPage:
    account: FamilyAccount
    contact: object
    working_today: bool
    goals: list[GoalLine]
    other_actions: list[PlanAction]
    next_review: dt.date | None
    sessions: list[SessionLine]
    check_due: Meeting | None


def _goals(user) -> tuple[list[GoalLine], list[PlanAction]]:
    goals = registry.visible_to(user, Goal).filter(status="active").order_by("pk")
    lines = {g.pk: GoalLine(g, []) for g in goals}
    for score in registry.visible_to(user, GoalScore).filter(goal_id__in=lines):
        lines[score.goal_id].scores.append(score)
    others = []
    actions = registry.visible_to(user, PlanAction).select_related(
        "owner_organisation", "owner_person"
    )
    for act in actions.exclude(status__in=["done", "stopped"]):
        if act.goal_id in lines:
            lines[act.goal_id].actions.append(act)
        else:
            others.append(act)
    return list(lines.values()), others


def _sessions(user, today: dt.date) -> list[SessionLine]:
    rows = (
        registry.visible_to(user, Enrolment)
        .filter(status__in=SHOWN_ENROLMENTS)
        .select_related("session__service", "session__venue", "person")
    )
    rows = list(rows)
    upcoming: dict[int, dt.date] = {}
    meetings = SessionMeeting.objects.filter(
        session_id__in={e.session_id for e in rows}, on__gte=today
    ).order_by("on")
    for m in meetings:
        upcoming.setdefault(m.session_id, m.on)
    return [SessionLine(e, upcoming.get(e.session_id)) for e in rows]


def due_review(user) -> Meeting | None:
    """The latest review of the family, when this member has not yet said how the help felt
    since it (a relationship check falls due after each review)."""
    account = account_for(user)
    latest = (
        registry.visible_to(user, Meeting)
        .filter(kind__in=REVIEW_KINDS, held_on__lte=timezone.localdate())
        .order_by("-held_on", "-pk")
        .first()
    )
    if latest is None or RelationshipCheck.objects.filter(account=account, review=latest).exists():
        return None
    return latest


def current_lead(user) -> LeadArrangement | None:
    return registry.visible_to(user, LeadArrangement).select_related("lead").first()


def my_page(user) -> MyPage:
    account = account_for(user)
    today = timezone.localdate()
    arrangement = current_lead(user)
    panel = contact_panel(account.family) if arrangement is not None else None
    working = bool(panel and panel.lead and panel.lead.absence is None and panel.lead.in_hours)
    goals, others = _goals(user)
    review = (
        registry.visible_to(user, Meeting)
        .filter(next_review_on__gte=today)
        .order_by("-held_on", "-pk")
        .values_list("next_review_on", flat=True)
        .first()
    )
    audit.record(user, Verb.VIEW, account, family=account.family, person=account.person)
    return MyPage(
        account=account,
        contact=panel,
        working_today=working,
        goals=goals,
        other_actions=others,
        next_review=review,
        sessions=_sessions(user, today),
        check_due=due_review(user),
    )


def goal_to_score(user, pk) -> Goal:
    """A goal this family member may score (404 for anyone else's)."""
    return registry.get_for(user, Goal, pk, Purpose.EDIT)


def my_answers(user) -> list[RelationshipCheck]:
    return list(registry.visible_to(user, RelationshipCheck).order_by("-answered_at"))


# --- For workers ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Invitable:
    person: object
    kind: str
    role: str
    age: int | None

    @property
    def label(self) -> str:
        return MemberKind(self.kind).label


def invitable(user, family) -> list[Invitable]:
    """The members the lead may invite: parents and carers, other adults in the household, and
    children aged 13 or over (with the lead's judgement that they are able)."""
    if not policy.can_invite(user, family):
        raise errors.NotPermitted("Not permitted: the family's lead practitioner invites")
    today = timezone.localdate()
    rows = Membership.objects.filter(family=family, left_on__isnull=True).select_related("person")
    found = []
    for m in rows.order_by("pk"):
        age = m.person.age_on(today)
        kind = policy.invitee_kind(m.role, age)
        if kind is not None and m.person.date_of_death is None:
            found.append(Invitable(m.person, str(kind), m.role, age))
    return found


def family_accounts(user, family) -> list[FamilyAccount]:
    return list(
        registry.visible_to(user, FamilyAccount)
        .filter(family=family)
        .select_related("person")
        .order_by("pk")
    )


def family_checks(user, family) -> list[RelationshipCheck]:
    return list(
        registry.visible_to(user, RelationshipCheck)
        .filter(family=family)
        .select_related("person", "worker")
        .order_by("answered_at", "pk")
    )


def scope_checks(user):
    """The relationship checks counted on the relationship page: the worker's own, and a
    manager's teams' (policy.relationship_scope_q)."""
    return (
        RelationshipCheck.objects.filter(policy.relationship_scope_q(user))
        .filter(worker__isnull=False)
        .select_related("worker__team")
    )


def record_relationship_view(user, verb=Verb.VIEW, reason="") -> None:
    """The relationship page (and its download) are audited as a list of aggregates."""
    label = "relationship scores" + (" (team)" if policy.sees_team_relationships(user) else "")
    audit.record(user, verb, None, label=label, reason=reason)


def is_family_user(user) -> bool:
    return policy.is_family_member(user)


def user_for(sign_in_name: str):
    """The sign-in account behind a typed sign-in name (None when there is none)."""
    account = (
        FamilyAccount.objects.filter(sign_in_name=normalise(sign_in_name), ended_at=None)
        .select_related("user")
        .first()
    )
    return account.user if account else None


def may_see_relationships(user) -> bool:
    return policy.may_see_relationships(user)


def sees_team(user) -> bool:
    return policy.sees_team_relationships(user)
