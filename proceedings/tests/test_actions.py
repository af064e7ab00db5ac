"""The s31ZA rules on constructed cases: the FGDM offer before any court application (and the
opposite refused), a meeting held first when a parent accepts, the exception refused without a
rationale, offers only to parents and people with parental responsibility, clocks from the
rules data, and the audit verb and chronology of each action."""

from __future__ import annotations

import datetime as dt

import pytest

from audit.models import AuditEvent
from familyhub import errors
from people.models import ChronologyEntry
from proceedings import actions
from proceedings import messages as msg
from proceedings.models import ClockKind, FgdmOffer, PreProceedings, ProceedingsClock

D = dt.date


def offer(sw, p, person, day, response="awaiting", answered=None):
    return actions.fgdm_offer_record(
        by=sw.user,
        proceedings=p,
        person=person,
        offered_on=day,
        method="letter",
        response=response,
        responded_on=answered,
    )


def timeline(sw, p, **data):
    p.refresh_from_db()
    return actions.pre_proceedings_timeline_update(
        by=sw.user, proceedings=p, expected_version=p.version, data=data
    )


def meeting(sw, p, kind, day, **extra):
    return actions.proceedings_meeting_record(
        by=sw.user, proceedings=p, kind=kind, held_on=day, **extra
    )


STEP_DAY = D(2026, 11, 20)


def apply_to_court(sw, p, on, step=STEP_DAY):
    return timeline(
        sw, p, letter_sent_on=D(2026, 9, 10), step_decision_on=step, outcome="A",
        court_application_on=on,
    )  # fmt: skip


def test_begin_records_the_decision_opens_clocks_and_audits(begun, social_worker, hill):
    assert begun.episode.kind == "CIN"
    assert begun.rules_version == "local-2026-1"
    clocks = {c.kind: c for c in ProceedingsClock.objects.filter(proceedings=begun)}
    assert clocks[ClockKind.LETTER].due_on == D(2026, 9, 14)  # 5 working days
    assert clocks[ClockKind.DECISION].due_on == D(2026, 12, 28)  # 16 weeks
    event = AuditEvent.objects.filter(object_type="proceedings.preproceedings").get()
    assert event.verb == "create"
    assert ChronologyEntry.objects.filter(family=hill, kind="pre_proceedings").count() == 1


def test_begin_needs_an_open_child_in_need_episode(hill, social_worker):
    with pytest.raises(errors.RuleViolation) as refused:
        actions.pre_proceedings_begin(
            by=social_worker.user, family=hill, child=hill.mia, started_on=D(2026, 9, 7),
            decided_by="Pat Head",
        )  # fmt: skip
    assert refused.value.field_errors["child"] == [msg.NO_CIN_EPISODE]


def test_a_family_worker_may_not_begin(cin, family_worker):
    with pytest.raises(errors.NotPermitted):
        actions.pre_proceedings_begin(
            by=family_worker.user, family=cin.family, child=cin.child, started_on=D(2026, 9, 7),
            decided_by="Pat Head",
        )  # fmt: skip


def test_an_offer_before_the_court_application_is_recorded(begun, social_worker, hill):
    offer(social_worker, begun, hill.rose, D(2026, 9, 10), "refused", D(2026, 9, 15))
    offer(social_worker, begun, hill.tom, D(2026, 9, 10), "refused", D(2026, 9, 16))
    apply_to_court(social_worker, begun, D(2026, 11, 27))
    begun.refresh_from_db()
    assert begun.court_application_on == D(2026, 11, 27)
    assert FgdmOffer.objects.filter(proceedings=begun).count() == 2


def test_an_offer_dated_on_or_after_the_court_application_is_refused(begun, social_worker, hill):
    """A court application date already on the record (as if carried over from the system
    before): an offer dated that day or later is refused; one the day before is recorded."""
    PreProceedings.objects.filter(pk=begun.pk).update(court_application_on=D(2026, 11, 27))
    begun.refresh_from_db()
    with pytest.raises(errors.RuleViolation) as refused:
        offer(social_worker, begun, hill.rose, D(2026, 11, 27))
    assert refused.value.field_errors["offered_on"] == [msg.OFFER_AFTER_APPLICATION]
    assert not FgdmOffer.objects.exists()
    offer(social_worker, begun, hill.rose, D(2026, 11, 26))
    assert FgdmOffer.objects.get().offered_on == D(2026, 11, 26)


def test_an_application_dated_on_or_before_an_offer_is_refused(begun, social_worker, hill):
    offer(social_worker, begun, hill.rose, D(2026, 11, 20), "refused", D(2026, 11, 20))
    offer(social_worker, begun, hill.tom, D(2026, 9, 10), "refused", D(2026, 9, 15))
    with pytest.raises(errors.RuleViolation) as refused:
        apply_to_court(social_worker, begun, D(2026, 11, 20))
    assert refused.value.field_errors["court_application_on"] == [
        msg.APPLICATION_BEFORE_OFFER.format(day="20 November 2026")
    ]


def test_an_application_before_every_parent_is_offered_is_refused(begun, social_worker, hill):
    offer(social_worker, begun, hill.rose, D(2026, 9, 10), "refused", D(2026, 9, 15))
    with pytest.raises(errors.RuleViolation) as refused:
        apply_to_court(social_worker, begun, D(2026, 11, 27))
    assert refused.value.field_errors["court_application_on"] == [
        msg.NOT_OFFERED.format(names="Tom Hill")
    ]


