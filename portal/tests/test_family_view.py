"""The family member's own page: who their worker is and who to call instead, their goals and
the agreed actions, scoring a goal, and "how the help feels" (answers nobody else can change)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from access import registry
from access.principals import Purpose
from audit.models import AuditEvent
from casework import actions as casework_actions
from outcomes.models import GoalScore
from portal import actions
from portal.models import AnswersAreTheirs, RelationshipCheck
from portal.tests.helpers import PASSWORD, build_household, sign_in
from tests.authorisation_cast import fresh

ANSWERS = {"open": "4", "honest": "5", "reliable": "3", "persistent": "4", "listened": "5"}


@pytest.fixture
def household(smith_family, family_worker, colleague):
    return build_household(
        smith_family, family_worker, colleague, parent=smith_family.kelly, child=smith_family.jaden
    )


def test_the_lead_on_leave_today_shows_the_cover_and_out_of_hours_numbers(household):
    lead = household.lead
    lead.phone, household.cover.phone = "020 7946 0001", "020 7946 0002"
    lead.save(), household.cover.save()
    today = timezone.localdate()
    casework_actions.absence_record(
        by=fresh(lead.user),
        practitioner=lead,
        kind="leave",
        starts_on=today,
        ends_on=today + dt.timedelta(days=3),
    )
    page = sign_in(Client(), household.accounts["parent"]).get(reverse("portal:home"))
    html = page.content.decode()
    assert page.status_code == 200
    assert f"{lead.name} is your worker" in html
    assert "Not working today" in html
    assert "is away until" in html
    assert "Cam Colleague, who is covering" in html
    assert "020 7946 0002" in html
    assert "020 7946 0999" in html  # the emergency duty team (rules/data/out_of_hours)
    assert "call 999" in html
    assert AuditEvent.objects.filter(verb="view", object_type="portal.familyaccount").exists()


@pytest.mark.parametrize(
    ("who", "sees", "never"),
    [
        ("parent", {"family", "child", "parent"}, {"young", "adult"}),
        ("young", {"family", "young"}, {"child", "parent", "adult"}),
        ("adult", {"family", "adult"}, {"child", "parent", "young"}),
    ],
)
def test_each_member_sees_the_familys_goals_and_their_own_never_anothers(
    household, who, sees, never
):
    client = sign_in(Client(), household.accounts[who])
    html = client.get(reverse("portal:home")).content.decode()
    for key in sees:
        assert household.goals[key].text in html
        assert household.actions[key].text in html
        url = reverse("portal:score") + f"?goal={household.goals[key].pk}"
        assert client.get(url).status_code == 200
    for key in never:
        assert household.goals[key].text not in html
        url = reverse("portal:score") + f"?goal={household.goals[key].pk}"
        assert client.get(url).status_code == 404
    for secret in ("SECRET-NOTE", "SECRET-WORRY", "SECRET-MINUTES"):
        assert secret not in html


def test_a_member_scores_a_goal_and_the_worker_sees_it(household, family_worker):
    client = sign_in(Client(), household.accounts["parent"])
    goal = household.goals["family"]
    url = reverse("portal:score") + f"?goal={goal.pk}"
    assert "Choose a number" in client.post(url, {}).content.decode()
    assert client.post(url, {"score": "7"}).status_code == 302
    score = GoalScore.objects.get(goal=goal)
    assert (score.score, score.by_id) == (7, household.accounts["parent"].user_id)
    assert AuditEvent.objects.filter(verb="create", object_type="outcomes.goalscore").exists()
    assert registry.can(fresh(family_worker.user), score, Purpose.VIEW)
    assert "7 out of 10" in client.get(reverse("portal:home")).content.decode()


def test_the_relationship_check_is_answered_once_after_a_review(household):
    client = sign_in(Client(), household.accounts["young"])
    home = client.get(reverse("portal:home")).content.decode()
    assert "Tell us how the help feels" in home
    page = client.get(reverse("portal:check")).content.decode()
    assert "My worker tells me the truth" in page  # a young person's own wording
    missing = client.post(reverse("portal:check"), {"open": "4"}).content.decode()
    assert "Choose an answer" in missing
    sent = client.post(reverse("portal:check"), {**ANSWERS, "better": "Text me first"})
    assert sent.status_code == 302
    check = RelationshipCheck.objects.get()
    assert (check.person, check.worker, check.review) == (
        household.young,
        household.lead,
        household.review,
    )
    assert check.wording == "young_person"
    assert check.listened == 5
    assert AuditEvent.objects.filter(verb="create", object_type="portal.relationshipcheck").exists()
    assert "Tell us how the help feels" not in client.get(reverse("portal:home")).content.decode()
    again = client.get(reverse("portal:check")).content.decode()
    assert "nothing to answer now" in again
    assert "Text me first" in again


def test_the_answers_are_theirs_no_worker_can_change_them(household, family_worker, manager):
    client = sign_in(Client(), household.accounts["parent"])
    client.post(reverse("portal:check"), ANSWERS)
    check = RelationshipCheck.objects.get()
    for worker in (family_worker, manager):
        user = fresh(worker.user)
        assert registry.can(user, check, Purpose.VIEW)
        assert not registry.can(user, check, Purpose.EDIT)
    check.listened = 1
    with pytest.raises(AnswersAreTheirs):
        check.save()
    with pytest.raises(AnswersAreTheirs):
        RelationshipCheck.objects.filter(pk=check.pk).update(listened=1)
    with pytest.raises(AnswersAreTheirs):
        RelationshipCheck.objects.all().delete()
    assert RelationshipCheck.objects.get().listened == 5
    # The family page shows them, and offers no way to change them.
    worker_client = Client()
    worker_client.force_login(family_worker.user)
    html = worker_client.get(reverse("people:family", args=[household.family.pk])).content.decode()
    assert 'data-testid="family-voice-table"' in html
    assert "<svg" in html
    assert "/how-the-help-feels/" not in html


def test_another_familys_member_sees_none_of_it(household, other_family, stranger):
    from portal.tests.helpers import member

    outsider = member(other_family, "Ola", "parent_carer", dt.date(1985, 1, 1))
    casework_actions.lead_assign(
        by=fresh(stranger.user), family=other_family, lead=stranger, cover=None, family_say="agreed"
    )
    invited = actions.invite(
        by=fresh(stranger.user),
        family=other_family,
        person=outsider,
        kind="parent",
        age=41,
        role="parent_carer",
    )
    account = actions.redeem(by="test", sign_in_name=invited.sign_in_name, code=invited.code)
    account.account.user.set_password(PASSWORD)
    account.account.user.save()
    client = sign_in(Client(), account.account)
    html = client.get(reverse("portal:home")).content.decode()
    for goal in household.goals.values():
        assert goal.text not in html
        assert client.get(reverse("portal:score") + f"?goal={goal.pk}").status_code == 404
