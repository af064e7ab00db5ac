"""DfE's own rules (csc-validator-be-cin, rulesets cin2025_26 and cin2026_27), run in their
isolated environment: zero errors on the demo borough and on the constructed children, and the
rule's error on each record broken on purpose, shown beside the entry rule that now refuses the
same value (so the two cannot drift apart)."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

import pytest
from django.core.management import call_command

from casework import actions as casework_actions
from casework import messages as msg
from casework.models import Episode
from familyhub import errors
from organisations.factories import InvolvementFactory
from organisations.models import InvolvementRole
from people.actions import clean_person_data
from people.identifiers import upn
from people.models import Person
from returns import cin_census, validator, years

from .conftest import step

D = dt.date


@pytest.fixture(scope="session")
def dfe_env():
    """The validator's environment, made once per machine (and reused by every test)."""
    try:
        return validator.ensure_env()
    except validator.ValidatorUnavailable as exc:  # offline with no cached wheels
        pytest.skip(f"DfE's validator environment could not be made: {exc}")


def _validate(tmp_path: Path, year_text: str) -> validator.Result:
    year = years.parse(year_text)
    path = tmp_path / f"census-{year.end_year}.xml"
    with open(path, "wb") as out:
        cin_census.write_census(year, out)
    return validator.validate(path, year.ruleset)


def _summary(findings) -> list[tuple[str, str, str]]:
    return sorted((f.code, f.child, f.field) for f in findings)


@pytest.mark.django_db
def test_demo_borough_has_no_errors_on_either_ruleset(dfe_env, tmp_path):
    call_command("demo", stdout=io.StringIO(), stderr=io.StringIO())
    for year_text in ("2025-26", "2026-27"):
        result = _validate(tmp_path, year_text)
        assert result.rules > 100
        assert result.rule_crashes == []
        assert _summary(result.errors) == [], year_text
    assert Episode.objects.filter(kind="CIN").count() > 10  # the census had children to check


def test_constructed_children_have_no_errors(dfe_env, census_casework, tmp_path):
    for year_text in ("2025-26", "2026-27"):
        result = _validate(tmp_path, year_text)
        assert _summary(result.errors) == [], year_text
        assert result.rule_crashes == []


def test_upn_with_an_unknown_la_number_rule_1530_and_the_entry_rule(
    dfe_env, census_casework, tmp_path
):
    bad = upn.make(999, 2001, 2023, 12)  # a right check letter, but LA 999 does not exist
    Person.objects.filter(pk=census_casework.ben.pk).update(upn=bad)  # as if loaded long ago
    result = _validate(tmp_path, "2025-26")
    assert ("1530", "CEN002", "UPN") in _summary(result.errors)
    with pytest.raises(errors.RuleViolation) as refused:
        clean_person_data({"upn": bad}, existing=census_casework.ben)
    assert "not a recognised local authority number" in refused.value.field_errors["upn"][0]


def test_unborn_child_with_a_sex_rule_8750_and_the_entry_rule(dfe_env, census_casework, tmp_path):
    Person.objects.filter(pk=census_casework.baby.pk).update(sex="M")
    result = _validate(tmp_path, "2026-27")
    assert ("8750", "CEN003", "Sex") in _summary(result.errors)
    with pytest.raises(errors.RuleViolation) as refused:
        clean_person_data({"sex": "M"}, existing=census_casework.baby)
    assert refused.value.field_errors["sex"] == [errors.UNBORN_SEX]


def test_cp_plan_ending_the_day_it_starts_rule_8840_and_the_entry_rule(
    dfe_env, census_casework, social_worker, tmp_path
):
    e3, cp = census_casework.ben_episodes
    Episode.objects.filter(pk=cp.pk).update(cp_plan_started_on=cp.cp_plan_ended_on)
    result = _validate(tmp_path, "2025-26")
    assert ("8840", "CEN002", "CPPendDate") in _summary(result.errors)
    # At entry: the review conference that would end a plan the day it starts is refused.
    cin, fresh = open_fresh_cp(census_casework, social_worker)
    with pytest.raises(errors.RuleViolation) as refused:
        step(social_worker, fresh, "rcpc_end_plan", rcpc_on=D(2026, 11, 3),
             cp_plan_ended_on=D(2026, 11, 3))  # fmt: skip
    assert "cp_plan_ended_on" in refused.value.field_errors


def test_rc9_after_child_protection_work_rule_2990_and_the_entry_rule(
    dfe_env, census_casework, social_worker, tmp_path
):
    """Closed after assessment (RC8/RC9) means no plan and no section 47 in the episode."""
    e3, cp = census_casework.ben_episodes
    Episode.objects.filter(pk=e3.pk).update(closure_reason="RC9")
    result = _validate(tmp_path, "2025-26")
    assert "2990" in {f.code for f in result.errors if f.child == "CEN002"}
    # At entry: the same closure of an episode with a child protection plan is refused.
    cin, fresh = open_fresh_cp(census_casework, social_worker)
    with pytest.raises(errors.RuleViolation) as refused:
        step(social_worker, cin, "close", closed_on=D(2026, 11, 20), closure_reason="RC9")
    assert refused.value.field_errors["closure_reason"] == [msg.RC8_RC9_AFTER_PLAN]


def open_fresh_cp(family, sw):
    """Ava's new referral (assessment under way) with a child protection plan from
    3 November 2026."""
    import time_machine

    InvolvementFactory(
        family=family, practitioner=sw, role=InvolvementRole.SOCIAL_WORKER, started_on=D(2020, 1, 1)
    )  # the step-down (Cal's) ended the social worker's involvement
    with time_machine.travel(dt.datetime(2026, 11, 25, 12), tick=False):
        cin = casework_actions.episode_open(
            by=sw.user, family=family, child=family.ava, kind="CIN",
            data={"referral_date": D(2026, 10, 1), "referral_source": "6", "primary_need": "N1"},
        )  # fmt: skip
        step(sw, cin, "start_assessment", assessment_started_on=D(2026, 10, 1))
        cp = casework_actions.episode_open(
            by=sw.user, family=family, child=family.ava, kind="CP",
            data={"strategy_discussion_on": D(2026, 10, 2)},
        )  # fmt: skip
        step(sw, cp, "start_s47", s47_started_on=D(2026, 10, 2))
        step(
            sw,
            cp,
            "schedule_icpc",
            s47_ended_on=D(2026, 11, 2),
            icpc_planned_on=D(2026, 11, 3),
            lead_cp_practitioner=sw,
        )
        step(
            sw, cp, "icpc_plan",
            icpc_on=D(2026, 11, 3), cp_plan_started_on=D(2026, 11, 3), cp_category_initial="NEG",
        )  # fmt: skip
    cin.refresh_from_db()
    cp.refresh_from_db()
    return cin, cp
