"""Record rules for outcomes (registered from OutcomesConfig.ready): goal scores are seen with
the family plan, a six-month sustained outcome check with the assessment whose needs it asks
about (a partner sees either only when the family shared that section, or when it leads the
work); both are recorded by those who record the family's casework.

The family-level rules are still in access.policy (the kernel is moving them to their apps);
each rule here is a predicate and the queryset filter that agrees with it."""

from __future__ import annotations

from django.db.models import Q

from access import policy
from access.principals import Principal, PrincipalKind, Purpose
from access.registry import register
from organisations.models import Role
from people.models import Family

from .models import GoalScore, SustainedOutcomeCheck

PURPOSES = (Purpose.VIEW, Purpose.EDIT)


def _families(q: Q):
    return Family.objects.filter(q).values("pk")


def _led_by(p: Principal) -> Q:
    return Q(lead_arrangements__ended_on__isnull=True, lead_arrangements__lead_id=p.practitioner_id)


def casework_q(p: Principal, purpose: Purpose, *, path: str, section: str) -> Q:
    """The filter that agrees with can_view_casework(p, family, section) (VIEW) and
    can_record_casework(p, family) (EDIT), for records whose family is at `path`."""
    if not p.is_practitioner or p.role not in policy.CASE_ROLES:
        return Q(pk__in=[])
    visible = _families(policy.family_visibility_q(p))
    if purpose == Purpose.EDIT:
        editable = _families(policy.family_visibility_q(p, Purpose.EDIT))
        led = Family.objects.filter(_led_by(p)).values("pk")
        return Q(**{f"{path}__in": editable}) | (
            Q(**{f"{path}__in": visible}) & Q(**{f"{path}__in": led})
        )
    q = Q(**{f"{path}__in": visible})
    if p.role == Role.PARTNER and section not in policy.PARTNER_SECTIONS:
        led = Family.objects.filter(_led_by(p)).values("pk")
        shared = policy._families_sharing(p, section)
        q &= Q(**{f"{path}__in": shared}) | Q(**{f"{path}__in": led})
    return q


def _casework_predicate(family, p: Principal, purpose: Purpose, section: str) -> bool:
    if purpose == Purpose.EDIT:
        return policy.can_record_casework(p, family)
    return policy.can_view_casework(p, family, section)


register(
    GoalScore,
    kinds=[PrincipalKind.PRACTITIONER],
    purposes=PURPOSES,
    q=lambda p, purpose: casework_q(p, purpose, path="goal__plan__family", section="plan"),
    predicate=lambda p, score, purpose: _casework_predicate(
        score.goal.plan.family, p, purpose, "plan"
    ),
    description="Seen with the family plan; recorded by those who record the casework.",
)
register(
    SustainedOutcomeCheck,
    kinds=[PrincipalKind.PRACTITIONER],
    purposes=PURPOSES,
    q=lambda p, purpose: casework_q(p, purpose, path="family", section="assessment"),
    predicate=lambda p, check, purpose: _casework_predicate(check.family, p, purpose, "assessment"),
    description="Seen with the assessment whose needs it asks about; recorded by those who "
    "record the casework.",
)
