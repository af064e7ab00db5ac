"""Reads for pre-proceedings, always given the user: one record through the registry (missing
and forbidden are both a 404; the read audited), the page's parts, the letter before
proceedings for export (audited), and the CIN census module 5 rows for the returns app."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.db.models import OuterRef, Prefetch, Subquery
from django.http import Http404
from django.utils import timezone

import audit
import codelists
from access import registry
from access.principals import Purpose
from audit.models import Verb
from people.models import Family, Person

from . import policy
from .family import children_on_the_edge_of_care, parents_and_pr
from .models import (
    FgdmOffer,
    MeetingKind,
    NetworkMember,
    OfferResponse,
    PreProceedings,
    ProceedingsClock,
    ProceedingsMeeting,
)

OUTCOMES = "pre_proceedings_outcome"


def _actor(principal):
    return principal.user if principal.user is not None else principal


def _record_read(principal, obj, purpose) -> None:
    audit.record(_actor(principal), Verb.VIEW, obj, family=obj.family, person=obj.child)


def register_read_auditors() -> None:
    registry.register_read_auditor(PreProceedings, _record_read)


def _pk(value) -> int | None:
    text = str(value)
    return int(text) if text.isascii() and text.isdecimal() else None


def get_pre_proceedings_for(user, pk, *, write: bool = False, record: bool = True):
    """One child's pre-proceedings: whoever sees the family's casework (write: who may record
    casework; the actions ask the social-work duty too)."""
    purpose = Purpose.EDIT if write else Purpose.VIEW
    queryset = PreProceedings.objects.select_related(
        "family", "child", "episode__allocated_to__user", "recorded_by"
    )
    proceedings = registry.get_for(
        user, PreProceedings, _pk(pk), purpose, queryset=queryset, record=record
    )
    if write and not policy.can_record_pre_proceedings(user, proceedings):
        raise Http404("No pre-proceedings found")
    return proceedings


def get_family_to_begin(user, pk) -> Family:
    """The family whose child's pre-proceedings the user may begin (social work with the
    family); a 404 for anyone else, as for a family that does not exist."""
    family = Family.objects.filter(pk=_pk(pk)).first() if _pk(pk) is not None else None
    if family is None or not policy.can_begin_pre_proceedings(user, family):
        raise Http404("No family found")
    return family


def get_offer_for(user, pk) -> FgdmOffer:
    """An offer still waiting for its answer, for those who record the pre-proceedings."""
    queryset = FgdmOffer.objects.select_related(
        "proceedings__family", "proceedings__child", "proceedings__episode", "person"
    )
    offer = registry.get_for(user, FgdmOffer, _pk(pk), Purpose.EDIT, queryset=queryset)
    if offer.response != OfferResponse.AWAITING or not policy.can_record_pre_proceedings(
        user, offer.proceedings
    ):
        raise Http404("No offer found")
    return offer


@dataclass
class NetworkRow:
    member: NetworkMember
    contacts: list[tuple[str, str]]  # (label, value), empty for those who may not see them


@dataclass
class ClockRow:
    clock: ProceedingsClock
    status: str


@dataclass
class ProceedingsPage:
    proceedings: PreProceedings
    outcome_label: str
    offers: list[FgdmOffer]
    not_offered: list[Person]
    network: list[NetworkRow]
    sees_contacts: bool
    meetings: list[ProceedingsMeeting]
    clocks: list[ClockRow]
    can_record: bool
    timeline: list[tuple[str, Any]] = field(default_factory=list)


def _contacts(member: NetworkMember) -> list[tuple[str, str]]:
    pairs = [("Phone", member.phone), ("Email", member.email), ("Address", member.address)]
    return [(label, value) for label, value in pairs if value]


def network_for(user, proceedings: PreProceedings) -> list[NetworkRow]:
    sees = policy.can_see_network_contacts(user, proceedings)
    return [
        NetworkRow(m, _contacts(m) if sees else [])
        for m in NetworkMember.objects.filter(proceedings=proceedings)
    ]


def census_facts(proceedings: PreProceedings) -> dict[str, Any]:
    """Module 5's values for one child's pre-proceedings (also shown on its page)."""
    offers = FgdmOffer.objects.filter(proceedings=proceedings)
    meetings = ProceedingsMeeting.objects.filter(proceedings=proceedings)
    initial = meetings.filter(kind=MeetingKind.INITIAL).order_by("held_on").first()
    return _module5(
        proceedings.__dict__,
        offered=offers.exists(),
        facilitated=meetings.filter(kind=MeetingKind.FGDM).exists(),
        initial_on=initial.held_on if initial else None,
        reviews=meetings.filter(kind=MeetingKind.REVIEW).count(),
    )


def _module5(p: dict, *, offered: bool, facilitated: bool, initial_on, reviews: int) -> dict:
    """The values of one PreProceedingsandFGDM block. FGDMMeetingOffer and FGDMMeetingFac are
    DfE's flags (1 or 0): was a meeting offered in the letter, was one facilitated; neither is
    reported before the letter is sent, and FGDMMeetingFac only with an offer."""
    letter = p["letter_sent_on"]
    return {
        "PPStartDate": p["started_on"],
        "LBPSentDate": letter,
        "FGDMMeetingOffer": ("1" if offered else "0") if letter else None,
        "FGDMMeetingFac": ("1" if facilitated else "0") if letter and offered else None,
        "InitialPPMeetingDate": initial_on,
        "ReviewMeetingsCount": reviews if initial_on else None,
        "StepDecisionDate": p["step_decision_on"],
        "PPOutcome": p["outcome"] or None,
        "CourtAppDate": p["court_application_on"],
    }


def pre_proceedings_page(user, proceedings: PreProceedings) -> ProceedingsPage:
    today = timezone.localdate()
    offers = list(
        FgdmOffer.objects.filter(proceedings=proceedings).select_related("person", "recorded_by")
    )
    offered = {o.person_id for o in offers}
    meetings = list(
        ProceedingsMeeting.objects.filter(proceedings=proceedings)
        .select_related("recorded_by")
        .prefetch_related(
            Prefetch("family_attended", queryset=Person.objects.order_by("given_name")),
            "network_attended",
        )
    )
    clocks = ProceedingsClock.objects.filter(proceedings=proceedings).order_by("due_on", "pk")
    facts = census_facts(proceedings)
    return ProceedingsPage(
        proceedings=proceedings,
        outcome_label=codelists.label(OUTCOMES, proceedings.outcome),
        offers=offers,
        not_offered=[
            p for p in parents_and_pr(proceedings.family, proceedings.child) if p.pk not in offered
        ],
        network=network_for(user, proceedings),
        sees_contacts=policy.can_see_network_contacts(user, proceedings),
        meetings=meetings,
        clocks=[ClockRow(c, c.status_on(today)) for c in clocks],
        can_record=policy.can_record_pre_proceedings(user, proceedings),
        timeline=[
            ("Pre-proceedings began", facts["PPStartDate"]),
            ("Letter before proceedings sent", facts["LBPSentDate"]),
            ("Initial pre-proceedings meeting", facts["InitialPPMeetingDate"]),
            ("Review meetings held", facts["ReviewMeetingsCount"]),
            ("Step decision", facts["StepDecisionDate"]),
            ("Court application", facts["CourtAppDate"]),
        ],
    )


def family_pre_proceedings(user, family: Family) -> dict[str, Any]:
    """The family page's panel: the pre-proceedings of its children (for those who see the
    family's casework) and whether the user may begin one."""
    from casework.policy import can_view_casework

    if not can_view_casework(user, family):
        return {"records": [], "can_begin": False}
    records = list(
        PreProceedings.objects.filter(family=family).select_related("child").order_by("-started_on")
    )
    can_begin = policy.can_begin_pre_proceedings(user, family)
    return {
        "records": records,
        "can_begin": can_begin and children_on_the_edge_of_care(family).exists(),
    }


