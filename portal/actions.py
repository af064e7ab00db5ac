"""Writes for the family's own view: the lead invites a family member (a one-time code on a
letter), the code is redeemed once, the family member chooses a password, scores a goal of
the plan and answers "how the help feels". Every one is audited."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import check_password, make_password
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.utils import timezone

import audit
from access import registry
from access.doorway import action, after_commit, deny, permit
from access.principals import Purpose
from audit.models import Verb
from familyhub import errors
from outcomes.models import SCALE_RANGE, GoalScore
from people.actions import chronicle

from . import notify, policy
from .codes import CODE_LENGTH, NAME_LENGTH, email_for, grouped, normalise, random
from .models import QUESTIONS, FamilyAccount, Invitation, MemberKind, RelationshipCheck

MAX_ATTEMPTS = 5


def code_days() -> int:
    days = settings.FAMILYHUB.get("PORTAL_CODE_DAYS", 14)
    return int(str(days))


def _account(by) -> FamilyAccount:
    """The acting family member's own account (NotPermitted for anyone else)."""
    account = policy.account_of(by)
    if account is None:
        deny()
    return account


@dataclass(frozen=True)
class Invited:
    account: FamilyAccount
    invitation: Invitation
    code: str  # shown once, on the letter; only its hash is kept

    @property
    def sign_in_name(self) -> str:
        return grouped(self.account.sign_in_name)


def _check_invitee(family, person, kind: str, judgement: str, age: int | None, role: str):
    errs: dict[str, list[str]] = {}
    wanted: dict[str, str] = {
        MemberKind.PARENT: "parent_carer",
        MemberKind.OTHER_ADULT: "other_adult",
    }
    if kind in wanted and role != wanted[kind]:
        errs["person"] = ["Choose a parent or carer, or a young person aged 13 or over"]
    if kind == MemberKind.YOUNG_PERSON:
        if not policy.is_young_enough(age):
            errs["person"] = ["A young person must be 13 or over to have their own sign-in"]
        elif not judgement.strip():
            errs["judgement"] = ["Say why you judge they are able to use it"]
    if errs:
        raise errors.RuleViolation("", field_errors=errs)


@action
def invite(
    *, by, family, person, kind: str, judgement: str = "", age=None, role="", mobile=""
) -> Invited:
    """The lead invites a parent or carer, or a young person of 13 or over whom they judge able
    (the judgement is recorded). Any earlier unused code for the person stops working."""
    permit(policy.can_invite(by, family))
    _check_invitee(family, person, kind, judgement, age, role)
    now = timezone.now()
    account = FamilyAccount.objects.filter(family=family, person=person, ended_at=None).first()
    if account is None:
        name = random(NAME_LENGTH)
        user = get_user_model().objects.create_user(
            email=email_for(name), password=None, full_name=person.full_name
        )
        account = FamilyAccount.objects.create(
            user=user,
            family=family,
            person=person,
            kind=kind,
            sign_in_name=name,
            judgement=judgement.strip(),
            invited_by=by.user,
        )
    Invitation.objects.filter(account=account, used_at=None, withdrawn_at=None).update(
        withdrawn_at=now
    )
    code = random(CODE_LENGTH)
    invitation = Invitation.objects.create(
        account=account,
        code_hash=make_password(code),
        expires_at=now + dt.timedelta(days=code_days()),
        created_by=by.user,
    )
    audit.record(
        by,
        Verb.CREATE,
        invitation,
        family=family,
        person=person,
        changes={"kind": [None, kind], "expires_at": [None, invitation.expires_at.isoformat()]},
        reason=judgement.strip(),
    )
    chronicle(
        by=by,
        family=family,
        person=person,
        kind="family_voice",
        summary=f"{person.full_name} invited to see the family's page (a letter with a code)",
    )
    if mobile and notify.enabled():
        after_commit(lambda: notify.send_code(mobile, grouped(name_of(account)), grouped(code)))
    return Invited(account, invitation, grouped(code))


def name_of(account: FamilyAccount) -> str:
    return account.sign_in_name


