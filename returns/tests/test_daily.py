"""DfE's daily collection: every request body validates against the shared OpenAPI document;
only that day's changed children are sent; ids are stable; a day sent twice is the same."""

from __future__ import annotations

import datetime as dt
import json
import os
from pathlib import Path

import pytest
from django.conf import settings
from jsonschema import Draft7Validator, FormatChecker

from returns import daily

# The shared standards sit beside the repository (../shared/standards, never edited).
STANDARD = "shared/standards/dfe-csc-daily-collection/openapi.json"
OPENAPI = next(
    (d / STANDARD for d in Path(settings.BASE_DIR).resolve().parents if (d / STANDARD).exists()),
    Path(os.environ.get("FAMILYHUB_DAILY_COLLECTION_OPENAPI", STANDARD)),
)


@pytest.fixture(scope="module")
def schema():
    if not OPENAPI.exists():
        pytest.skip(f"The shared OpenAPI document is not at {OPENAPI}")
    return json.loads(OPENAPI.read_text())["components"]["schemas"]["CSC"]


def _validate(schema, body) -> list[str]:
    validator = Draft7Validator(schema, format_checker=FormatChecker())
    return [f"{list(e.path)}: {e.message}" for e in validator.iter_errors(body)]


def test_each_day_sends_only_the_children_changed_that_day(census_casework, schema):
    ben_day = list(daily.bodies(dt.date(2025, 11, 20)))  # every step of Ben's was recorded then
    assert [[c["la_child_id"] for c in body] for body in ben_day] == [["CEN002"]]
    assert list(daily.bodies(dt.date(2025, 11, 21))) == []
    for day in (dt.date(2025, 11, 20), dt.date(2026, 6, 1), dt.date(2026, 11, 25)):
        for body in daily.bodies(day):
            assert _validate(schema, body) == []


def test_a_child_is_sent_whole_with_stable_ids(census_casework, schema):
    e3, cp = census_casework.ben_episodes
    (body,) = list(daily.bodies(dt.date(2025, 11, 20)))
    (ben,) = body
    assert ben["child_details"]["disabilities"] == ["HAND", "VIS"]
    (episode,) = ben["social_care_episodes"]
    assert episode["social_care_episode_id"] == f"CIN{e3.pk}"
    assert episode["closure_reason"] == "RC7"
    assert episode["section_47_assessments"][0]["section_47_assessment_id"] == f"S47{cp.pk}"
    assert episode["child_protection_plans"] == [
        {
            "child_protection_plan_id": f"CPP{cp.pk}",
            "start_date": "2025-01-28",
            "end_date": "2025-10-20",
            "purge": False,
        }
    ]
    assert list(daily.bodies(dt.date(2025, 11, 20))) == [body]  # idempotent


def test_a_broken_body_fails_the_schema(schema):
    """The control: the check can fail (an id with a space, an invalid date)."""
    bad = [{"la_child_id": "A B", "child_details": {"date_of_birth": "2025-02-30"}}]
    assert len(_validate(schema, bad)) == 2
