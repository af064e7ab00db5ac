"""The Children in Need census XML (DfE's specification; shared/docs/domain.md §5.1).

Written as it is read: children come from casework a chunk at a time and each child's elements
go to the output as soon as the child is done (text escaped for XML), so memory stays flat
however many children the census holds. Element order follows DfE's specification (Header,
then each Child with its identifiers, characteristics and CINdetails modules)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from typing import IO, Any
from xml.sax.saxutils import escape

from django.conf import settings
from django.utils import timezone

from casework.queries.census import CensusChild, CensusEpisode, census_child_count, census_children
from proceedings.queries import census_module5

from .years import CollectionYear

SOFTWARE_CODE = "FamilyHub"
RELEASE = "0.1.0"

Progress = Callable[[int, int], None]


def la_code() -> str:
    """The local authority's three-digit DfE number (FAMILYHUB_LA_CODE)."""
    return str(settings.FAMILYHUB.get("LA_CODE", "001"))


def _iso(day: dt.date | None) -> str:
    return day.isoformat() if day else ""


def _flag(value: bool) -> str:
    return "1" if value else "0"


class _Writer:
    """Elements out as they come: open/close a group, or write a leaf (skipped when empty).
    Each child's elements are gathered as text and written at `flush()`, so the output is
    streamed a child at a time without a call into an XML library per element."""

    def __init__(self, out: IO[bytes]):
        self.out = out
        self.parts: list[str] = []
        self.depth = 0

    def _pad(self) -> str:
        return _PADS[self.depth] if self.depth < len(_PADS) else "\n" + "  " * self.depth

    def open(self, name: str) -> None:
        self.parts.append(f"{self._pad()}<{name}>")
        self.depth += 1

    def close(self, name: str) -> None:
        self.depth -= 1
        self.parts.append(f"{self._pad()}</{name}>")

    def leaf(self, name: str, value: Any) -> None:
        if value is None or value == "":
            return
        text = value.isoformat() if isinstance(value, dt.date) else escape(str(value))
        self.parts.append(f"{self._pad()}<{name}>{text}</{name}>")

    def leaves(self, pairs: Iterable[tuple[str, Any]]) -> None:
        for name, value in pairs:
            self.leaf(name, value)

    def flush(self) -> None:
        self.out.write("".join(self.parts).encode("utf-8"))
        self.parts.clear()


_PADS = ["\n" + "  " * n for n in range(12)]


def _by(day: dt.date | None, reference: dt.date) -> dt.date | None:
    """A date if it had happened by the reference date (else it is reported as not yet)."""
    return day if day and day <= reference else None


def _overlaps(start: dt.date | None, end: dt.date | None, year: CollectionYear) -> bool:
    return bool(start and start <= year.reference_date and (end is None or end >= year.start))


def write_header(w: _Writer, year: CollectionYear, now: dt.datetime) -> None:
    w.open("Header")
    w.open("CollectionDetails")
    w.leaves(
        [("Collection", "CIN"), ("Year", year.end_year), ("ReferenceDate", year.reference_date)]
    )
    w.close("CollectionDetails")
    w.open("Source")
    w.leaves(
        [
            ("SourceLevel", "L"),
            ("LEA", la_code()),
            ("SoftwareCode", SOFTWARE_CODE),
            ("Release", RELEASE),
            ("SerialNo", "001"),
            ("DateTime", now.replace(microsecond=0, tzinfo=None).isoformat()),
        ]
    )
    w.close("Source")
    w.open("Content")
    w.open("CBDSLevels")
    w.leaf("CBDSLevel", "Child")
    w.close("CBDSLevels")
    w.close("Content")
    w.close("Header")


def _identifiers(w: _Writer, p: dict, year: CollectionYear) -> None:
    ref = year.reference_date
    born = p["date_of_birth"]
    w.open("ChildIdentifiers")
    w.leaves(
        [
            ("LAchildID", p["la_child_id"]),
            ("UPN", p["upn"]),
            ("FormerUPN", p["former_upn"]),
            ("UPNunknown", "" if p["upn"] else p["upn_unknown_reason"]),
            ("PersonBirthDate", born),
            ("ExpectedPersonBirthDate", None if born else p["expected_date_of_birth"]),
            ("Sex", p["sex"] or "U"),
            ("PersonDeathDate", _by(p["date_of_death"], ref)),
        ]
    )
    w.close("ChildIdentifiers")


def _characteristics(w: _Writer, p: dict) -> None:
    w.open("ChildCharacteristics")
    # Not recorded is reported as DfE's "information not yet obtained".
    w.leaf("Ethnicity", p["ethnicity"] or "NOBT")
    w.open("Disabilities")
    for code in p["disabilities"] or ["NONE"]:
        w.leaf("Disability", code)
    w.close("Disabilities")
    w.close("ChildCharacteristics")


def _assessment(w: _Writer, e: dict, year: CollectionYear) -> None:
    """The episode's assessment, if it was under way at some point in the year (one that
    ended before 1 April is last year's: DfE rule 8696)."""
    ref = year.reference_date
    started = _by(e["assessment_started_on"], ref)
    done = e["assessment_authorised_on"]
    if not started or (done and done < year.start):
        return
    authorised = _by(done, ref)
    w.open("Assessments")
    w.leaves(
        [
            ("AssessmentActualStartDate", started),
            ("AssessmentInternalReviewDate", _by(e["assessment_completed_on"], ref)),
            ("AssessmentAuthorisationDate", authorised),
        ]
    )
    if authorised and e["assessment_factors"]:
        w.open("FactorsIdentifiedAtAssessment")
        for code in e["assessment_factors"]:
            w.leaf("AssessmentFactors", code)
        w.close("FactorsIdentifiedAtAssessment")
    w.close("Assessments")