@dataclass(frozen=True)
class Redeemed:
    account: FamilyAccount | None
    problem: str = ""  # "wrong", "expired", "used_up"

    @property
    def ok(self) -> bool:
        return self.account is not None and not self.problem


@action
def redeem(*, by, sign_in_name: str, code: str) -> Redeemed:
    """Check a code typed at the family's first sign-in. A wrong code counts against the
    invitation (void after MAX_ATTEMPTS); a right one is used up and opens the account."""
    now = timezone.now()
    account = (
        FamilyAccount.objects.select_for_update()
        .filter(sign_in_name=normalise(sign_in_name), ended_at=None)
        .select_related("user", "family", "person")
        .first()
    )
    if account is None:
        return Redeemed(None, "wrong")
    invitation = (
        Invitation.objects.select_for_update()
        .filter(account=account, used_at=None, withdrawn_at=None)
        .order_by("-created_at", "-pk")
        .first()
    )
    if invitation is None or invitation.attempts >= MAX_ATTEMPTS:
        return Redeemed(account, "used_up")
    if not check_password(normalise(code), invitation.code_hash):
        # The failed sign-in itself is audited by access.signals (lockout.failed).
        Invitation.objects.filter(pk=invitation.pk).update(attempts=invitation.attempts + 1)
        return Redeemed(account, "wrong")
    if invitation.expires_at <= now:
        return Redeemed(account, "expired")
    Invitation.objects.filter(pk=invitation.pk).update(used_at=now)
    if account.activated_at is None:
        FamilyAccount.objects.filter(pk=account.pk).update(activated_at=now)
        account.activated_at = now
    audit.record(
        by,
        Verb.UPDATE,
        account,
        family=account.family,
        person=account.person,
        changes={"code": ["unused", "used"]},
    )
    return Redeemed(account)


@action
def password_set(*, by, password: str):
    """The family member chooses the password they will sign in with from now on."""
    account = _account(by)
    user = get_user_model().objects.get(pk=by.user_id)
    try:
        validate_password(password, user)
    except ValidationError as exc:
        raise errors.RuleViolation("", field_errors={"password": list(exc.messages)}) from exc
    user.set_password(password)
    user.save(update_fields=["password"])
    audit.record(by, Verb.UPDATE, account, family=account.family, changes={"password": ["", "set"]})
    return user


@action
def goal_score(*, by, goal, score: int) -> GoalScore:
    """A family member scores a goal they see, on the goal's own scale (today's date)."""
    permit(registry.can(by, goal, Purpose.EDIT))
    low, high = SCALE_RANGE[goal.scale]
    if score is None or not low <= score <= high:
        raise errors.RuleViolation("", field_errors={"score": [f"Choose from {low} to {high}"]})
    row = GoalScore.objects.create(
        goal=goal, scale=goal.scale, score=score, scored_on=timezone.localdate(), by=by.user
    )
    account = _account(by)
    audit.record(
        by, Verb.CREATE, row, family=account.family, person=account.person,
        changes={"score": [None, score]},
    )  # fmt: skip
    chronicle(
        by=by,
        family=account.family,
        person=account.person,
        kind="family_voice",
        summary=f"{account.person.full_name} scored a goal: {row.label} ({goal.text})",
    )
    return row


@action
def relationship_check_answer(*, by, review, worker, answers: dict, better: str = ""):
    """'How the help feels', answered once after a review by the family member themselves."""
    account = _account(by)
    permit(review is not None and review.family_id == account.family_id)
    if RelationshipCheck.objects.filter(account=account, review=review).exists():
        raise errors.RuleViolation("You have already answered after this review. Thank you.")
    missing = {q: ["Choose an answer"] for q in QUESTIONS if answers.get(q) not in range(1, 6)}
    if missing:
        raise errors.RuleViolation("", field_errors=missing)
    check = RelationshipCheck.objects.create(
        account=account,
        family=account.family,
        person=account.person,
        worker=worker,
        review=review,
        wording=account.kind,
        better=better.strip(),
        **{q: answers[q] for q in QUESTIONS},
    )
    audit.record(
        by,
        Verb.CREATE,
        check,
        family=account.family,
        person=account.person,
        changes={q: [None, answers[q]] for q in QUESTIONS},
    )
    return check
