"""The demo borough's pre-proceedings (issue 12): a child on a child in need plan whose
pre-proceedings began at a legal planning meeting; both parents offered a family group
decision-making meeting in the letter before proceedings (one accepts, one refuses); the family
network; the initial meeting, the FGDM meeting with the family's own plan, a review; and the
step decision (stepped down: the family's plan is working). Built with the apps' own actions
at dates relative to today, so CIN census 2026-27 module 5 has a real record. Loaded by
`familyhub demo` (FAMILYHUB["DEMO_EXTRAS"]) after the casework and returns demos; idempotent.
Synthetic data only.

`reset_first` is listed before casework's demo so that `familyhub demo --reset` removes these
records before casework removes the episodes they belong to (resets run in the list's order)."""

from __future__ import annotations

import datetime as dt

from access import doorway
from casework.demo import DemoNotLoaded, _children, _cin, _involve, _p, _step, _wd_ago
from casework.models import Episode
from people.models import Family, Membership

from . import actions
from .family import parents_and_pr
from .models import (
    FgdmOffer,
    NetworkMember,
    PreProceedings,
    ProceedingsClock,
    ProceedingsMeeting,
)

FAMILY_PLAN = (
    "We are going to keep {name} safe together. Mum will take {name} to school every morning "
    "and Nan will pick {name} up and do tea until Mum finishes work. Uncle Lee will do the "
    "weekend mornings so Mum can go to her group. If Mum is struggling she will ring Nan first, "
    "not wait. We will all meet again in six weeks to see how it is going."
)


def is_loaded() -> bool:
    return PreProceedings.objects.filter(family__is_synthetic=True).exists()


def _edge_of_care_family():
    """A synthetic family with no casework yet whose eldest child (school age) has two parents
    with parental responsibility among its members."""
    busy = Episode.objects.values("family_id")
    ids = (
        Membership.objects.filter(
            role="child",
            left_on__isnull=True,
            person__date_of_birth__lt=dt.date(2020, 1, 1),
            person__date_of_birth__gt=dt.date(2012, 1, 1),
            family__is_synthetic=True,
            family__is_restricted=False,
        )
        .exclude(family_id__in=busy)
        .order_by("family_id")
        .values_list("family_id", flat=True)
        .distinct()[:400]
    )
    for family in Family.objects.filter(pk__in=list(ids)).order_by("pk"):
        children = _children(family)
        if not children:
            continue
        parents = parents_and_pr(family, children[0])
        if len(parents) >= 2:
            return family, children[0], parents[:2]
    raise DemoNotLoaded("No family with two parents: run `familyhub demo` first.")


def load_first(*, seed: int = 2026, stdout=None) -> int:
    """Nothing to load before casework: listed only so that its reset runs first."""
    return 0


def load_demo(*, seed: int = 2026, stdout=None) -> int:
    if is_loaded():
        return 0
    sw, manager = _p("social.worker"), _p("fiona.walsh")
    family, child, (accepts, refuses) = _edge_of_care_family()
    with doorway.batch():
        _involve(family, sw, "social_worker")
        episode = _cin(family, sw, referral=_wd_ago(100), source="6", need="N1")
        _step(
            manager, episode, "authorise_assessment",
            assessment_authorised_on=_wd_ago(70), assessment_factors=["2A", "4B"],
        )  # fmt: skip
        _step(sw, episode, "start_cin_plan", cin_plan_started_on=_wd_ago(65))
        _pre_proceedings(sw, manager, family, child, accepts, refuses)
    if stdout is not None:
        stdout.write(
            f"Pre-proceedings demo loaded: {child.full_name} ({family.reference}), FGDM offered "
            f"to {accepts.full_name} (accepted) and {refuses.full_name} (refused)."
        )
    return 1


def _pre_proceedings(sw, manager, family, child, accepts, refuses) -> PreProceedings:
    p = actions.pre_proceedings_begin(
        by=sw.user, family=family, child=child, started_on=_wd_ago(60),
        decided_by=f"{manager.name}, team manager (chair, legal planning meeting)",
        decision_reasons="Neglect of the children's basic care has continued for six months "
        "on a child in need plan; school attendance below 70%.",
    )  # fmt: skip
    _timeline(sw, p, letter_sent_on=_wd_ago(57))
    actions.fgdm_offer_record(
        by=sw.user, proceedings=p, person=accepts, offered_on=_wd_ago(57), method="letter",
        response="accepted", responded_on=_wd_ago(55),
    )  # fmt: skip
    actions.fgdm_offer_record(
        by=sw.user, proceedings=p, person=refuses, offered_on=_wd_ago(57), method="letter",
        response="refused", responded_on=_wd_ago(54),
    )  # fmt: skip
    nan = actions.network_member_add(
        by=sw.user, proceedings=p, name="Maureen Ellis", kind="relative",
        relationship="Maternal grandmother", phone="07700 900461",
        address="12 Synthetic Row, Demo Borough",
    )  # fmt: skip
    uncle = actions.network_member_add(
        by=sw.user, proceedings=p, name="Lee Ellis", kind="relative",
        relationship="Maternal uncle", phone="07700 900462",
    )  # fmt: skip
    actions.network_member_add(
        by=sw.user, proceedings=p, name="Priya Shah", kind="friend",
        relationship="Family friend and neighbour", email="priya.shah@example.test",
    )  # fmt: skip
    actions.proceedings_meeting_record(
        by=sw.user, proceedings=p, kind="initial", held_on=_wd_ago(50),
        family_attended=[accepts, refuses], others_attended="Parents' solicitors; social worker",
    )  # fmt: skip
    actions.proceedings_meeting_record(
        by=sw.user, proceedings=p, kind="fgdm", held_on=_wd_ago(45),
        family_attended=[accepts], network_attended=[nan, uncle],
        others_attended="Independent FGDM coordinator",
        family_plan=FAMILY_PLAN.format(name=child.given_name),
    )  # fmt: skip
    actions.proceedings_meeting_record(
        by=sw.user, proceedings=p, kind="review", held_on=_wd_ago(20),
        family_attended=[accepts], network_attended=[nan],
        notes="Attendance up to 94%. The family's plan is working.",
    )  # fmt: skip
    _timeline(sw, p, letter_sent_on=_wd_ago(57), step_decision_on=_wd_ago(10), outcome="B")
    return p


def _timeline(sw, p, **data):
    p.refresh_from_db()
    return actions.pre_proceedings_timeline_update(
        by=sw.user, proceedings=p, expected_version=p.version, data=data
    )


def reset_demo() -> None:
    """Remove pre-proceedings recorded on synthetic families (before casework's reset)."""
    mine = PreProceedings.objects.filter(family__is_synthetic=True)
    ProceedingsClock.objects.filter(proceedings__in=mine).delete()
    for meeting in ProceedingsMeeting.objects.filter(proceedings__in=mine):
        meeting.family_attended.clear()
        meeting.network_attended.clear()
    ProceedingsMeeting.objects.filter(proceedings__in=mine).delete()
    NetworkMember.objects.filter(proceedings__in=mine).delete()
    FgdmOffer.objects.filter(proceedings__in=mine).delete()
    mine.delete()