def s47_in_year(cp: dict, year: CollectionYear) -> bool:
    """A section 47 enquiry under way at some point in the year (to its conference)."""
    ended = cp["icpc_on"] or cp["s47_ended_on"] or cp["closed_on"]
    return _overlaps(cp["s47_started_on"], ended, year)


def plan_in_year(cp: dict, year: CollectionYear) -> bool:
    return _overlaps(cp["cp_plan_started_on"], cp["cp_plan_ended_on"], year)


def _section47(w: _Writer, cp: dict, year: CollectionYear) -> None:
    ref = year.reference_date
    started = cp["s47_started_on"]
    held = _by(cp["icpc_on"], ref)
    if not s47_in_year(cp, year):
        return
    not_required = bool(cp["icpc_not_required"] and _by(cp["s47_ended_on"], ref))
    w.open("Section47")
    w.leaves(
        [
            ("S47ActualStartDate", started),
            ("InitialCPCtarget", None if not_required else cp["icpc_target"]),
            ("DateOfInitialCPC", held),
            ("ICPCnotRequired", _flag(not_required)),
        ]
    )
    w.close("Section47")


def _protection_plan(w: _Writer, cp: dict, year: CollectionYear) -> None:
    ref = year.reference_date
    if not plan_in_year(cp, year):
        return
    w.open("ChildProtectionPlans")
    w.leaves(
        [
            ("CPPstartDate", cp["cp_plan_started_on"]),
            ("CPPendDate", _by(cp["cp_plan_ended_on"], ref)),
            ("InitialCategoryOfAbuse", cp["cp_category_initial"]),
            ("LatestCategoryOfAbuse", cp["cp_category_latest"] or cp["cp_category_initial"]),
            ("NumberOfPreviousCPP", cp["previous_cp_plans"]),
        ]
    )
    reviews = [d for d in cp["reviews"] if d <= ref]
    if reviews:
        w.open("Reviews")
        for day in reviews:
            w.leaf("CPPreviewDate", day)
        w.close("Reviews")
    w.close("ChildProtectionPlans")


# Module 5 (2026-27 on): pre-proceedings and family group decision-making, in DfE's order.
MODULE_5 = (
    "PPStartDate",
    "LBPSentDate",
    "FGDMMeetingOffer",
    "FGDMMeetingFac",
    "InitialPPMeetingDate",
    "ReviewMeetingsCount",
    "StepDecisionDate",
    "PPOutcome",
    "CourtAppDate",
)


def _pre_proceedings(w: _Writer, rows: list[dict]) -> None:
    for row in rows:
        w.open("PreProceedingsandFGDM")
        w.leaves((name, row.get(name)) for name in MODULE_5)
        w.close("PreProceedingsandFGDM")


def _cin_details(
    w: _Writer, episode: CensusEpisode, year: CollectionYear, module5: list[dict] | None = None
) -> None:
    e, ref = episode.values, year.reference_date
    closed = _by(e["closed_on"], ref)
    w.open("CINdetails")
    w.leaves(
        [
            ("CINreferralDate", e["referral_date"]),
            ("ReferralSource", e["referral_source"]),
            ("PrimaryNeedCode", e["primary_need"]),
            ("CINclosureDate", closed),
            ("ReasonForClosure", e["closure_reason"] if closed else ""),
            ("ReferralNFA", _flag(e["referral_nfa"])),
        ]
    )
    _assessment(w, e, year)
    for start, end in episode.plan_spells:
        if _overlaps(start, end, year):
            w.open("CINPlanDates")
            w.leaves([("CINPlanStartDate", start), ("CINPlanEndDate", _by(end, ref))])
            w.close("CINPlanDates")
    for cp in episode.protection:
        _section47(w, cp, year)
    for cp in episode.protection:
        _protection_plan(w, cp, year)
    _pre_proceedings(w, module5 or [])
    w.close("CINdetails")


def write_child(
    w: _Writer, child: CensusChild, year: CollectionYear, module5: dict | None = None
) -> None:
    """One child; `module5` maps an episode's key to its pre-proceedings (module 5 rows)."""
    w.open("Child")
    _identifiers(w, child.person, year)
    _characteristics(w, child.person)
    for episode in child.episodes:
        _cin_details(w, episode, year, (module5 or {}).get(episode.values["pk"]))
    w.close("Child")


def _module5_of(chunk: list[CensusChild], year: CollectionYear) -> dict:
    if not year.has_module_5:
        return {}
    ids = [e.values["pk"] for child in chunk for e in child.episodes]
    return census_module5(ids, year.start, year.reference_date)


def write_census(
    year: CollectionYear,
    out: IO[bytes],
    *,
    progress: Progress | None = None,
    chunk_size: int = 2000,
    now: dt.datetime | None = None,
) -> int:
    """Write the census for `year` to the binary stream `out`; return how many children.
    `progress(done, total)` is called after each chunk."""
    total = census_child_count(year.start, year.reference_date)
    w = _Writer(out)
    w.parts.append('<?xml version="1.0" encoding="utf-8"?>\n<Message>')
    w.depth = 1
    write_header(w, year, now or timezone.localtime())
    w.open("Children")
    w.flush()
    done = 0
    if progress:
        progress(0, total)
    for chunk in census_children(year.start, year.reference_date, chunk_size=chunk_size):
        module5 = _module5_of(chunk, year)
        for child in chunk:
            write_child(w, child, year, module5)
            w.flush()
        done += len(chunk)
        if progress:
            progress(done, total)
    w.close("Children")
    w.depth = 0
    w.parts.append("\n</Message>\n")
    w.flush()
    return done
