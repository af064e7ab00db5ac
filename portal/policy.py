"""Who may do what in the family's own view, in the one policy registry (access.registry).

A family member (PrincipalKind.FAMILY_MEMBER, resolved from a FamilyAccount by
portal.principals) sees ONLY, of their own family: who their lead worker is and who to call
instead (the current lead arrangement), the plan's goals in the family's words and the agreed
actions, the scores of those goals, the next review, and the hub sessions they (or, for a
parent, their children under 13) are enrolled on; and their own answers to the relationship
check. Goals about nobody in particular are the whole family's; a goal about one person is
theirs (and, for a child under 13, their parents'). Never another member's private goal (a
goal about another adult, or a young person's own goal seen by a parent), never case notes,
assessments, the chronology or anything of another family: every other record type has no
rule for this kind, so the registry answers 404.

Practitioners see a family's accounts and relationship checks with the family's casework
(VIEW only: the answers are the family's and no worker may change them); the lead practitioner
invites. A worker sees their own relationship scores; a team manager their teams'.
"""

from __future__ import annotations

from django.db.models import Q
from django.utils import timezone

from access import registry
from access.principals import Principal, PrincipalKind, Purpose, principal_for
from casework.policy import can_view_casework, casework_record_q, is_lead_practitioner
from organisations.models import Role

from .models import FamilyAccount, MemberKind, RelationshipCheck

FAMILY = PrincipalKind.FAMILY_MEMBER
NOTHING = Q(pk__in=[])
YOUNG_PERSON_MIN_AGE = 13
LEAD_ROLES = frozenset({Role.FAMILY_WORKER, Role.SOCIAL_WORKER})  # who leads work with families


def _p(actor) -> Principal:
    return principal_for(actor)


def is_family_member(actor) -> bool:
    return _p(actor).kind == FAMILY


def account_of(actor) -> FamilyAccount | None:
    """The signed-in family member's own account (read once per request)."""
    p = _p(actor)
    if p.kind != FAMILY or p.user_id is None:
        return None
    return p.remember(
        ("portal_account",),
        lambda: (
            FamilyAccount.objects.select_related("family", "person")
            .filter(user_id=p.user_id, ended_at__isnull=True, activated_at__isnull=False)
            .first()
        ),
    )


def _children_ids(account: FamilyAccount) -> list[int]:
    """A parent's children under 13 in the family (their goals and places are the parent's
    too). A young person of 13 or over has their own goals, which a parent does not see."""
    from people.models import Membership

    today = timezone.localdate()
    day = min(today.day, 28) if today.month == 2 else today.day  # 29 February
    born_after = today.replace(year=today.year - YOUNG_PERSON_MIN_AGE, day=day)
    return list(
        Membership.objects.filter(family_id=account.family_id, role="child", left_on=None)
        .filter(Q(person__date_of_birth__gt=born_after) | Q(person__date_of_birth=None))
        .values_list("person_id", flat=True)
    )


def _children(p: Principal, account: FamilyAccount) -> list[int]:
    if account.kind != MemberKind.PARENT:
        return []
    return p.remember(("portal_children",), lambda: _children_ids(account))


def _people_for(p: Principal, account: FamilyAccount) -> list[int]:
    """Whose goals and enrolments this member sees: their own, and a parent their children's."""
    return [account.person_id, *_children(p, account)]


# --- Record rules for the family member -----------------------------------------------------


def goal_q(p: Principal, purpose: Purpose, path: str = "") -> Q:
    """The current plan's goals for the whole family (no person), and those about someone this
    member sees (themselves; a parent, their children). Nothing about another adult."""
    account = account_of(p)
    if account is None:
        return NOTHING
    return Q(**{f"{path}plan__family_id": account.family_id, f"{path}plan__ended_on": None}) & (
        Q(**{f"{path}person__isnull": True})
        | Q(**{f"{path}person_id__in": _people_for(p, account)})
    )


def action_q(p: Principal, purpose: Purpose) -> Q:
    """The agreed actions of the current plan: those for a goal this member sees, or for no
    goal; never one a named other adult owns (their own treatment, say)."""
    account = account_of(p)
    if account is None:
        return NOTHING
    q = Q(plan__family_id=account.family_id, plan__ended_on=None)
    q &= Q(goal__isnull=True) | Q(goal__in=_goal_ids(p))
    return q & (Q(owner_person__isnull=True) | Q(owner_person_id__in=_people_for(p, account)))


def _goal_ids(p: Principal):
    from casework.models import Goal

    return Goal.objects.filter(goal_q(p, Purpose.VIEW)).values("pk")