def children_for_begin(family: Family):
    return children_on_the_edge_of_care(family)


def parents_for_offer(proceedings: PreProceedings):
    """The parents and people with parental responsibility not offered a meeting yet."""
    offered = set(
        FgdmOffer.objects.filter(proceedings=proceedings).values_list("person_id", flat=True)
    )
    ids = [p.pk for p in parents_and_pr(proceedings.family, proceedings.child)]
    return Person.objects.filter(pk__in=[i for i in ids if i not in offered]).order_by(
        "family_name", "given_name", "pk"
    )


def network_members(proceedings: PreProceedings):
    return NetworkMember.objects.filter(proceedings=proceedings)


def family_members(proceedings: PreProceedings):
    from people.models import Membership

    ids = Membership.objects.filter(family=proceedings.family, left_on__isnull=True).values(
        "person_id"
    )
    return Person.objects.filter(pk__in=ids).order_by("given_name", "pk")


@dataclass
class Letter:
    proceedings: PreProceedings
    parents: list[Person]
    offers: list[FgdmOffer]
    meeting_due: dt.date | None
    today: dt.date


def letter_for_export(user, proceedings: PreProceedings) -> Letter:
    """What the letter before proceedings says, from the record; the export is audited."""
    offers = list(
        FgdmOffer.objects.filter(proceedings=proceedings).select_related("person").order_by("pk")
    )
    audit.record(
        user,
        Verb.EXPORT,
        proceedings,
        family=proceedings.family,
        person=proceedings.child,
        reason="letter before proceedings PDF",
        changes={"offers": len(offers), "exception": proceedings.fgdm_exception},
    )
    initial = (
        ProceedingsClock.objects.filter(proceedings=proceedings, kind="initial_meeting")
        .order_by("-pk")
        .first()
    )
    return Letter(
        proceedings=proceedings,
        parents=parents_and_pr(proceedings.family, proceedings.child),
        offers=offers,
        meeting_due=initial.due_on if initial else None,
        today=timezone.localdate(),
    )


