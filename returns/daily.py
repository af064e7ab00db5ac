"""DfE's daily child-level collection (shared/standards/dfe-csc-daily-collection/openapi.json):
the request bodies that would be POSTed for one day's changes. Each child whose child in need or
child protection work had a step recorded that day is sent whole as it stands (so sending a day
twice changes nothing), at most 100 children to a body. Every sub-entity has a stable id of at
most 36 characters ([A-Za-z0-9_-]) made from the record's key, so DfE can match it next time.

- Workers: each social worker involved with the family during the episode (care_worker_details),
  by Social Work England number; a worker without one is sent as FH and the practitioner's key
  (the schema's "alternative unique ID").
- Looked-after placements: FamilyHub records that a child became looked after and from when, not
  the placements themselves (type, postcode, reasons are kept in the LA's SSDA903 system). So
  each looked-after spell is sent as one placement with its id and start date only, which is
  what the schema allows without them.
- Purges: every sending keeps the ids it sent per child (DailySentChild). A day's bodies compare
  each changed child with what was last sent before that day: an episode or sub-entity no
  longer in the record is sent with purge true; a child sent before who has since been deleted
  (erased, destroyed under the retention schedule) or merged into another record is purged
  whole. Comparing with sendings before the day keeps a day's bodies the same however often it
  is sent.

Not sent: names and postcodes (left out until the push is agreed), SDQ scores, adoption and care
leavers (not recorded here)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Q
from django.utils import timezone

from audit.models import AuditEvent, Verb
from casework.models import Episode
from casework.queries.census import CensusChild, census_child, changed_on
from organisations.models import Involvement, InvolvementRole
from people.models import Person

from .models import DailySentChild

MAX_CHILDREN = 100  # the schema's maxItems for one request body
EVER = dt.date(1900, 1, 1)
# Which list of an episode each kind of sub-entity id goes in (by its prefix), and its id key.
SUB_ENTITIES = {
    "CFA": ("child_and_family_assessments", "child_and_family_assessment_id"),
    "CINP": ("child_in_need_plans", "child_in_need_plan_id"),
    "S47": ("section_47_assessments", "section_47_assessment_id"),
    "CPP": ("child_protection_plans", "child_protection_plan_id"),
    "CLA": ("child_looked_after_placements", "child_looked_after_placement_id"),
}
# Audit verbs after which a child sent before may have lost records (looked at on the day).
REMOVING = (Verb.DELETE, Verb.DESTROY, Verb.MERGE, Verb.UNMERGE)


def _compact(d: dict[str, Any]) -> dict[str, Any]:
    """Drop empty values (the schema has no nulls); dates as ISO text."""
    out = {}
    for key, value in d.items():
        if value is None or value == "" or value == []:
            continue
        out[key] = value.isoformat() if isinstance(value, dt.date) else value
    return out


@dataclass
class Extras:
    """What the census read does not carry: each episode's workers and looked-after spell."""

    workers: dict[int, list[dict[str, Any]]] = field(default_factory=dict)
    looked_after: dict[int, dt.date] = field(default_factory=dict)


def worker_id(practitioner_pk: int, swe_number: str) -> str:
    return swe_number or f"FH{practitioner_pk}"


def _extras(child: CensusChild, day: dt.date) -> Extras:
    """Workers: the social workers involved with the child's family (or with the child) while
    the episode was open, and the worker it is allocated to; looked after: the earliest date the
    episode, or a child protection episode within it, records."""
    extras = Extras()
    person_id = child.person["pk"]
    rows = list(
        Episode.objects.filter(child_id=person_id).values(
            "pk", "parent_id", "allocated_to_id", "allocated_to__swe_number", "looked_after_from"
        )
    )
    for row in rows:
        cin = row["parent_id"] or row["pk"]
        if row["looked_after_from"]:
            known = extras.looked_after.get(cin)
            extras.looked_after[cin] = min(filter(None, [known, row["looked_after_from"]]))
    families = {e.values["family_id"] for e in child.episodes}
    involvements = list(
        Involvement.objects.filter(
            family_id__in=families,
            role=InvolvementRole.SOCIAL_WORKER,
            practitioner__isnull=False,
        )
        .filter(Q(person__isnull=True) | Q(person_id=person_id))
        .order_by("started_on", "pk")
        .values(
            "family_id", "practitioner_id", "practitioner__swe_number", "started_on", "ended_on"
        )
    )
    allocated = {r["pk"]: r for r in rows}
    for e in child.episodes:
        v = e.values
        opened, closed = (
            v["referral_date"],
            v["closed_on"] if v["closed_on"] and v["closed_on"] <= day else None,
        )
        workers: dict[str, dict[str, Any]] = {}
        for inv in involvements:
            if inv["family_id"] != v["family_id"] or inv["started_on"] > (closed or day):
                continue
            if inv["ended_on"] and inv["ended_on"] < opened:
                continue
            ended = min(filter(None, [inv["ended_on"], closed]), default=None)
            wid = worker_id(inv["practitioner_id"], inv["practitioner__swe_number"])
            spell = {
                "worker_id": wid,
                "start_date": max(inv["started_on"], opened),
                "end_date": ended,
            }
            known = workers.setdefault(wid, spell)
            if known is not spell:  # more than one involvement: from the first to the last
                known["start_date"] = min(known["start_date"], spell["start_date"])
                open_ = known["end_date"] is None or ended is None
                known["end_date"] = None if open_ else max(known["end_date"], ended)
        mine = allocated.get(v["pk"], {})
        if mine.get("allocated_to_id"):
            wid = worker_id(mine["allocated_to_id"], mine["allocated_to__swe_number"])
            workers.setdefault(wid, {"worker_id": wid, "start_date": opened, "end_date": closed})
        extras.workers[v["pk"]] = [_compact(w) for w in workers.values()]
    return extras


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


