"""directory.policy: the directory is public to practitioners; nobody edits it in the app."""

import pytest

from access import registry
from access.principals import ANONYMOUS, Purpose
from directory.factories import HubServiceFactory
from directory.models import HubService

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("who", ["family_worker", "stranger", "school_dsl"])
def test_every_practitioner_sees_every_service_and_edits_none(request, who):
    service = HubServiceFactory()
    user = request.getfixturevalue(who).user
    assert registry.can(user, service, Purpose.VIEW)
    assert list(registry.visible_to(user, HubService, Purpose.VIEW)) == [service]
    assert not registry.can(user, service, Purpose.EDIT)
    assert not registry.visible_to(user, HubService, Purpose.EDIT).exists()


def test_anonymous_sees_nothing():
    service = HubServiceFactory()
    assert not registry.can(ANONYMOUS, service, Purpose.VIEW)
