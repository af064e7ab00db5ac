"""Ofsted's Annex A lists (ILACS inspections; shared/docs/domain.md §5.2 and §10) for a period:
lists 1 to 7, one row per child per event, with the columns Ofsted publishes.

Source of the column names and coded values: Ofsted's Annex A template as reproduced by Data to
Insight (github.com/data-to-insight: ssd-data-model `AnnexA_sqlserver_*.sql`, whose comments
quote each published heading, and the Annex A validator's list configuration). Lists 8 to 11
(children in care, care leavers, adoption, adopters) are for the LA's looked-after system:
FamilyHub does not hold placements, so they are not produced.

Cells FamilyHub does not record are left blank rather than guessed: whether a child was subject
to an emergency protection order or police protection. The published lists carry no address
column, so no address (confidential or not) leaves in them; names are not in them either. Text is
written through familyhub.spreadsheets, which makes formula-like values inert.

Reads only, in key order a chunk at a time (iterator), so a large borough's lists stream."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from django.db.models import Q

from casework.models import Assessment, CaseNote, Episode
from casework.models.assessment import AssessmentKind
from frontdoor.models import ContactPerson

COMMON = ["Child Unique ID", "Gender", "Ethnicity", "Date of Birth", "Age of Child (Years)"]
DISABLED = "Does the Child have a Disability"
ALLOCATED = ["Allocated Team", "Allocated Worker"]
GENDER = {"M": "a) Male", "F": "b) Female", "U": "c) Not stated/recorded", "I": "d) Neither"}
ETHNICITY_ORDER = [
    "WBRI", "WIRI", "WIRT", "WOTH", "WROM", "MWBC", "MWBA", "MWAS", "MOTH", "AIND", "APKN",
    "ABAN", "AOTH", "BCRB", "BAFR", "BOTH", "CHNE", "OOTH", "REFU", "NOBT",
]  # fmt: skip
ETHNICITY = {code: f"{chr(ord('a') + i)}) {code}" for i, code in enumerate(ETHNICITY_ORDER)}
YES, NO = "a) Yes", "b) No"
PERSON = ("pk", "la_child_id", "sex", "ethnicity", "date_of_birth", "disabilities")
CHUNK = 2000


@dataclass(frozen=True)
class AnnexList:
    number: int
    title: str
    columns: list[str]
    rows: Callable[[dt.date, dt.date], Iterator[list[Any]]]

    @property
    def sheet(self) -> str:
        return f"List {self.number} {self.title}"[:31]


def _date(value: dt.date | dt.datetime | None) -> str:
    if isinstance(value, dt.datetime):
        value = value.date()
    return value.strftime("%d/%m/%Y") if value else ""


def _age(born: dt.date | None, on: dt.date) -> int | str:
    if not born:
        return ""
    return on.year - born.year - ((on.month, on.day) < (born.month, born.day))


def _yes(value: bool | None) -> str:
    return "" if value is None else (YES if value else NO)


def _common(p: dict[str, Any], on: dt.date, prefix: str = "child__") -> list[Any]:
    return [
        p[f"{prefix}la_child_id"],
        GENDER.get(p[f"{prefix}sex"] or "U", GENDER["U"]),
        ETHNICITY.get(p[f"{prefix}ethnicity"] or "NOBT", ETHNICITY["NOBT"]),
        _date(p[f"{prefix}date_of_birth"]),
        _age(p[f"{prefix}date_of_birth"], on),
    ]


def _disabled(p: dict[str, Any], prefix: str = "child__") -> str:
    codes = [c for c in (p[f"{prefix}disabilities"] or []) if c != "NONE"]
    return YES if codes else NO


def _child_values(*extra: str) -> list[str]:
    return [f"child__{f}" for f in PERSON] + list(extra)


def _allocated(e: dict[str, Any]) -> list[str]:
    return [e["team__name"] or "", e["allocated_to__user__full_name"] or ""]


def _count_before(child_id: int, field: str, before: dt.date, kind: str) -> int:
    """How many of the child's episodes had `field` in the 12 months before `before`."""
    return Episode.objects.filter(
        child_id=child_id,
        kind=kind,
        **{f"{field}__gte": before - dt.timedelta(days=365), f"{field}__lt": before},
    ).count()


def _last_visit(child_id: int, family_id: int, start: dt.date | None, end: dt.date):
    q = Q(family_id=family_id, kind="visit", seen__id=child_id, occurred_on__lte=end)
    if start:
        q &= Q(occurred_on__gte=start)
    return CaseNote.objects.filter(q).order_by("-occurred_on", "-pk").first()


# --- The lists ---------------------------------------------------------------------------------


