"""The relationship page: a worker sees their own scores, a manager their teams', fewer than 5
answers suppressed (and, where one alone would be, the next smallest withheld), with a chart,
its table and a CSV of the same figures; viewing and downloading are audited."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse

from audit.models import AuditEvent
from organisations.factories import PractitionerFactory
from organisations.models import Role
from people.factories import FamilyFactory, MembershipFactory, PersonFactory
from portal.models import FamilyAccount, RelationshipCheck


def _answers(worker, n: int, listened: int = 4) -> None:
    family = FamilyFactory()
    person = PersonFactory()
    MembershipFactory(family=family, person=person, role="parent_carer")
    user = get_user_model().objects.create_user(email=f"f{person.pk}@family.familyhub.invalid")
    account = FamilyAccount.objects.create(
        user=user,
        family=family,
        person=person,
        kind="parent",
        sign_in_name=f"T{person.pk}",
        invited_by=worker.user,
    )
    for k in range(n):
        RelationshipCheck.objects.create(
            account=account, family=family, person=person, worker=worker, wording="parent",
            open=4, honest=5, reliable=3, persistent=4, listened=listened if k else 2,
        )  # fmt: skip


@pytest.fixture
def team(family_worker, colleague, manager, eh_team, stranger):
    manager.manages.add(eh_team)
    dana = PractitionerFactory(
        user__full_name="Dana Dee", organisation=eh_team.organisation, team=eh_team,
        role=Role.FAMILY_WORKER,
    )  # fmt: skip
    _answers(family_worker, 6)
    _answers(colleague, 3)
    _answers(dana, 8)
    _answers(stranger, 7)  # another organisation's team
    return dana


def _page(practitioner) -> str:
    client = Client()
    client.force_login(practitioner.user)
    response = client.get(reverse("portal:relationships"))
    assert response.status_code == 200
    return response.content.decode()


def test_a_worker_sees_their_own_scores(team, family_worker):
    html = _page(family_worker)
    assert "Fola Worker" in html
    assert "Cam Colleague" not in html
    assert "Dana Dee" not in html
    assert "<svg" in html
    assert ">3.7<" in html  # listened to: one 2 and five 4s
    assert AuditEvent.objects.filter(verb="view", object_label="relationship scores").exists()


def test_fewer_than_5_answers_are_suppressed(team, colleague):
    html = _page(colleague)
    assert "fewer than 5" in html
    assert ">3.3<" not in html  # listened to (2, 4, 4): no figures for 3 answers


def test_a_manager_sees_the_team_with_small_numbers_suppressed(team, manager):
    html = _page(manager)
    for name in ("Dana Dee", "Fola Worker", "Cam Colleague"):
        assert name in html
    assert "Sam Stranger" not in html
    assert "fewer than 5" in html  # Cam: 3 answers
    assert "withheld" in html  # Fola, the next smallest, so Cam's cannot be worked out
    client = Client()
    client.force_login(manager.user)
    csv = client.get(reverse("portal:relationships-csv"))
    text = csv.content.decode()
    assert csv["Content-Type"].startswith("text/csv")
    assert "Dana Dee,North early help team,8" in text
    assert "Cam Colleague,North early help team,fewer than 5,,,,,," in text
    assert AuditEvent.objects.filter(verb="export", object_label="relationship scores (team)")


def test_partners_and_family_members_get_404(school_dsl):
    client = Client()
    client.force_login(school_dsl.user)
    assert client.get(reverse("portal:relationships")).status_code == 404
    assert client.get(reverse("portal:relationships-csv")).status_code == 404
