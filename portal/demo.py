"""Demo borough: family members who can sign in to their family's page, and what they told us
over a year (relationship checks after each review, their own goal scores), so the family
page's chart and the relationship page have something real to show. Synthetic data only.

Two well-known family sign-ins are printed by `familyhub demo`: a mother in the casework demo's
early-help family led by Jess Thornton, and a parent in the family whose lead (Kwame Mensah)
is on leave, so the page shows the cover and the out-of-hours numbers."""

from __future__ import annotations

import datetime as dt
import random

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.db.models import QuerySet
from django.utils import timezone

from access import doorway
from casework import actions as casework_actions
from casework.demo import _involve, _parent
from casework.models import FamilyPlan, Goal, LeadArrangement
from demo.structure import DEMO_EMAIL_DOMAIN, DEMO_PASSWORD
from organisations.models import Practitioner
from outcomes.models import GoalScore
from people.models import ChronologyEntry, Family, Membership

from . import actions
from .codes import email_for
from .models import QUESTIONS, FamilyAccount, Invitation, RelationshipCheck

REVIEW_DAYS_AGO = (330, 240, 150, 60)
BETTER = (
    "Text me before you come round",
    "Tell me what happens next",
    "",
    "Come at the same time each week",
    "",
)


def _practitioner(local: str) -> Practitioner | None:
    return (
        Practitioner.objects.select_related("user", "team")
        .filter(user__email=f"{local}@{DEMO_EMAIL_DOMAIN}")
        .first()
    )


def _days_ago(n: int) -> dt.date:
    return timezone.localdate() - dt.timedelta(days=n)


def load_first(*, seed: int = 2026, stdout=None) -> int:
    """Loads nothing: listed before casework so this app's reset runs before casework's."""
    return 0


def is_loaded() -> bool:
    return FamilyAccount.objects.filter(family__is_synthetic=True).exists()


def load_demo(*, seed: int = 2026, stdout=None) -> int:
    jess, kayleigh = _practitioner("family.worker"), _practitioner("kayleigh.barker")
    if jess is None or kayleigh is None:
        return 0
    if not is_loaded():
        with doorway.batch():
            _load(seed, jess, kayleigh)
    accounts = FamilyAccount.objects.filter(
        family__is_synthetic=True, sign_in_name__startswith="DEMOFAM"
    ).select_related("person", "family")
    if stdout is not None:
        stdout.write("")
        stdout.write(
            f"Family sign-ins (synthetic; at /my/sign-in/ with the password {DEMO_PASSWORD}):"
        )
        for a in accounts.order_by("sign_in_name"):
            stdout.write(
                f"  {a.sign_in_name[:4]}-{a.sign_in_name[4:]}  {a.person.full_name}, "
                f"{a.get_kind_display().lower()} ({a.family.reference})"
            )
    return accounts.count()


def _load(seed: int, jess, kayleigh) -> None:
    rng = random.Random(seed)  # noqa: S311 - synthetic data
    # The demo's one synthetic password, hashed once for every family sign-in (argon2 outside
    # the tests: 0.2-0.4 s a hash, and it was hashed again for each family).
    password = make_password(DEMO_PASSWORD)
    led = LeadArrangement.objects.filter(
        family__is_synthetic=True, ended_on=None, family__plans__ended_on=None
    ).order_by("family_id")
    well_known = []
    for local in ("family.worker", "kwame.mensah"):  # Kwame is on leave: Jess covers
        arrangement = led.filter(lead__user__email=f"{local}@{DEMO_EMAIL_DOMAIN}").first()
        if arrangement is not None:
            well_known.append(arrangement.family)
    for n, family in enumerate(well_known, start=1):
        _family_voice(rng, family, password, sign_in_name=f"DEMOFAM{n}", leave_last=True)
    for k, family in enumerate(_new_families(rng, exclude={f.pk for f in well_known})):
        lead, cover = (jess, kayleigh) if k % 2 == 0 else (kayleigh, jess)
        _plan_for(family, lead, cover)
        _family_voice(rng, family, password, sign_in_name=f"DEMOEXT{k}", leave_last=False)