def contacts(start: dt.date, end: dt.date) -> Iterator[list[Any]]:
    """List 1: every child named in a contact received in the period (one row per child)."""
    rows = (
        ContactPerson.objects.filter(
            role="child", contact__received_at__date__gte=start, contact__received_at__date__lte=end
        )
        .order_by("contact__received_at", "pk")
        .values(
            "pk",
            "person_id",
            "date_of_birth",
            "contact__received_at",
            "contact__source",
            *[f"person__{f}" for f in PERSON],
        )  # fmt: skip
    )
    for r in rows.iterator(chunk_size=CHUNK):
        values = {f"child__{f}": r[f"person__{f}"] for f in PERSON}
        if r["person_id"] is None:  # named in the contact, not (yet) matched to a record
            values.update(
                {"child__la_child_id": f"CP{r['pk']}", "child__date_of_birth": r["date_of_birth"]}
            )
        yield _common(values, end) + [_date(r["contact__received_at"]), r["contact__source"]]


def early_help(start: dt.date, end: dt.date) -> Iterator[list[Any]]:
    """List 2: early help assessments in the period, and those still open at its start."""
    rows = (
        Assessment.objects.filter(
            kind=AssessmentKind.EARLY_HELP, episode__isnull=False, started_on__lte=end
        )
        .filter(Q(completed_on__isnull=True) | Q(completed_on__gte=start))
        .order_by("started_on", "pk")
        .values(
            *[f"episode__{f}" for f in _child_values()],
            "started_on",
            "completed_on",
            "created_by__practitioner__organisation__name",
        )
    )
    for r in rows.iterator(chunk_size=CHUNK):
        yield _common(r, end, "episode__child__") + [
            _date(r["started_on"]),
            _date(r["completed_on"]),
            r["created_by__practitioner__organisation__name"] or "",
        ]


EPISODE = ("pk", "child_id", "family_id", "team__name", "allocated_to__user__full_name")


def referrals(start: dt.date, end: dt.date) -> Iterator[list[Any]]:
    """List 3: referrals received in the period (a child once per referral)."""
    rows = (
        Episode.objects.filter(kind="CIN", referral_date__gte=start, referral_date__lte=end)
        .order_by("referral_date", "pk")
        .values(*_child_values(*EPISODE, "referral_date", "referral_source", "referral_nfa"))
    )
    for e in rows.iterator(chunk_size=CHUNK):
        yield _common(e, end) + [
            _date(e["referral_date"]),
            e["referral_source"],
            _yes(e["referral_nfa"]),
            _count_before(e["child_id"], "referral_date", e["referral_date"], "CIN"),
            *_allocated(e),
        ]


def assessments(start: dt.date, end: dt.date) -> Iterator[list[Any]]:
    """List 4: children with a (continuous) assessment in the period."""
    rows = (
        Episode.objects.filter(kind="CIN", assessment_started_on__lte=end)
        .filter(Q(assessment_authorised_on__isnull=True) | Q(assessment_authorised_on__gte=start))
        .order_by("assessment_started_on", "pk")
        .values(*_child_values(*EPISODE, "assessment_started_on", "assessment_authorised_on"))
    )
    for e in rows.iterator(chunk_size=CHUNK):
        until = e["assessment_authorised_on"] or end
        seen = _last_visit(e["child_id"], e["family_id"], e["assessment_started_on"], until)
        yield _common(e, end) + [
            _disabled(e),
            _date(e["assessment_started_on"]),
            _yes(seen is not None),
            _date(e["assessment_authorised_on"]),
            *_allocated(e),
        ]


def section_47(start: dt.date, end: dt.date) -> Iterator[list[Any]]:
    """List 5: section 47 enquiries started in the period, with their initial conference."""
    rows = (
        Episode.objects.filter(kind="CP", s47_started_on__gte=start, s47_started_on__lte=end)
        .order_by("s47_started_on", "pk")
        .values(
            *_child_values(*EPISODE, "s47_started_on", "s47_ended_on", "icpc_not_required"),
            "icpc_on",
            "cp_plan_started_on",
        )
    )
    for e in rows.iterator(chunk_size=CHUNK):
        began = e["s47_started_on"]
        yield _common(e, end) + [
            _disabled(e),
            _date(began),
            _yes(e["icpc_not_required"]) if e["s47_ended_on"] else "",
            _date(e["icpc_on"]),
            _yes(bool(e["cp_plan_started_on"])) if e["icpc_on"] else "",
            _count_before(e["child_id"], "s47_started_on", began, "CP"),
            _count_before(e["child_id"], "icpc_on", began, "CP"),
            *_allocated(e),
        ]


