"""A household for the family's own view, built through the apps' own actions: a lead with a
cover, a plan whose goals are the whole family's or one person's, agreed actions, a review,
and invited members (a parent, a young person of 14 and another adult) who have signed in."""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace

from django.utils import timezone

from casework import actions as casework_actions
from casework.models import FamilyPlan
from people.factories import MembershipFactory, PersonFactory
from portal import actions
from tests.authorisation_cast import fresh

PASSWORD = "apple river yellow"  # noqa: S105 - test-only


def years_ago(years: int, days: int = 30) -> dt.date:
    today = timezone.localdate()
    return today.replace(year=today.year - years, day=min(today.day, 28)) - dt.timedelta(days=days)


def member(family, given, role, born):
    person = PersonFactory(given_name=given, family_name="Synthetic", date_of_birth=born)
    MembershipFactory(family=family, person=person, role=role)
    return person


def build_household(family, lead, cover, *, parent=None, child=None, review=True):
    """Everyone and everything the family's view shows or hides, for `family` (led by `lead`)."""
    by = fresh(lead.user)
    h = SimpleNamespace(family=family, lead=lead, cover=cover)
    for given in (parent, child):
        if given is not None:
            given.refresh_from_db()  # dates as dates (a factory may have been given text)
    h.parent = parent or member(family, "Cleo", "parent_carer", years_ago(36))
    h.child = child or member(family, "Ada", "child", years_ago(9))
    h.young = member(family, "Eve", "child", years_ago(14))
    h.adult = member(family, "Dev", "other_adult", years_ago(40))
    casework_actions.lead_assign(by=by, family=family, lead=lead, cover=cover, family_say="agreed")
    plan = FamilyPlan.objects.filter(family=family, ended_on=None).first()
    if plan is None:
        plan = casework_actions.plan_create(
            by=by,
            family=family,
            data={"family_words": "Calmer mornings", "worries": "SECRET-WORRY the plan holds"},
        )
    h.plan = plan
    goal = casework_actions.goal_add
    h.goals = {
        "family": goal(by=by, plan=plan, text="We eat breakfast together"),
        "child": goal(by=by, plan=plan, text="Ada gets to school on time", person=h.child),
        "parent": goal(by=by, plan=plan, text="Cleo-PRIVATE sees her GP", person=h.parent),
        "young": goal(by=by, plan=plan, text="Eve-PRIVATE joins a club", person=h.young),
        "adult": goal(by=by, plan=plan, text="Dev-PRIVATE cuts down drinking", person=h.adult),
    }
    act = casework_actions.plan_action_add
    h.actions = {
        who: act(by=by, plan=plan, text=f"Action for {g.text}", goal=g)
        for who, g in h.goals.items()
    }
    casework_actions.case_note_add(
        by=by, family=family, kind="visit", occurred_on=timezone.localdate(), text="SECRET-NOTE"
    )
    if review:
        h.review = casework_actions.meeting_record(
            by=by,
            family=family,
            kind="taf_review",
            held_on=timezone.localdate() - dt.timedelta(days=1),
            minutes="SECRET-MINUTES",
        )
    h.accounts = {}
    for who, person, kind, judgement in (
        ("parent", h.parent, "parent", ""),
        ("young", h.young, "young_person", "Understands the page and wants her own sign-in"),
        ("adult", h.adult, "other_adult", ""),
    ):
        role = {"parent": "parent_carer", "young": "child", "adult": "other_adult"}[who]
        invited = actions.invite(
            by=by,
            family=family,
            person=person,
            kind=kind,
            judgement=judgement,
            age=person.age_on(timezone.localdate()),
            role=role,
        )
        redeemed = actions.redeem(by="test", sign_in_name=invited.sign_in_name, code=invited.code)
        assert redeemed.ok
        user = fresh(redeemed.account.user)
        user.set_password(PASSWORD)
        user.save()
        h.accounts[who] = redeemed.account
    return h


def sign_in(client, account):
    """A signed-in family member's session, as the family sign-in leaves it."""
    from portal.fence import SESSION_KEY

    client.force_login(fresh(account.user))  # as saved, with the password it has now
    session = client.session
    session[SESSION_KEY] = True
    session.save()
    return client