def test_when_a_parent_accepts_the_meeting_must_be_held_before_the_application(
    begun, social_worker, hill
):
    offer(social_worker, begun, hill.rose, D(2026, 9, 10), "accepted", D(2026, 9, 12))
    offer(social_worker, begun, hill.tom, D(2026, 9, 10), "refused", D(2026, 9, 14))
    clock = ProceedingsClock.objects.get(proceedings=begun, kind=ClockKind.FGDM_MEETING)
    assert clock.due_on == D(2026, 10, 2)  # 15 working days from the acceptance (a Saturday)
    with pytest.raises(errors.RuleViolation) as refused:
        apply_to_court(social_worker, begun, D(2026, 11, 27))
    assert refused.value.field_errors["court_application_on"] == [
        msg.MEETING_NOT_HELD.format(names="Rose Hill")
    ]
    meeting(
        social_worker, begun, "fgdm", D(2026, 10, 1), family_attended=[hill.rose, hill.june],
        family_plan="We will take Mia to school every day. Nan June has her after school.",
    )  # fmt: skip
    clock.refresh_from_db()
    assert clock.met_on == D(2026, 10, 1)
    apply_to_court(social_worker, begun, D(2026, 11, 27))


def test_the_exception_is_refused_without_a_rationale(begun, social_worker):
    with pytest.raises(errors.RuleViolation) as refused:
        actions.fgdm_exception_record(
            by=social_worker.user, proceedings=begun, expected_version=begun.version,
            rationale="  ", decided_by="Pat Head", decided_on=D(2026, 9, 8),
        )  # fmt: skip
    assert refused.value.field_errors == {"rationale": [msg.RATIONALE_REQUIRED]}
    begun.refresh_from_db()
    assert not begun.fgdm_exception


def test_the_exception_with_a_rationale_allows_an_application_without_offers(
    begun, social_worker, hill
):
    actions.fgdm_exception_record(
        by=social_worker.user, proceedings=begun, expected_version=begun.version,
        rationale="A meeting would alert the father, who is subject to a non-molestation order.",
        decided_by="Pat Head, head of service", decided_on=D(2026, 9, 8),
    )  # fmt: skip
    with pytest.raises(errors.RuleViolation) as refused:
        offer(social_worker, begun, hill.rose, D(2026, 9, 10))
    assert refused.value.field_errors["person"] == [msg.EXCEPTION_RECORDED]
    apply_to_court(social_worker, begun, D(2026, 11, 27))


def test_offers_go_only_to_parents_and_people_with_parental_responsibility(
    begun, social_worker, hill
):
    with pytest.raises(errors.RuleViolation) as refused:
        offer(social_worker, begun, hill.june, D(2026, 9, 10))
    assert refused.value.field_errors["person"] == [msg.NOT_A_PARENT]


def test_an_fgdm_meeting_needs_the_familys_plan(begun, social_worker):
    with pytest.raises(errors.RuleViolation) as refused:
        meeting(social_worker, begun, "fgdm", D(2026, 10, 1))
    assert refused.value.field_errors["family_plan"] == [msg.PLAN_REQUIRED]


def test_review_meetings_follow_the_initial_meeting_and_set_the_next(begun, social_worker):
    with pytest.raises(errors.RuleViolation):
        meeting(social_worker, begun, "review", D(2026, 10, 1))
    timeline(social_worker, begun, letter_sent_on=D(2026, 9, 10))
    initial = ProceedingsClock.objects.get(proceedings=begun, kind=ClockKind.INITIAL_MEETING)
    assert initial.due_on == D(2026, 9, 24)  # 10 working days after the letter
    meeting(social_worker, begun, "initial", D(2026, 9, 21))
    meeting(social_worker, begun, "review", D(2026, 11, 2))
    reviews = ProceedingsClock.objects.filter(proceedings=begun, kind=ClockKind.REVIEW)
    assert [(c.due_on, c.met_on) for c in reviews.order_by("pk")] == [
        (D(2026, 11, 2), D(2026, 11, 2)),
        (D(2026, 12, 14), None),
    ]


def test_the_outcome_uses_cs131_and_an_application_needs_outcome_a(begun, social_worker, hill):
    with pytest.raises(errors.RuleViolation) as refused:
        timeline(social_worker, begun, step_decision_on=D(2026, 11, 20), outcome="D")
    assert refused.value.field_errors["outcome"] == [msg.OUTCOME_CODE]
    with pytest.raises(errors.RuleViolation) as refused:
        timeline(
            social_worker, begun, step_decision_on=D(2026, 11, 20), outcome="B",
            court_application_on=D(2026, 11, 27),
        )  # fmt: skip
    assert refused.value.field_errors["court_application_on"] == [msg.APPLICATION_NEEDS_PROCEEDINGS]
    timeline(social_worker, begun, step_decision_on=D(2026, 11, 20), outcome="B")
    assert not ProceedingsClock.objects.filter(
        proceedings=begun, met_on__isnull=True, stopped_on__isnull=True
    ).exists()
    with pytest.raises(errors.RuleViolation) as refused:
        offer(social_worker, begun, hill.rose, D(2026, 11, 21))
    assert refused.value.message == msg.CONCLUDED


def test_overdue_clocks_remind_the_allocated_worker_once_a_week(begun, social_worker):
    from notices.models import Notice

    assert actions.reminders_send(today=D(2026, 9, 15)) == 1  # the letter was due 14 September
    assert actions.reminders_send(today=D(2026, 9, 16)) == 0
    notice = Notice.objects.get(recipient=social_worker.user)
    assert notice.subject == "Overdue: Letter before proceedings for Mia Hill"
