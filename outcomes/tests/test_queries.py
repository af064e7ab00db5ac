"""outcomes.queries: one check per episode, through the policy, the read audited."""

import pytest
from django.http import Http404

from audit.models import AuditEvent
from outcomes import queries

pytestmark = pytest.mark.django_db


def test_the_check_of_an_episode_is_read_and_the_read_recorded(check, family_worker):
    assert queries.get_outcome_check_for(family_worker.user, check.episode_id) == check
    assert AuditEvent.objects.filter(
        verb="view", object_type="outcomes.sustainedoutcomecheck", object_id=str(check.pk)
    ).exists()


@pytest.mark.parametrize("pk", ["999999", "not-a-number", None])
def test_missing_is_not_found(family_worker, pk):
    with pytest.raises(Http404):
        queries.get_outcome_check_for(family_worker.user, pk)


def test_forbidden_is_not_found_alike(check, stranger):
    with pytest.raises(Http404):
        queries.get_outcome_check_for(stranger.user, check.episode_id)
