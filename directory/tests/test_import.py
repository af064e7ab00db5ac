"""`familyhub directory import`: idempotent, changes update, withdrawn services are marked and
kept, bad records reported with the reason while the rest carry on."""

from __future__ import annotations

import copy
import json
import uuid

import pytest
from django.core.management import CommandError, call_command

from casework.factories import GoalFactory
from casework.models import PlanAction
from directory import actions, feeds
from directory.factories import HubServiceFactory
from directory.models import Contact, HubService, Location, ServiceAtLocation
from familyhub import errors

pytestmark = pytest.mark.django_db


def _id() -> str:
    return str(uuid.uuid4())


def record(name: str, **extra) -> dict:
    """One ORUK service record as another publisher would send it (synthetic)."""
    sid, loc = _id(), _id()
    data = {
        "id": sid,
        "name": name,
        "status": "active",
        "description": f"{name}, run by a charity (test data).",
        "minimum_age": 3,
        "maximum_age": 5,
        "organization": {"id": ORG, "name": "Test Charity", "description": "A charity."},
        "service_at_locations": [
            {
                "id": _id(),
                "service_id": sid,
                "location_id": loc,
                "location": {
                    "id": loc,
                    "location_type": "physical",
                    "name": "Church hall",
                    "latitude": 52.61,
                    "longitude": -1.19,
                    "addresses": [
                        {
                            "id": _id(),
                            "address_1": "1 Church Lane",
                            "city": "Testtown",
                            "state_province": "Testshire",
                            "postal_code": "db1 9zz",
                            "country": "GB",
                            "address_type": "physical",
                        }
                    ],
                },
            }
        ],
        "schedules": [{"id": _id(), "freq": "WEEKLY", "byday": "WE", "opens_at": "10:00"}],
        "contacts": [{"id": _id(), "name": "Pat", "phones": [{"id": _id(), "number": "01234"}]}],
        "cost_options": [{"id": _id(), "option": "Free", "amount": 0}],
        "languages": [{"id": _id(), "name": "Welsh", "code": "cy"}],
        "attributes": [
            {
                "id": _id(),
                "taxonomy_term": {
                    "id": TERM,
                    "name": "Parenting",
                    "description": "Parenting support",
                    "taxonomy": "esdNeed",
                },
            }
        ],
    }
    data.update(extra)
    return data


ORG, TERM = _id(), _id()


def _write(tmp_path, records, name="feed.json"):
    path = tmp_path / name
    path.write_text(json.dumps({"contents": records, "total_items": len(records)}))
    return str(path)


def _import(source):
    return actions.feed_import(by="directory import", source=source, parsed=feeds.read(source))


def _state():
    return sorted(
        (s.name, s.status, s.last_modified, s.withdrawn_at is None, s.contacts.count())
        for s in HubService.objects.all()
    )


def test_a_reimport_changes_nothing(tmp_path):
    source = _write(tmp_path, [record("Little talkers"), record("Stay and play")])
    first = _import(source)
    assert (len(first.created), first.problems) == (2, [])
    service = HubService.objects.get(name="Little talkers")
    assert (service.organisation.name, service.minimum_age, service.hub) == (
        "Test Charity",
        3,
        None,
    )
    (sal,) = service.at_locations.all()
    assert (sal.location.postal_code, sal.location.name) == ("DB1 9ZZ", "Church hall")
    assert [t.name for t in service.terms.all()] == ["Parenting"]
    assert service.contacts.get().phone == "01234"
    before = _state()
    counts = (Location.objects.count(), ServiceAtLocation.objects.count(), Contact.objects.count())

    second = _import(source)
    assert second.counts() == {
        "created": 0,
        "updated": 0,
        "unchanged": 2,
        "withdrawn": 0,
        "problems": 0,
    }
    assert _state() == before
    assert counts == (
        Location.objects.count(),
        ServiceAtLocation.objects.count(),
        Contact.objects.count(),
    )