def _own_family_q(p: Principal, path: str = "family") -> Q:
    account = account_of(p)
    return NOTHING if account is None else Q(**{f"{path}_id": account.family_id})


def _enrolment_q(p: Principal, purpose: Purpose) -> Q:
    account = account_of(p)
    if account is None:
        return NOTHING
    return Q(family_id=account.family_id, person_id__in=_people_for(p, account))


def _session_q(p: Principal, purpose: Purpose) -> Q:
    from hubs.models import Enrolment

    return Q(pk__in=Enrolment.objects.filter(_enrolment_q(p, purpose)).values("session_id"))


def _own_q(path: str):
    def q(p: Principal, purpose: Purpose) -> Q:
        return NOTHING if p.user_id is None else Q(**{path: p.user_id})

    return q


def _check_q(p: Principal, purpose: Purpose) -> Q:
    account = account_of(p)
    return NOTHING if account is None else Q(account_id=account.pk)


# --- Practitioners ----------------------------------------------------------------------------


def can_invite(actor, family) -> bool:
    """The family's lead practitioner invites its members."""
    p = _p(actor)
    return p.is_practitioner and is_lead_practitioner(p, family)


def can_see_family_voice(actor, family) -> bool:
    return _p(actor).is_practitioner and can_view_casework(actor, family, "plan")


def relationship_scope_q(actor) -> Q:
    """The relationship checks a practitioner may count on the relationship page: about
    themselves, and a team manager about the workers of the teams they manage."""
    p = _p(actor)
    if not p.is_practitioner or p.practitioner_id is None:
        return NOTHING
    q = Q(worker_id=p.practitioner_id)
    if p.managed_team_ids:
        q |= Q(worker__team_id__in=p.managed_team_ids)
    return q


def sees_team_relationships(actor) -> bool:
    return bool(_p(actor).managed_team_ids)


def is_young_enough(age: int | None) -> bool:
    return age is not None and age >= YOUNG_PERSON_MIN_AGE


def invitee_kind(member_role: str, age: int | None) -> str | None:
    """How a member of the family may be invited (None: they may not be): parents and carers,
    other adults in the household, and children aged 13 or over (the lead judges them able)."""
    if member_role == "child":
        return MemberKind.YOUNG_PERSON if is_young_enough(age) else None
    kinds = {"parent_carer": MemberKind.PARENT, "other_adult": MemberKind.OTHER_ADULT}
    return kinds.get(member_role)


def register_rules() -> None:
    from casework.models import Goal, LeadArrangement, Meeting, PlanAction
    from hubs.models import Enrolment, Session
    from outcomes.models import GoalScore

    practitioner = [PrincipalKind.PRACTITIONER]
    for model in (FamilyAccount, RelationshipCheck):
        registry.register(
            model,
            kinds=practitioner,
            purposes=[Purpose.VIEW],
            q=lambda p, purpose: casework_record_q(p, "family", purpose, "plan"),
            predicate=lambda p, obj, purpose: can_see_family_voice(p, obj.family),
            description="with the family's plan; never changed by a worker",
        )
    view, score = [Purpose.VIEW], [Purpose.VIEW, Purpose.EDIT]
    rules = [
        (FamilyAccount, view, _own_q("user_id"), "their own sign-in"),
        (RelationshipCheck, score, _check_q, "their own answers"),
        (Goal, score, goal_q, "the plan's goals for the family, themselves (and children)"),
        (PlanAction, view, action_q, "the agreed actions for the goals they see"),
        (GoalScore, view, lambda p, u: goal_q(p, u, "goal__"), "scores of the goals they see"),
        (LeadArrangement, view, lambda p, u: _own_family_q(p) & Q(ended_on=None), "lead now"),
        (Meeting, view, lambda p, u: _own_family_q(p), "when the next review is"),
        (Enrolment, view, _enrolment_q, "their own (and their children's) places"),
        (Session, view, _session_q, "sessions they have a place on"),
    ]
    for model, purposes, q, description in rules:
        registry.register(model, kinds=[FAMILY], purposes=purposes, q=q, description=description)
    registry.register_capability("is_family_member", is_family_member)
    registry.register_capability("sees_relationships", may_see_relationships)


def may_see_relationships(actor) -> bool:
    """The relationship page: a practitioner who leads work with families (their own scores)
    or manages a team (their teams')."""
    p = _p(actor)
    if not p.is_practitioner or p.practitioner_id is None:
        return False
    return bool(p.managed_team_ids) or p.role in LEAD_ROLES
