"""outcomes.policy: each rule's predicate and its queryset filter agree, cell by cell."""

import pytest

from access import registry
from access.principals import Purpose, principal_for
from outcomes.factories import GoalScoreFactory
from outcomes.models import GoalScore, SustainedOutcomeCheck

pytestmark = pytest.mark.django_db


@pytest.fixture
def score(smith_family, family_worker):
    return GoalScoreFactory(goal__plan__family=smith_family, by=family_worker.user)


@pytest.mark.parametrize("who", ["family_worker", "colleague", "stranger", "school_dsl"])
@pytest.mark.parametrize("purpose", [Purpose.VIEW, Purpose.EDIT])
def test_predicate_and_filter_agree(request, check, score, who, purpose):
    principal = principal_for(request.getfixturevalue(who).user)
    for obj in (check, score):
        model = type(obj)
        in_filter = registry.visible_to(principal, model, purpose).filter(pk=obj.pk).exists()
        assert registry.can(principal, obj, purpose) == in_filter, (who, model, purpose)


def test_the_family_worker_sees_and_records_both(check, score, family_worker):
    for model in (GoalScore, SustainedOutcomeCheck):
        for purpose in (Purpose.VIEW, Purpose.EDIT):
            assert registry.visible_to(family_worker.user, model, purpose).count() == 1
