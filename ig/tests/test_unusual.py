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
        "looked at 22 different families in the hour from 10am on 20 November (more than 20)"
    ]
    assert items["Cam Colleague"] == ["looked at family records 1 time between 10pm and 6am"]


def test_only_ig_sees_unusual_access(family_worker, client):
    client.force_login(family_worker.user)
    assert client.get("/ig/unusual-access/").status_code == 404


def test_refused_attempts_lockouts_and_many_searches_are_flagged(
    ig_officer, family_worker, colleague, settings
):
    settings.FAMILYHUB = {
        **settings.FAMILYHUB,
        "UNUSUAL_ACCESS": {"refusals_per_day": 2, "searches_per_day": 3},
    }
    families = [FamilyFactory() for _ in range(3)]
    with time_machine.travel(dt.datetime(2026, 11, 20, 10, 5, tzinfo=LONDON), tick=False):
        for family in families:  # refused: records that are not theirs
            audit.record(
                family_worker.user, Verb.DENIED, family, label="", changes={"purpose": "view"}
            )
        for n in range(4):
            audit.record(colleague.user, Verb.SEARCH, None, changes={"count": n})
        audit.record(
            "sign-in",
            Verb.LOCKED_OUT,
            None,
            reason="locked out after 5 failed attempts (the last: sign-in)",
            changes={"email": "someone@example.test", "failures": 5},
        )
    with time_machine.travel(dt.datetime(2026, 11, 22, 9, 0, tzinfo=LONDON), tick=False):
        items = {u.actor_label: u.reasons for u in queries.unusual_access(ig_officer.user)}
    assert items["Fola Worker"] == [
        "was refused 3 times on 20 November (records or actions not theirs; more than 2)"
    ]
    assert items["Cam Colleague"] == ["ran 4 searches or lists on 20 November (more than 3)"]
    assert items["someone@example.test"] == [
        "account someone@example.test was locked out after 5 failed attempts (the last: "
        "sign-in) at 10:05am on 20 November"
    ]