def _episode(e, day: dt.date, extras: Extras) -> dict[str, Any]:
    v = e.values
    closed = v["closed_on"] if v["closed_on"] and v["closed_on"] <= day else None
    body = {
        "social_care_episode_id": f"CIN{v['pk']}",
        "referral_date": v["referral_date"],
        "referral_source": v["referral_source"],
        "referral_no_further_action_flag": bool(v["referral_nfa"]),
        "closure_date": closed,
        "closure_reason": v["closure_reason"] if closed else "",
        "care_worker_details": extras.workers.get(v["pk"], []),
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
    looked_after = extras.looked_after.get(v["pk"])
    if looked_after and looked_after <= day:
        body["child_looked_after_placements"] = [
            {
                "child_looked_after_placement_id": f"CLA{v['pk']}",
                "start_date": looked_after.isoformat(),
                "purge": False,
            }
        ]
    return _compact(body)


def child_body(child: CensusChild, day: dt.date) -> dict[str, Any]:
    p = child.person
    extras = _extras(child, day)
    return {
        "la_child_id": p["la_child_id"],
        "mis_child_id": f"P{p['pk']}",
        "purge": False,
        "child_details": _details(p),
        "social_care_episodes": [_episode(e, day, extras) for e in child.episodes],
    }


# --- What was sent before, and purges ---------------------------------------------------------


def ids_of(body: dict[str, Any]) -> dict[str, list[str]]:
    """{episode id: [its sub-entity ids]} of a child's body (purged entries left out)."""
    out: dict[str, list[str]] = {}
    for episode in body.get("social_care_episodes", []):
        if episode.get("purge"):
            continue
        subs = []
        for key, id_key in SUB_ENTITIES.values():
            subs += [s[id_key] for s in episode.get(key, []) if not s.get("purge")]
        out[episode["social_care_episode_id"]] = subs
    return out


def _sent_before(person_ids: list[int], day: dt.date) -> dict[int, DailySentChild]:
    """The latest thing sent about each child before `day`."""
    latest: dict[int, DailySentChild] = {}
    for row in DailySentChild.objects.filter(person_id__in=person_ids, day__lt=day).order_by(
        "person_id", "day", "pk"
    ):
        latest[row.person_id] = row
    return latest


def _kind(sub_id: str) -> tuple[str, str]:
    """The list and id key of a sub-entity, by its id's prefix (the longest that fits)."""
    prefix = max((p for p in SUB_ENTITIES if sub_id.startswith(p)), key=len)
    return SUB_ENTITIES[prefix]


def with_purges(body: dict[str, Any], before: DailySentChild | None) -> dict[str, Any]:
    """The child's body with purge entries for what was sent before and is gone now."""
    if before is None or before.purged:
        return body
    now = ids_of(body)
    episodes = {e["social_care_episode_id"]: e for e in body["social_care_episodes"]}
    for episode_id, subs in before.ids.items():
        if episode_id not in now:
            body["social_care_episodes"].append(
                {"social_care_episode_id": episode_id, "purge": True}
            )
            continue
        for sub_id in subs:
            if sub_id not in now[episode_id]:
                key, id_key = _kind(sub_id)
                episodes[episode_id].setdefault(key, []).append({id_key: sub_id, "purge": True})
    return body


def purged_child(before: DailySentChild) -> dict[str, Any]:
    return {
        "la_child_id": before.la_child_id,
        "mis_child_id": f"P{before.person_id}",
        "purge": True,
    }


def _candidates(day: dt.date) -> list[int]:
    """Children to look at for `day`: those with a step recorded that day, and children sent
    before whose records were removed, merged or un-merged that day or are gone or merged now."""
    start = timezone.make_aware(dt.datetime.combine(day, dt.time.min))
    touched = AuditEvent.objects.filter(
        at__gte=start, at__lt=start + dt.timedelta(days=1), verb__in=REMOVING,
        person_id__isnull=False,
    ).values("person_id")  # fmt: skip
    sent = DailySentChild.objects.filter(day__lt=day)
    gone = sent.exclude(person_id__in=Person.objects.values("pk")).values_list(
        "person_id", flat=True
    )
    merged = sent.filter(
        person_id__in=Person.objects.filter(merged_into__isnull=False).values("pk")
    ).values_list("person_id", flat=True)
    removed = sent.filter(person_id__in=touched).values_list("person_id", flat=True)
    return sorted(set(changed_on(day)) | set(gone) | set(merged) | set(removed))


def children(day: dt.date) -> Iterator[tuple[int, dict[str, Any]]]:
    """(person key, the child's entry) for each child sent for `day`, in key order."""
    ids = _candidates(day)
    merged = set(
        Person.objects.filter(pk__in=ids, merged_into__isnull=False).values_list("pk", flat=True)
    )
    for offset in range(0, len(ids), 500):
        chunk = ids[offset : offset + 500]
        before = _sent_before(chunk, day)
        for person_id in chunk:
            child = None if person_id in merged else census_child(person_id, EVER, day)
            if child is None or not child.episodes:
                if person_id in before and not before[person_id].purged:
                    yield person_id, purged_child(before[person_id])
                continue
            yield person_id, with_purges(child_body(child, day), before.get(person_id))


def bodies(day: dt.date) -> Iterator[list[dict[str, Any]]]:
    """The request bodies for `day`'s changes, each at most MAX_CHILDREN children."""
    batch: list[dict[str, Any]] = []
    for _, entry in children(day):
        batch.append(entry)
        if len(batch) == MAX_CHILDREN:
            yield batch
            batch = []
    if batch:
        yield batch
