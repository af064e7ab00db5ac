"""Issue 17, point 7: adding a goal or an action before there is a plan says to agree a plan
first and links to it, instead of a bare 404."""

import pytest
from django.urls import reverse

from conftest import client_for

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("name", ["casework:goal-add", "casework:action-add"])
def test_no_plan_yet_says_agree_a_plan_first(client, family_worker, smith_family, name):
    c = client_for(client, family_worker)
    response = c.get(reverse(name, args=[smith_family.pk]))
    page = response.content.decode()
    assert response.status_code == 200
    assert "Agree a plan first" in page
    assert reverse("casework:plan-edit", args=[smith_family.pk]) in page


def test_someone_who_may_not_record_still_gets_a_404(client, stranger, smith_family):
    c = client_for(client, stranger)
    assert c.get(reverse("casework:goal-add", args=[smith_family.pk])).status_code == 404


def test_members_are_listed_adults_first_then_children_oldest_first(smith_family):
    from casework import queries
    from people.factories import MembershipFactory, PersonFactory

    older = PersonFactory(given_name="Ava", family_name="Smith", date_of_birth="2012-01-01")
    MembershipFactory(family=smith_family, person=older, role="child")
    names = [p.given_name for p in queries.current_members(smith_family)]
    assert names == ["Kelly", "Ava", "Jaden"]
