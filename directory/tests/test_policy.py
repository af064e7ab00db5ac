"""directory.policy: the directory is public to practitioners, our own offer to everyone;
nobody edits it through a record rule."""

import pytest

from access import registry
from access.principals import ANONYMOUS, Purpose
from directory.factories import HubServiceFactory
from directory.models import Feed, HubService

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("who", ["family_worker", "stranger", "school_dsl"])
def test_every_practitioner_sees_every_service_and_edits_none(request, who):
    service = HubServiceFactory()
    user = request.getfixturevalue(who).user
    assert registry.can(user, service, Purpose.VIEW)
    assert list(registry.visible_to(user, HubService, Purpose.VIEW)) == [service]
    assert not registry.can(user, service, Purpose.EDIT)
    assert not registry.visible_to(user, HubService, Purpose.EDIT).exists()


def test_anonymous_sees_our_own_offer_not_what_we_imported():
    """The open ORUK feed's principal: our services, not another publisher's."""
    ours = HubServiceFactory()
    theirs = HubServiceFactory(hub=None, feed=Feed.objects.create(source="feed.json"))
    assert registry.can(ANONYMOUS, ours, Purpose.VIEW)
    assert not registry.can(ANONYMOUS, theirs, Purpose.VIEW)
    assert list(registry.visible_to(ANONYMOUS, HubService)) == [ours]
    assert not registry.can(ANONYMOUS, ours, Purpose.EDIT)
