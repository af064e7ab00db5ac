"""DfE's daily child-level collection (shared/standards/dfe-csc-daily-collection/openapi.json):
the request bodies that would be POSTed for one day's changes. Each child whose child in need or
child protection work had a step recorded that day is sent whole as it stands (so sending a day
twice changes nothing), at most 100 children to a body. Every sub-entity has a stable id of at
most 36 characters ([A-Za-z0-9_-]) made from the record's key, so DfE can match it next time.

Not yet: purge flags (FamilyHub does not delete episodes; a merged-away person would be one),
care worker ids (practitioners have no Social Work England number yet), names and postcodes
(left out until the push is agreed), looked-after placements, the push client itself."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

from casework.queries.census import CensusChild, census_child, changed_on

MAX_CHILDREN = 100  # the schema's maxItems for one request body
EVER = dt.date(1900, 1, 1)


def _compact(d: dict[str, Any]) -> dict[str, Any]:
    """Drop empty values (the schema has no nulls); dates as ISO text."""
    out = {}
    for key, value in d.items():
        if value is None or value == "" or value == []:
            continue
        out[key] = value.isoformat() if isinstance(value, dt.date) else value
    return out


def _details(p: dict) -> dict[str, Any]:
    born = p["date_of_birth"]
    return _compact(
        {
            "unique_pupil_number": p["upn"],
            "former_unique_pupil_number": p["former_upn"],
            "unique_pupil_number_unknown_reason": "" if p["upn"] else p["upn_unknown_reason"],
            "date_of_birth": born,
            "expected_date_of_birth": None if born else p["expected_date_of_birth"],
            "sex": p["sex"] or "U",
            "ethnicity": p["ethnicity"] or "NOBT",
            "disabilities": list(p["disabilities"] or ["NONE"]),
            "purge": False,
        }
    )


def _episode(e, day: dt.date) -> dict[str, Any]:
    v = e.values
    closed = v["closed_on"] if v["closed_on"] and v["closed_on"] <= day else None
    body = {
        "social_care_episode_id": f"CIN{v['pk']}",
        "referral_date": v["referral_date"],
        "referral_source": v["referral_source"],
        "referral_no_further_action_flag": bool(v["referral_nfa"]),
        "closure_date": closed,
        "closure_reason": v["closure_reason"] if closed else "",
        "purge": False,
    }
    if v["assessment_started_on"]:
        body["child_and_family_assessments"] = [
            _compact(
                {
                    "child_and_family_assessment_id": f"CFA{v['pk']}",
                    "start_date": v["assessment_started_on"],
                    "authorisation_date": v["assessment_authorised_on"],
                    "factors": list(v["assessment_factors"] or []),
                    "purge": False,
                }
            )
        ]
    body["child_in_need_plans"] = [
        _compact(
            {
                "child_in_need_plan_id": f"CINP{v['pk']}-{n}",
                "start_date": start,
                "end_date": end,
                "purge": False,
            }
        )  # fmt: skip
        for n, (start, end) in enumerate(e.plan_spells, start=1)
    ]
    body["section_47_assessments"] = [
        _compact(
            {
                "section_47_assessment_id": f"S47{cp['pk']}",
                "start_date": cp["s47_started_on"],
                "icpc_required_flag": not cp["icpc_not_required"],
                "icpc_date": cp["icpc_on"],
                "end_date": cp["s47_ended_on"],
                "purge": False,
            }
        )  # fmt: skip
        for cp in e.protection
        if cp["s47_started_on"]
    ]
    body["child_protection_plans"] = [
        _compact(
            {
                "child_protection_plan_id": f"CPP{cp['pk']}",
                "start_date": cp["cp_plan_started_on"],
                "end_date": cp["cp_plan_ended_on"],
                "purge": False,
            }
        )  # fmt: skip
        for cp in e.protection
        if cp["cp_plan_started_on"]
    ]
    return _compact(body)


def child_body(child: CensusChild, day: dt.date) -> dict[str, Any]:
    p = child.person
    return {
        "la_child_id": p["la_child_id"],
        "mis_child_id": f"P{p['pk']}",
        "purge": False,
        "child_details": _details(p),
        "social_care_episodes": [_episode(e, day) for e in child.episodes],
    }


def bodies(day: dt.date) -> Iterator[list[dict[str, Any]]]:
    """The request bodies for `day`'s changes, each at most MAX_CHILDREN children."""
    batch: list[dict[str, Any]] = []
    for person_id in changed_on(day):
        child = census_child(person_id, EVER, day)
        if child is None or not child.episodes:
            continue
        batch.append(child_body(child, day))
        if len(batch) == MAX_CHILDREN:
            yield batch
            batch = []
    if batch:
        yield batch
