"""CIN census 2026-27 module 5 (PreProceedingsandFGDM) from the pre-proceedings records: the
block inside the child's CINdetails, in DfE's order, with the flags and counts DfE's rules read
(csc-validator-be-cin cin2026_27 rules 9005-9015Q), none in 2025-26; and DfE's validator in its
isolated environment finds no error in the census with module 5 in it."""

from __future__ import annotations

import datetime as dt
import io
import xml.etree.ElementTree as ET  # noqa: S405 - our own census output

import pytest

from proceedings import actions
from returns import cin_census, validator, years

from .test_actions import meeting, offer, timeline

D = dt.date


@pytest.fixture
def concluded(begun, social_worker, hill):
    """Both parents offered in the letter (Rose accepts, Tom refuses), the family's meeting,
    the initial and two review meetings, the step decision for proceedings and the application."""
    timeline(social_worker, begun, letter_sent_on=D(2026, 9, 10))
    offer(social_worker, begun, hill.rose, D(2026, 9, 10), "accepted", D(2026, 9, 14))
    offer(social_worker, begun, hill.tom, D(2026, 9, 10), "refused", D(2026, 9, 15))
    meeting(social_worker, begun, "initial", D(2026, 9, 21))
    meeting(
        social_worker, begun, "fgdm", D(2026, 10, 1), family_attended=[hill.rose, hill.june],
        family_plan="Nan June will have Mia after school every day.",
    )  # fmt: skip
    meeting(social_worker, begun, "review", D(2026, 11, 2))
    meeting(social_worker, begun, "review", D(2026, 11, 16))
    timeline(
        social_worker, begun, letter_sent_on=D(2026, 9, 10), step_decision_on=D(2026, 11, 20),
        outcome="A", court_application_on=D(2026, 11, 27),
    )  # fmt: skip
    return begun


def _census(year_text: str) -> ET.Element:
    out = io.BytesIO()
    cin_census.write_census(years.parse(year_text), out)
    return ET.fromstring(out.getvalue())  # noqa: S314 - our own output


def test_module_5_is_written_inside_the_childs_cindetails(concluded):
    root = _census("2026-27")
    blocks = root.findall("./Children/Child/CINdetails/PreProceedingsandFGDM")
    assert len(blocks) == 1
    assert [(e.tag, e.text) for e in blocks[0]] == [
        ("PPStartDate", "2026-09-07"),
        ("LBPSentDate", "2026-09-10"),
        ("FGDMMeetingOffer", "1"),
        ("FGDMMeetingFac", "1"),
        ("InitialPPMeetingDate", "2026-09-21"),
        ("ReviewMeetingsCount", "2"),
        ("StepDecisionDate", "2026-11-20"),
        ("PPOutcome", "A"),
        ("CourtAppDate", "2026-11-27"),
    ]
    # The block is the last element of its CINdetails (after the plans, as DfE's sample).
    details = root.find("./Children/Child/CINdetails")
    assert list(details)[-1].tag == "PreProceedingsandFGDM"


def test_2025_26_has_no_module_5(concluded):
    assert _census("2025-26").findall(".//PreProceedingsandFGDM") == []


def test_under_way_reports_what_has_happened_and_the_exception_reports_no_offer(
    begun, social_worker
):
    actions.fgdm_exception_record(
        by=social_worker.user, proceedings=begun, expected_version=begun.version,
        rationale="A meeting would put the mother at risk from the father.",
        decided_by="Pat Head, head of service", decided_on=D(2026, 9, 8),
    )  # fmt: skip
    timeline(social_worker, begun, letter_sent_on=D(2026, 9, 10))
    block = _census("2026-27").find(".//PreProceedingsandFGDM")
    assert [(e.tag, e.text) for e in block] == [
        ("PPStartDate", "2026-09-07"),
        ("LBPSentDate", "2026-09-10"),
        ("FGDMMeetingOffer", "0"),
    ]


@pytest.fixture(scope="session")
def dfe_env():
    try:
        return validator.ensure_env()
    except validator.ValidatorUnavailable as exc:  # offline with no cached wheels
        pytest.skip(f"DfE's validator environment could not be made: {exc}")


def test_dfe_validator_finds_no_error_with_module_5(dfe_env, concluded, tmp_path):
    year = years.parse("2026-27")
    path = tmp_path / "census.xml"
    with open(path, "wb") as out:
        cin_census.write_census(year, out)
    assert b"<PreProceedingsandFGDM>" in path.read_bytes()
    result = validator.validate(path, year.ruleset)
    assert result.rule_crashes == []
    assert sorted((f.code, f.child, f.field) for f in result.errors) == []
