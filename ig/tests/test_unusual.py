import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import time_machine

import audit
from audit.models import Verb
from ig import queries
from people.factories import FamilyFactory

pytestmark = pytest.mark.django_db
LONDON = ZoneInfo("Europe/London")


def test_many_families_in_an_hour_and_night_views_are_flagged_with_reasons(
    ig_officer, family_worker, colleague
):
    families = [FamilyFactory() for _ in range(22)]
    with time_machine.travel(dt.datetime(2026, 11, 20, 10, 5, tzinfo=LONDON), tick=False):
        for family in families:
            audit.record(family_worker.user, Verb.VIEW, family)
        for family in families[:3]:
            audit.record(colleague.user, Verb.VIEW, family)  # ordinary use
    with time_machine.travel(dt.datetime(2026, 11, 21, 23, 30, tzinfo=LONDON), tick=False):
        audit.record(colleague.user, Verb.VIEW, families[0])
    with time_machine.travel(dt.datetime(2026, 11, 22, 9, 0, tzinfo=LONDON), tick=False):
        items = {u.actor_label: u.reasons for u in queries.unusual_access(ig_officer.user)}
    assert items["Fola Worker"] == [
        "looked at 22 different families in the hour from 10:00 on 20 November (more than 20)"
    ]
    assert items["Cam Colleague"] == ["looked at family records 1 time between 22:00 and 06:00"]


def test_only_ig_sees_unusual_access(family_worker, client):
    client.force_login(family_worker.user)
    assert client.get("/ig/unusual-access/").status_code == 404
