"""DfE's daily collection made whole: workers by Social Work England number, looked-after
spells as placements, purges for what has gone since the last sending, a log of every sending,
and the push (off by default) to a stub of DfE's endpoint that checks the schema."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from casework import actions as casework_actions
from people.models import Person
from returns import actions, daily, push, tasks
from returns.models import DailySend, DailySentChild, SendStatus
from returns.tests.stub_dfe import StubDfE
from returns.tests.test_daily import OPENAPI, _validate

BEN_DAY = dt.date(2025, 11, 20)
TOKEN = "synthetic-token"


@pytest.fixture(scope="module")
def document():
    if not OPENAPI.exists():
        pytest.skip(f"The shared OpenAPI document is not at {OPENAPI}")
    return json.loads(OPENAPI.read_text())


@pytest.fixture
def schema(document):
    return document["components"]["schemas"]["CSC"]


def _ben(day=BEN_DAY) -> dict:
    (body,) = list(daily.bodies(day))
    return next(c for c in body if c["la_child_id"] == "CEN002")


def test_workers_are_sent_by_social_work_england_number(census_casework, social_worker,
                                                        csc_manager, schema):  # fmt: skip
    social_worker.swe_number = "SW123456"
    social_worker.save(update_fields=["swe_number"])
    (episode,) = _ben()["social_care_episodes"]
    workers = {w["worker_id"]: w for w in episode["care_worker_details"]}
    assert set(workers) == {"SW123456", f"FH{csc_manager.pk}"}  # no number: the app's own id
    assert workers["SW123456"]["start_date"] == "2025-01-06"  # from the referral, not 2020
    # Cal's step-down (4 July 2025) ended the social workers' involvement with the family
    assert workers["SW123456"]["end_date"] == "2025-07-04"
    assert _validate(schema, list(daily.bodies(BEN_DAY))[0]) == []


def test_a_looked_after_spell_is_sent_as_a_placement_with_what_the_record_has(
    census_casework, social_worker, schema
):
    e3, _ = census_casework.ben_episodes
    casework_actions.episode_mark_looked_after(
        by=social_worker.user, episode=e3, from_on=dt.date(2025, 3, 1), legal_status="V2"
    )
    (episode,) = _ben()["social_care_episodes"]
    assert episode["child_looked_after_placements"] == [
        {"child_looked_after_placement_id": f"CLA{e3.pk}", "start_date": "2025-03-01",
         "purge": False}
    ]  # fmt: skip
    for body in daily.bodies(BEN_DAY):
        assert _validate(schema, body) == []


def _sent_before(person_id, day, ids, la_child_id="CEN002"):
    """A sending on an earlier day, as the log keeps it."""
    send = DailySend.objects.create(
        day=day, purpose="t", by_label="t", status="written", sha256="0" * 64
    )
    return DailySentChild.objects.create(
        send=send, day=day, person_id=person_id, la_child_id=la_child_id, ids=ids
    )


def test_what_was_sent_before_and_is_gone_now_is_purged(census_casework, schema):
    e3, cp = census_casework.ben_episodes
    before = _ben()
    gone = daily.ids_of(before)
    gone[f"CIN{e3.pk}"].append("CINP999-1")  # a plan spell sent before, since removed
    gone["CIN999"] = ["CFA999"]  # an episode sent before, since removed
    _sent_before(census_casework.ben.pk, BEN_DAY - dt.timedelta(days=3), gone)
    ben = _ben()
    episodes = {e["social_care_episode_id"]: e for e in ben["social_care_episodes"]}
    assert episodes["CIN999"] == {"social_care_episode_id": "CIN999", "purge": True}
    assert {"child_in_need_plan_id": "CINP999-1", "purge": True} in episodes[f"CIN{e3.pk}"][
        "child_in_need_plans"
    ]
    assert episodes[f"CIN{e3.pk}"]["child_protection_plans"][0]["purge"] is False
    assert _validate(schema, list(daily.bodies(BEN_DAY))[0]) == []
    # the same day again gives the same bodies (sendings on the day itself are not compared)
    actions.daily_export_to_file(by=actions.SYSTEM_ACTOR, day=BEN_DAY, path=_tmp(), purpose="t")
    assert _ben() == ben


def _tmp():
    import tempfile
    from pathlib import Path

    return Path(tempfile.mkdtemp()) / "day.json"


def test_a_child_deleted_since_the_last_sending_is_purged_whole_once(census_casework, schema):
    missing = (Person.objects.order_by("-pk").values_list("pk", flat=True).first() or 0) + 1000
    _sent_before(missing, dt.date(2025, 11, 1), {"CIN1": []}, la_child_id="GONE01")
    (body,) = list(daily.bodies(BEN_DAY))
    assert {"la_child_id": "GONE01", "mis_child_id": f"P{missing}", "purge": True} in body
    assert _validate(schema, body) == []
    actions.daily_export_to_file(by=actions.SYSTEM_ACTOR, day=BEN_DAY, path=_tmp(), purpose="t")
    log = DailySend.objects.get(day=BEN_DAY)
    assert (log.children, log.purged) == (2, 1)
    assert DailySentChild.objects.get(send=log, person_id=missing).purged
    later = dt.date(2025, 11, 21)
    assert all(c["la_child_id"] != "GONE01" for b in daily.bodies(later) for c in b)  # sent once


def test_the_push_is_off_unless_configured(census_casework, monkeypatch):
    monkeypatch.delenv("FAMILYHUB_DAILY_PUSH_URL", raising=False)
    assert push.config() is None
    from familyhub import errors

    with pytest.raises(errors.RuleViolation, match="switched off"):
        actions.daily_push_start(by=actions.SYSTEM_ACTOR, day=BEN_DAY, purpose="t",
                                 then=lambda pk: None)  # fmt: skip
    assert not DailySend.objects.exists()


def test_the_push_reaches_the_stub_which_checks_the_schema_and_retries(
    census_casework, document, monkeypatch, django_capture_on_commit_callbacks
):
    with StubDfE(document["components"]["schemas"]["CSC"], TOKEN) as stub:
        monkeypatch.setenv("FAMILYHUB_DAILY_PUSH_URL", stub.base_url)
        monkeypatch.setenv("FAMILYHUB_DAILY_PUSH_TOKEN", TOKEN)
        queued: list[int] = []
        with django_capture_on_commit_callbacks(execute=True):
            send = actions.daily_push_start(
                by=actions.SYSTEM_ACTOR, day=BEN_DAY, purpose="Daily", then=queued.append
            )
        assert queued == [send.pk]
        assert send.status == SendStatus.QUEUED
        stub.fail_next = 1  # DfE busy: the task marks it for a retry and queues itself again
        result = tasks.push_daily.call(send.pk)
        assert result["status"] == SendStatus.RETRYING
        assert stub.received == []
        assert tasks.retry_after(1) == dt.timedelta(minutes=1)
        result = tasks.push_daily.call(send.pk)
        assert result == {"send": send.pk, "status": SendStatus.PUSHED, "attempts": 2}
        assert stub.received == send.bodies
        send.refresh_from_db()
        assert len(send.receipts) == 1
        assert len(send.receipts[0]) == 36
        assert [code for code, _ in stub.refused] == [503]


def test_the_stub_refuses_what_the_schema_refuses(document, monkeypatch):
    """The control: a body the schema refuses is a 400 the push does not retry."""
    with StubDfE(document["components"]["schemas"]["CSC"], TOKEN) as stub:
        monkeypatch.setenv("FAMILYHUB_DAILY_PUSH_URL", stub.base_url)
        monkeypatch.setenv("FAMILYHUB_DAILY_PUSH_TOKEN", TOKEN)
        cfg = push.config()
        with pytest.raises(push.PushFailed) as failed:
            push.post(cfg, [{"la_child_id": "A B"}])
        assert failed.value.status == 400
        assert not failed.value.retryable
        assert push.post(cfg, [{"la_child_id": "AB1"}])
        monkeypatch.setenv("FAMILYHUB_DAILY_PUSH_TOKEN", "wrong")
        with pytest.raises(push.PushFailed, match="401"):
            push.post(push.config(), [{"la_child_id": "AB1"}])
