"""The one loader: every rule set loads, names its sources, is versioned; bad files fail clearly."""

import datetime as dt
import json
import shutil
from pathlib import Path

import pytest

import rules
from rules import loader
from rules.base import KINDS

D = dt.date
DATA = Path(rules.__file__).parent / "data"


def test_every_rule_set_has_a_version_in_force_and_every_rule_names_its_source():
    library = loader.library()
    assert (
        sorted(library)
        == sorted(KINDS)
        == [
            "break_glass",
            "early_warning",
            "front_door",
            "hub_sessions",
            "out_of_hours",
            "pre_proceedings",
            "retention",
            "routing",
            "subject_access",
            "timescales",
            "unit_costs",
            "working_calendar",
        ]
    )
    for name, versions in library.items():
        for ruleset in versions:
            assert ruleset.version, name
            assert ruleset.source.strip(), name
            assert ruleset.effective_from > D(2000, 1, 1), name
            raw = json.loads((DATA / name / f"{ruleset.version}.json").read_text())
            assert set(ruleset.sources) == set(raw["rules"]), name
            assert all(s.strip() for s in ruleset.sources.values()), name
        assert rules.current(name) is versions[-1]


def test_the_rules_the_issue_names_come_from_the_one_package():
    ts = rules.current("timescales")
    assert (ts.assessment_working_days, ts.sustained_outcome_check_months) == (45, 6)
    assert "Working Together to Safeguard Children 2026" in ts.sources["assessment_working_days"]
    wt2023 = rules.get("timescales", "wt2023-demo-2")
    assert (
        "Working Together to Safeguard Children 2023" in wt2023.sources["assessment_working_days"]
    )
    assert "Supporting Families" in ts.sources["sustained_outcome_check_months"]
    assert rules.current("front_door").decision_working_days == 1
    assert "Local policy" in rules.current("front_door").sources["decision_working_days"]
    sar = rules.current("subject_access")
    assert sar.response_months == 1
    assert "Art 12(3)" in sar.sources["response_months"]
    assert rules.current("break_glass").minutes == 120
    assert "Local policy" in rules.current("break_glass").sources["minutes"]
    assert rules.calendar().is_bank_holiday(D(2026, 12, 25))


def test_get_and_version_for():
    ts = rules.get("timescales", "wt2023-demo-2")
    assert rules.version_for("timescales", on=D(2024, 1, 1)) is ts
    assert rules.version_for("timescales", on=D(2026, 3, 18)) is ts
    wt2026 = rules.version_for("timescales", on=D(2026, 3, 19))
    assert wt2026.version == "wt2026-demo-1"
    assert rules.current("timescales") is wt2026
    with pytest.raises(rules.RulesError, match="no version of timescales is in force on 2023"):
        rules.version_for("timescales", on=D(2023, 1, 1))
    with pytest.raises(rules.RulesError, match="timescales has no version 'wt1999'"):
        rules.get("timescales", "wt1999")
    with pytest.raises(rules.RulesError, match="no rule set is called 'nonsense'"):
        rules.current("nonsense")


def _later(tmp_path, name, version, effective_from, **changes):
    """A copy of the current version of `name` under a new version, with some values changed."""
    raw = json.loads((DATA / name / f"{rules.current(name).version}.json").read_text())
    raw.update(version=version, effective_from=effective_from)
    for key, value in changes.items():
        raw["rules"][key]["value"] = value
    folder = tmp_path / name
    folder.mkdir(parents=True, exist_ok=True)
    (folder / f"{version}.json").write_text(json.dumps(raw))
    return tmp_path


def test_a_later_version_takes_effect_on_its_day_and_the_older_stays_readable(tmp_path):
    extra = _later(tmp_path, "timescales", "wt2026-test", "2027-01-04", assessment_working_days=20)
    with rules.data_added(extra):
        old = rules.version_for("timescales", on=D(2027, 1, 3))
        new = rules.version_for("timescales", on=D(2027, 1, 4))
        assert (old.version, old.assessment_working_days) == ("wt2026-demo-1", 45)
        assert (new.version, new.assessment_working_days) == ("wt2026-test", 20)
        assert rules.get("timescales", "wt2026-demo-1") is old
        assert [v.version for v in rules.versions("timescales")] == [
            "wt2023-demo-2",
            "wt2026-demo-1",
            "wt2026-test",
        ]
    assert [v.version for v in rules.versions("timescales")] == ["wt2023-demo-2", "wt2026-demo-1"]