def _new_families(rng, exclude: set[int], count: int = 6) -> list[Family]:
    """Synthetic families with a parent and a child, no lead and no open plan yet (chosen by
    the seed): `_plan_for` gives each a plan, and a family can have only one open plan (the
    casework demo's step-down waiting to be accepted has a plan and no lead)."""
    taken = set(LeadArrangement.objects.values_list("family_id", flat=True)) | exclude
    taken |= set(FamilyPlan.objects.filter(ended_on=None).values_list("family_id", flat=True))
    parents = set(
        Membership.objects.filter(
            role="parent_carer", left_on=None, family__is_synthetic=True
        ).values_list("family_id", flat=True)
    )
    children = set(
        Membership.objects.filter(role="child", left_on=None).values_list("family_id", flat=True)
    )
    ids = sorted((parents & children) - taken)
    chosen = rng.sample(ids, min(count, len(ids)))
    return list(Family.objects.filter(pk__in=chosen, is_restricted=False).order_by("pk"))


def _plan_for(family, lead, cover) -> None:
    _involve(family, lead, "family_worker")
    casework_actions.lead_assign(
        by=lead.user, family=family, lead=lead, cover=cover, family_say="agreed"
    )
    plan = casework_actions.plan_create(
        by=lead.user,
        family=family,
        data={"family_words": "Calmer days at home, and everyone where they need to be."},
    )
    child = Membership.objects.filter(family=family, role="child", left_on=None).first()
    casework_actions.goal_add(by=lead.user, plan=plan, text="We eat together most evenings")
    casework_actions.goal_add(
        by=lead.user,
        plan=plan,
        text="Getting to school on time",
        person=child.person if child else None,
    )


def _family_voice(rng, family, password: str, *, sign_in_name: str, leave_last: bool) -> None:
    """A parent invited (a demo sign-in with the demo password, `password` its hash), reviews
    over the year, and after each the parent's relationship check and goal scores, getting a
    little better as the work goes on."""
    arrangement = LeadArrangement.objects.select_related("lead__user").get(
        family=family, ended_on=None
    )
    lead = arrangement.lead
    parent = Membership.objects.filter(family=family, role="parent_carer", left_on=None).first()
    person = parent.person if parent else _parent(family)
    invited = actions.invite(
        by=lead.user, family=family, person=person, kind="parent", role="parent_carer"
    )
    account = actions.redeem(
        by="demo loader", sign_in_name=invited.sign_in_name, code=invited.code
    ).account
    User = get_user_model()
    User.objects.filter(pk=account.user_id).update(email=email_for(sign_in_name), password=password)
    FamilyAccount.objects.filter(pk=account.pk).update(sign_in_name=sign_in_name)
    user = User.objects.get(pk=account.user_id)
    account.refresh_from_db()
    goals = list(Goal.objects.filter(plan__family=family, plan__ended_on=None, status="active"))
    reviews = [
        casework_actions.meeting_record(
            by=lead.user, family=family, kind="taf_review", held_on=_days_ago(days)
        )
        for days in REVIEW_DAYS_AGO
    ]
    answered = reviews[:-1] if leave_last else reviews
    for step, review in enumerate(answered):
        _check(rng, account, lead, review, step)
        for goal in goals:
            _score(rng, goal, user, review.held_on, step)


def _check(rng, account, lead, review, step: int) -> None:
    base = 2 + step  # help that feels better as the work goes on
    scores = {q: max(1, min(5, base + rng.choice((-1, 0, 0, 1)))) for q in QUESTIONS}
    when = timezone.make_aware(dt.datetime.combine(review.held_on, dt.time(19, 30)))
    RelationshipCheck.objects.create(
        account=account,
        family=account.family,
        person=account.person,
        worker=lead,
        review=review,
        wording=account.kind,
        better=rng.choice(BETTER),
        answered_on=review.held_on,
        answered_at=when,
        **scores,
    )


def _score(rng, goal, user, day: dt.date, step: int) -> None:
    if goal.scale == "gas":
        value = max(-2, min(2, -2 + step + rng.choice((0, 0, 1))))
    else:
        value = max(0, min(10, 2 + 2 * step + rng.choice((-1, 0, 1))))
    GoalScore.objects.create(goal=goal, scale=goal.scale, score=value, scored_on=day, by=user)


def reset_demo() -> None:
    """Remove the demo's family accounts with what they answered and scored (before casework's
    reset, which removes the goals and reviews). The answers' own manager refuses deletes, so
    the plain QuerySet is used: only the demo's reset and the retention schedule remove them."""
    accounts = FamilyAccount.objects.filter(family__is_synthetic=True)
    users = list(accounts.values_list("user_id", flat=True))
    QuerySet(model=RelationshipCheck).filter(account__in=accounts).delete()
    GoalScore.objects.filter(by_id__in=users).delete()
    Invitation.objects.filter(account__in=accounts).delete()
    accounts.delete()
    ChronologyEntry.objects.filter(recorded_by_id__in=users).delete()
    get_user_model().objects.filter(pk__in=users).delete()