# --- CIN census module 5 (returns app) --------------------------------------------------------


def census_module5(episode_ids: list[int], start: dt.date, end: dt.date) -> dict[int, list[dict]]:
    """For the census of the year `start`..`end`: each child in need episode's pre-proceedings
    begun in the year (PPStartDate within the year, DfE rule 9005), as module 5's values, with
    only the dates that had happened by the reference date. No access decision: the returns
    app's own policy decides who writes the census."""
    if not episode_ids:
        return {}
    rows = list(
        PreProceedings.objects.filter(
            episode_id__in=episode_ids, started_on__gte=start, started_on__lte=end
        )
        .order_by("episode_id", "started_on", "pk")
        .values(
            "pk",
            "episode_id",
            "started_on",
            "letter_sent_on",
            "step_decision_on",
            "outcome",
            "court_application_on",
        )
    )
    ids = [r["pk"] for r in rows]
    offered = set(
        FgdmOffer.objects.filter(proceedings_id__in=ids, offered_on__lte=end).values_list(
            "proceedings_id", flat=True
        )
    )
    meetings: dict[int, list[tuple[str, dt.date]]] = defaultdict(list)
    for m in (
        ProceedingsMeeting.objects.filter(proceedings_id__in=ids, held_on__lte=end)
        .order_by("held_on", "pk")
        .values_list("proceedings_id", "kind", "held_on")
    ):
        meetings[m[0]].append((m[1], m[2]))
    out: dict[int, list[dict]] = defaultdict(list)
    for r in rows:
        held = meetings.get(r["pk"], [])
        initial = [day for kind, day in held if kind == MeetingKind.INITIAL]
        reviews = [day for kind, day in held if kind == MeetingKind.REVIEW]
        for name in ("letter_sent_on", "step_decision_on", "court_application_on"):
            if r[name] and r[name] > end:
                r[name] = None
        if r["step_decision_on"] is None:
            r["outcome"] = ""
        out[r["episode_id"]].append(
            _module5(
                r,
                offered=r["pk"] in offered,
                facilitated=any(kind == MeetingKind.FGDM for kind, _ in held),
                initial_on=initial[0] if initial else None,
                reviews=len(reviews),
            )
        )
    return out


__all__ = [
    "ClockRow",
    "Letter",
    "NetworkRow",
    "OfferResponse",
    "ProceedingsPage",
    "census_facts",
    "census_module5",
    "children_for_begin",
    "family_members",
    "family_pre_proceedings",
    "get_family_to_begin",
    "get_offer_for",
    "get_pre_proceedings_for",
    "letter_for_export",
    "network_for",
    "network_members",
    "parents_for_offer",
    "pre_proceedings_page",
]


# --- Disproportionality (returns app) ---------------------------------------------------------

CHILD = (
    "child__ethnicity",
    "child__disabilities",
    "child__date_of_birth",
    "child__expected_date_of_birth",
)


def equity_rows(start: dt.date, end: dt.date):
    """For the partnership's disproportionality report: one row per child and event in the
    period (pre-proceedings begun; a family group decision-making meeting first offered; the
    decision that one is not in the child's best interests), with the child's ethnicity,
    disabilities and dates of birth. Plain values; the returns app's policy decides who sees the
    (suppressed) counts."""
    begun = PreProceedings.objects.filter(started_on__gte=start, started_on__lte=end)
    for on, *child in begun.values_list("started_on", *CHILD).iterator(2000):
        yield ("pre_proceedings", on, *child)
    exceptions = PreProceedings.objects.filter(
        fgdm_exception=True, exception_decided_on__gte=start, exception_decided_on__lte=end
    )
    for on, *child in exceptions.values_list("exception_decided_on", *CHILD).iterator(2000):
        yield ("fgdm_not_in_best_interests", on, *child)
    earliest = FgdmOffer.objects.filter(proceedings=OuterRef("pk")).order_by("offered_on")
    first = (
        PreProceedings.objects.annotate(first_offer=Subquery(earliest.values("offered_on")[:1]))
        .filter(first_offer__gte=start, first_offer__lte=end)
        .values_list("first_offer", *CHILD)
    )
    for on, *child in first.iterator(2000):
        yield ("fgdm_offered", on, *child)