def _bad_copy(tmp_path, mutate, name="timescales"):
    source = DATA / name / f"{rules.current(name).version}.json"
    raw = json.loads(source.read_text())
    folder = tmp_path / name
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / source.name
    result = mutate(raw)
    if isinstance(result, Path):  # the mutation moved the file itself
        return result
    path.write_text(raw if isinstance(raw, str) else json.dumps(raw))
    return path


def _set(key, value):
    return lambda raw: raw["rules"][key].__setitem__("value", value)


BAD = [
    ("missing_field", lambda raw: raw.pop("effective_from"), "missing effective_from"),
    ("unknown_field", lambda raw: raw.update(colour="blue"), "unknown field\\(s\\) colour"),
    ("wrong_name", lambda raw: raw.update(name="timetables"), "does not match its folder"),
    ("wrong_version", lambda raw: raw.update(version="x"), "does not match the file name"),
    ("bad_date", lambda raw: raw.update(effective_from="15/12/2023"), "must be a date"),
    ("no_set_source", lambda raw: raw.update(source=" "), "must name its source"),
    (
        "rule_without_source",
        lambda raw: raw["rules"]["icpc_working_days"].pop("source"),
        "rule 'icpc_working_days' must be",
    ),
    (
        "blank_rule_source",
        lambda raw: raw["rules"]["icpc_working_days"].update(source=""),
        "rule 'icpc_working_days' must name its source",
    ),
    (
        "missing_rule",
        lambda raw: raw["rules"].pop("later_rcpc_months"),
        "rule 'later_rcpc_months' is missing",
    ),
    (
        "unknown_rule",
        lambda raw: raw["rules"].update(lunch_minutes={"value": 30, "source": "local"}),
        "unknown rule\\(s\\) 'lunch_minutes'",
    ),
    ("text_for_number", _set("assessment_working_days", "45"), "must be a whole number"),
    ("true_for_number", _set("assessment_working_days", True), "must be a whole number"),
    ("zero_days", _set("assessment_working_days", 0), "must be at least 1"),
]


@pytest.mark.parametrize(("label", "mutate", "message"), BAD, ids=[b[0] for b in BAD])
def test_a_bad_file_fails_clearly_naming_the_file(tmp_path, label, mutate, message):
    path = _bad_copy(tmp_path, mutate)
    with pytest.raises(rules.RulesError, match=message) as exc:
        rules.read_file(path)
    assert str(exc.value).startswith(f"timescales/{rules.current('timescales').version}.json: ")


def test_bad_json_and_bad_calendar_values_fail_clearly(tmp_path):
    path = tmp_path / "timescales" / "wt2023-demo-2.json"
    path.parent.mkdir()
    path.write_text("{not json")
    with pytest.raises(rules.RulesError, match="cannot be read as JSON"):
        rules.read_file(path)
    for key, value, message in [
        ("timezone", "Europe/Londres", "must be an IANA time zone"),
        ("working_hours", {"start": "17:00", "end": "09:00"}, "must end after it starts"),
        ("working_weekdays", [0, 7], "weekdays are numbered 0"),
        ("bank_holidays", "scotland", "must be one of"),
        ("extra_closure_days", ["Christmas"], "must be a list of dates"),
    ]:
        path = _bad_copy(tmp_path / key, _set(key, value), name="working_calendar")
        with pytest.raises(rules.RulesError, match=message):
            rules.read_file(path)


def test_an_unknown_rule_set_fails(tmp_path):
    def move(raw):
        folder = tmp_path / "lunch"
        folder.mkdir()
        raw["name"] = "lunch"
        (folder / f"{raw['version']}.json").write_text(json.dumps(raw))
        return folder / f"{raw['version']}.json"

    with pytest.raises(rules.RulesError, match="no rule set is called 'lunch'"):
        rules.read_file(_bad_copy(tmp_path, move))


def test_the_library_refuses_a_version_given_twice_or_two_on_one_day(tmp_path):
    twice = tmp_path / "twice"
    shutil.copytree(DATA / "timescales", twice / "timescales")
    with (
        pytest.raises(rules.RulesError, match="version 'wt20[0-9]{2}-demo-[0-9]' is given twice"),
        rules.data_added(twice),
    ):
        loader.library()
    same_day = _later(tmp_path / "same", "timescales", "wt2023-demo-3", "2023-12-15")
    with (
        pytest.raises(rules.RulesError, match="two versions take effect on the same day"),
        rules.data_added(same_day),
    ):
        loader.library()
    assert rules.current("timescales").version == "wt2026-demo-1"  # the good library again