def test_a_changed_service_updates_and_a_withdrawn_one_is_kept(tmp_path):
    talkers, play = record("Little talkers"), record("Stay and play")
    _import(_write(tmp_path, [talkers, play]))
    gone = HubService.objects.get(name="Stay and play")
    goal = GoalFactory()
    PlanAction.objects.create(
        plan=goal.plan,
        goal=goal,
        text="Go to stay and play",
        service=gone,
        created_by=goal.plan.created_by,
    )
    changed = copy.deepcopy(talkers)
    changed["name"] = "Little talkers (Wednesdays)"
    changed["contacts"][0]["phones"][0]["number"] = "05678"

    report = _import(_write(tmp_path, [changed]))

    assert (report.updated, report.withdrawn) == (
        [f"Little talkers (Wednesdays) ({talkers['id']})"],
        [f"Stay and play ({play['id']})"],
    )
    service = HubService.objects.get(uid=talkers["id"])
    assert service.name == "Little talkers (Wednesdays)"
    assert list(service.contacts.values_list("phone", flat=True)) == ["05678"]
    gone.refresh_from_db()
    assert gone.withdrawn_at is not None
    assert gone.status == "inactive"
    assert gone.plan_actions.count() == 1  # kept: the plan still points at it
    # it comes back if the publisher sends it again
    _import(_write(tmp_path, [changed, play]))
    gone.refresh_from_db()
    assert (gone.withdrawn_at, gone.status) == (None, "active")


def test_bad_records_are_reported_and_the_rest_carry_on(tmp_path):
    ours = HubServiceFactory(name="Our own course")
    good = record("Good one")
    bad = [
        record("No id", id="not-a-uuid"),
        record("", id=_id()),
        record("Odd status", status="open"),
        record("Ages the wrong way round", minimum_age=9, maximum_age=2),
        "just a string",
        record("Clash with ours", id=str(ours.uid)),
    ]
    report = _import(_write(tmp_path, [bad[0], good, *bad[1:]]))
    assert [s.name for s in HubService.objects.filter(feed__isnull=False)] == ["Good one"]
    reasons = [p.reason for p in report.problems]
    assert reasons == [
        "the id is missing or not a UUID",
        "the service has no name",
        "status 'open' is not one of active, inactive, defunct, temporarily closed",
        "minimum_age is above maximum_age",
        "not a service object",
        f"id {ours.uid} is already used by another hub service",
    ]
    assert report.problems[0].where == "record 1 (not-a-uuid)"
    ours.refresh_from_db()
    assert ours.name == "Our own course"
    assert ours.feed is None


def test_the_command_reports_and_an_unreadable_feed_changes_nothing(tmp_path, capsys):
    source = _write(tmp_path, [record("Good one"), record("Odd", status="open")])
    call_command("directory", "import", source)
    out, err = capsys.readouterr()
    assert "1 new, 0 changed, 0 unchanged, 0 withdrawn, 1 could not be read." in out
    assert "status 'open'" in err
    broken = tmp_path / "broken.json"
    broken.write_text("{not json")
    with pytest.raises(CommandError, match="Nothing was changed"):
        call_command("directory", "import", str(broken))
    assert HubService.objects.get().withdrawn_at is None


def test_a_url_feed_is_paged_and_each_service_read_whole():
    one, two = record("First"), record("Second")
    pages = {
        1: {
            "contents": [{"id": one["id"], "name": "First", "status": "active"}],
            "last_page": False,
        },
        2: {
            "contents": [{"id": two["id"], "name": "Second", "status": "active"}],
            "last_page": True,
        },
    }
    asked = []

    def fetch(url):
        asked.append(url)
        if "/services?" in url:
            return pages[int(url.split("page=")[1].split("&")[0])]
        wanted = url.rsplit("/", 1)[1]
        return next(r for r in (one, two) if r["id"] == wanted)

    parsed = feeds.read("https://feed.example/api/services", fetch)
    assert [r["name"] for r in parsed.records] == ["First", "Second"]
    assert [r["languages"][0]["name"] for r in parsed.records] == ["Welsh", "Welsh"]
    assert asked[0] == "https://feed.example/api/services?page=1&per_page=100"


def test_only_the_hub_coordinator_or_the_system_imports(tmp_path, family_worker):
    source = _write(tmp_path, [record("Good one")])
    with pytest.raises(errors.NotPermitted):
        actions.feed_import(by=family_worker.user, source=source, parsed=feeds.read(source))
    assert not HubService.objects.exists()