def children_in_need(start: dt.date, end: dt.date) -> Iterator[list[Any]]:
    """List 6: children in need (open at any point in the period, not closed at referral)."""
    rows = (
        Episode.objects.filter(kind="CIN", referral_date__lte=end, referral_nfa=False)
        .filter(Q(closed_on__isnull=True) | Q(closed_on__gte=start))
        .order_by("referral_date", "pk")
        .values(
            *_child_values(*EPISODE, "referral_date", "primary_need"), "closed_on", "closure_reason"
        )  # fmt: skip
    )
    for e in rows.iterator(chunk_size=CHUNK):
        closed = e["closed_on"] if e["closed_on"] and e["closed_on"] <= end else None
        seen = _last_visit(e["child_id"], e["family_id"], None, closed or end)
        yield _common(e, end) + [
            _disabled(e),
            _date(e["referral_date"]),
            e["primary_need"],
            _date(seen.occurred_on if seen else None),
            _date(closed),
            e["closure_reason"] if closed else "",
            "b) Closed" if closed else "a) Open",
            *_allocated(e),
        ]


def child_protection(start: dt.date, end: dt.date) -> Iterator[list[Any]]:
    """List 7: children on a child protection plan at the end of the period, and those whose
    plan ended in it."""
    rows = (
        Episode.objects.filter(kind="CP", cp_plan_started_on__lte=end)
        .filter(Q(cp_plan_ended_on__isnull=True) | Q(cp_plan_ended_on__gte=start))
        .order_by("cp_plan_started_on", "pk")
        .values(
            *_child_values(*EPISODE, "cp_plan_started_on", "cp_plan_ended_on"),
            "cp_category_initial",
            "cp_category_latest",
            "last_rcpc_on",
            "previous_cp_plans",
        )
    )
    for e in rows.iterator(chunk_size=CHUNK):
        ended = (
            e["cp_plan_ended_on"]
            if e["cp_plan_ended_on"] and e["cp_plan_ended_on"] <= end
            else None
        )
        visit = _last_visit(e["child_id"], e["family_id"], e["cp_plan_started_on"], ended or end)
        alone = visit.seen_alone.filter(pk=e["child_id"]).exists() if visit else None
        yield _common(e, end) + [
            _disabled(e),
            _date(e["cp_plan_started_on"]),
            e["cp_category_initial"],
            e["cp_category_latest"] or e["cp_category_initial"],
            _date(visit.occurred_on if visit else None),
            _yes(alone),
            _date(e["last_rcpc_on"]),
            _date(ended),
            "",  # emergency protection orders and police protection are not recorded here
            e["previous_cp_plans"],
            *_allocated(e),
        ]


LISTS = [
    AnnexList(1, "Contacts", COMMON + ["Date of Contact", "Contact Source"], contacts),
    AnnexList(
        2,
        "Early help",
        COMMON
        + [
            "Assessment start date",
            "Assessment completion date",
            "Organisation completing assessment",
        ],
        early_help,
    ),  # fmt: skip
    AnnexList(
        3,
        "Referrals",
        COMMON
        + [
            "Date of referral",
            "Referral Source",
            "Referral NFA?",
            "Number of Referrals in Last 12 Months",
        ]
        + ALLOCATED,
        referrals,
    ),  # fmt: skip
    AnnexList(
        4,
        "Assessments",
        COMMON
        + [
            DISABLED,
            "Continuous Assessment Start Date",
            "Child Seen During Continuous Assessment",
            "Continuous Assessment Date of Authorisation",
        ]
        + ALLOCATED,
        assessments,
    ),  # fmt: skip
    AnnexList(
        5,
        "Section 47 and ICPC",
        COMMON
        + [
            DISABLED,
            "Strategy discussion initiating Section 47 Enquiry Start Date",
            "Was an Initial Child Protection Conference deemed unnecessary?",
            "Date of Initial Child Protection Conference",
            "Did the Initial Child Protection Conference Result in a Child Protection Plan",
            "Number of Section 47 Enquiries in the last 12 months",
            "Number of ICPCs in the last 12 months",
        ]
        + ALLOCATED,
        section_47,
    ),  # fmt: skip
    AnnexList(
        6,
        "Children in need",
        COMMON
        + [
            DISABLED,
            "CIN Start Date",
            "Primary Need Code",
            "Date Child Was Last Seen",
            "CIN Closure Date",
            "Reason for Closure",
            "Case Status",
        ]
        + ALLOCATED,
        children_in_need,
    ),  # fmt: skip
    AnnexList(
        7,
        "Child protection",
        COMMON
        + [
            DISABLED,
            "Child Protection Plan Start Date",
            "Initial Category of Abuse",
            "Latest Category of Abuse",
            "Date of the Last Statutory Visit",
            "Was the Child Seen Alone?",
            "Date of latest review conference",
            "Child Protection Plan End Date",
            "Subject to Emergency Protection Order or Protected Under Police Powers in Last Six "
            "Months (Y/N)",
            "Sum of Number of Previous Child Protection Plans",
        ]
        + ALLOCATED,
        child_protection,
    ),  # fmt: skip
]
