"""directory.queries: the services a plan action can be."""

import pytest

from directory import queries
from directory.factories import HubServiceFactory

pytestmark = pytest.mark.django_db


def test_only_services_the_hubs_run_now_can_be_chosen():
    running = HubServiceFactory(name="Triple P parenting programme", hub__name="North Hub")
    HubServiceFactory(status="defunct")
    HubServiceFactory(status="temporarily closed")
    assert list(queries.hub_services_for_choice()) == [running]
    assert str(running) == "Triple P parenting programme (North Hub)"
