"""Statutory clocks across bank holidays (time-machine), the CIN census rules applied at entry,
re-referrals, lead practitioner handovers, step-down escalation and the daily reminders."""

import datetime as dt
import json
from pathlib import Path

import pytest
import time_machine

import rules
from audit.models import AuditEvent
from casework import actions, queries
from casework import messages as msg
from casework.models import ClockKind, Episode, LeadArrangement, StatutoryClock
from casework.tests.conftest import STATE_FIELDS, build_episode
from familyhub import errors
from notices.models import Notice
from people.factories import MembershipFactory, PersonFactory
from people.models import ChronologyEntry

pytestmark = pytest.mark.django_db
D = dt.date
RULES_DATA = Path(rules.__file__).parent / "data"


def _at(day):
    return time_machine.travel(
        dt.datetime(day.year, day.month, day.day, 11, tzinfo=dt.UTC), tick=False
    )


def _cin(ctx, referral, **extra):
    return actions.episode_open(
        by=ctx.social_worker.user,
        family=ctx.family,
        child=ctx.family.jaden,
        kind="CIN",
        data={"referral_date": referral, "referral_source": "2A", "primary_need": "N1", **extra},
    )


class Ctx:
    pass


@pytest.fixture
def ctx(smith_family, family_worker, social_worker, csc_manager, colleague):
    c = Ctx()
    c.family, c.family_worker, c.social_worker = smith_family, family_worker, social_worker
    c.manager, c.colleague = csc_manager, colleague
    return c


def _step(ctx, episode, event, by=None, **data):
    episode.refresh_from_db()
    return actions.episode_transition(
        by=(by or ctx.manager).user,
        episode=episode,
        event=event,
        expected_version=episode.version,
        data=data,
    )


# --- Clocks ------------------------------------------------------------------------------------


def test_rules_are_versioned_data():
    ts = rules.version_for("timescales", on=D(2025, 6, 2))
    assert ts.version == "wt2023-demo-2"
    assert (ts.assessment_working_days, ts.icpc_working_days) == (45, 15)
    assert rules.current("out_of_hours").edt_phone == "020 7946 0999"


@pytest.mark.parametrize(
    ("start", "expected"),
    [
        (D(2025, 12, 19), D(2026, 2, 25)),  # over Christmas, Boxing Day and New Year's Day
        (D(2025, 6, 2), D(2025, 8, 4)),  # no bank holiday in the way: 9 weeks
        (D(2026, 3, 27), D(2026, 6, 4)),  # Easter and both May bank holidays
    ],
)
def test_assessment_clock_45_working_days(start, expected):
    assert rules.current("timescales").assessment_due(start) == expected


def test_icpc_15_working_days_over_easter():
    # Good Friday 3 April and Easter Monday 6 April 2026 do not count.
    assert rules.current("timescales").icpc_due(D(2026, 3, 27)) == D(2026, 4, 21)


def test_first_core_group_10_working_days_over_may_bank_holiday():
    assert rules.current("timescales").first_core_group_due(D(2026, 5, 1)) == D(2026, 5, 18)


def test_rcpc_three_then_six_months_clamped_to_month_end():
    ts = rules.current("timescales")
    assert ts.first_rcpc_due(D(2025, 8, 29)) == D(2025, 11, 29)
    assert ts.first_rcpc_due(D(2025, 11, 30)) == D(2026, 2, 28)
    assert ts.later_rcpc_due(D(2025, 11, 28)) == D(2026, 5, 28)
    assert ts.cin_review_due(D(2025, 1, 1)) == D(2025, 2, 12)
    assert ts.eh_review_due(D(2025, 1, 1)) == D(2025, 2, 26)


def _later_timescales(tmp_path):
    """Test data: a later timescales version (after Working Together 2026), taking effect on 4
    January 2027 with shorter clocks."""
    raw = json.loads((RULES_DATA / "timescales" / "wt2026-demo-1.json").read_text())
    raw.update(version="wt2027-test", effective_from="2027-01-04")
    raw["rules"]["assessment_working_days"]["value"] = 20
    raw["rules"]["cin_review_interval_weeks"]["value"] = 4
    (tmp_path / "timescales").mkdir()
    (tmp_path / "timescales" / "wt2027-test.json").write_text(json.dumps(raw))
    return tmp_path


def _assessed(episode):
    Episode.objects.filter(pk=episode.pk).update(
        state="assessed", **STATE_FIELDS["CIN"]["assessed"]
    )


def test_a_case_keeps_the_timescales_it_started_under_when_a_new_version_takes_effect(
    ctx, tmp_path
):
    amelia = PersonFactory(given_name="Amelia", family_name="Smith", date_of_birth="2018-02-02")
    MembershipFactory(family=ctx.family, person=amelia, role="child")
    with rules.data_added(_later_timescales(tmp_path)):
        with _at(D(2026, 12, 1)):
            old = _cin(ctx, D(2026, 12, 1))
        assert old.rules_version == "wt2026-demo-1"
        assert old.clocks.get().due_on == rules.calendar().add_working_days(D(2026, 12, 1), 45)
        _assessed(old)
        with _at(D(2027, 1, 11)):
            new = actions.episode_open(
                by=ctx.social_worker.user,
                family=ctx.family,
                child=amelia,
                kind="CIN",
                data={
                    "referral_date": D(2027, 1, 11),
                    "referral_source": "2A",
                    "primary_need": "N1",
                },
            )
            _assessed(new)
            _step(ctx, old, "start_cin_plan", cin_plan_started_on=D(2027, 1, 11))
            _step(ctx, new, "start_cin_plan", cin_plan_started_on=D(2027, 1, 11))
    assert new.rules_version == "wt2027-test"
    assert new.clocks.get(kind="assessment").due_on == D(2027, 2, 8)  # 20 working days
    # The old case's next review still follows the version it was opened under (6 weeks) ...
    old_review = old.clocks.get(kind="cin_review")
    assert (old_review.due_on, old_review.rules_version) == (D(2027, 2, 22), "wt2026-demo-1")
    assert old.transitions.latest("pk").rules_version == "wt2026-demo-1"
    # ... while the new case's follows the new version (4 weeks).
    new_review = new.clocks.get(kind="cin_review")
    assert (new_review.due_on, new_review.rules_version) == (D(2027, 2, 8), "wt2027-test")


def test_clocks_run_through_a_child_protection_episode(ctx):
    with _at(D(2026, 3, 27)):
        cin = _cin(ctx, D(2026, 3, 2))
        clock = StatutoryClock.objects.get(episode=cin)
        assert (clock.kind, clock.due_on, clock.rules_version) == (
            "assessment",
            D(2026, 5, 7),
            "wt2023-demo-2",
        )
        cp = actions.episode_open(
            by=ctx.social_worker.user,
            family=ctx.family,
            child=ctx.family.jaden,
            kind="CP",
            data={"strategy_discussion_on": D(2026, 3, 27)},
        )
        _step(ctx, cp, "start_s47", s47_started_on=D(2026, 3, 27))
        assert cp.clocks.get(kind="icpc").due_on == D(2026, 4, 21)
    with _at(D(2026, 5, 1)):
        _step(
            ctx,
            cp,
            "schedule_icpc",
            s47_ended_on=D(2026, 4, 20),
            icpc_planned_on=D(2026, 4, 20),
            lead_cp_practitioner=ctx.social_worker,
        )
        _step(
            ctx,
            cp,
            "icpc_plan",
            icpc_on=D(2026, 5, 1),
            cp_plan_started_on=D(2026, 5, 1),
            cp_category_initial="NEG",
        )
        icpc = cp.clocks.get(kind="icpc")
        assert icpc.met_on == D(2026, 5, 1)
        assert icpc.status_on(D(2026, 5, 1)) == "met late"
        assert cp.clocks.get(kind="first_core_group").due_on == D(2026, 5, 18)
        assert cp.clocks.get(kind="rcpc").due_on == D(2026, 8, 1)
    with _at(D(2026, 5, 15)):
        actions.meeting_record(
            by=ctx.social_worker.user, family=ctx.family, kind="core_group", held_on=D(2026, 5, 15)
        )
        assert cp.clocks.get(kind="first_core_group").met_on == D(2026, 5, 15)
        assert cp.clocks.get(kind="core_group").due_on == D(2026, 6, 26)
    with _at(D(2026, 7, 30)):
        _step(ctx, cp, "rcpc_continue", rcpc_on=D(2026, 7, 30), cp_category_latest="EMO")
        assert cp.clocks.running().get(kind="rcpc").due_on == D(2027, 1, 30)
        _step(ctx, cp, "rcpc_end_plan", rcpc_on=D(2026, 7, 30), cp_plan_ended_on=D(2026, 7, 30))
        assert not cp.clocks.running().exists()


def test_late_assessment_needs_a_recorded_reason(ctx):
    with _at(D(2025, 6, 2)):
        cin = _cin(ctx, D(2025, 3, 3))
        due = cin.clocks.get().due_on
        assert due == D(2025, 5, 8)  # Good Friday, Easter Monday and 5 May skipped
        _step(
            ctx, cin, "start_assessment", by=ctx.social_worker, assessment_started_on=D(2025, 3, 4)
        )
        with pytest.raises(errors.RuleViolation) as exc:
            _step(
                ctx,
                cin,
                "authorise_assessment",
                assessment_authorised_on=D(2025, 6, 2),
                assessment_factors=["4B"],
            )
        assert exc.value.field_errors["assessment_late_reason"] == [
            msg.ASSESSMENT_LATE_REASON.format(due="8 May 2025")
        ]
        _step(
            ctx,
            cin,
            "authorise_assessment",
            assessment_authorised_on=D(2025, 6, 2),
            assessment_factors=["4B"],
            assessment_late_reason="Family abroad for a month",
        )
        clock = cin.clocks.get()
        assert clock.met_on == D(2025, 6, 2)
        assert clock.late_reason == "Family abroad for a month"
        assert clock.status_on(D(2025, 6, 2)) == "met late"


def test_overdue_clocks_remind_once_a_week_and_late_step_downs_escalate(ctx):
    with _at(D(2025, 3, 3)):
        cin = _cin(ctx, D(2025, 3, 3), allocated_to=ctx.social_worker)
    with _at(D(2025, 6, 2)):
        assert actions.reminders_send(today=D(2025, 6, 2)) == {
            "reminders": 1,
            "escalated": 0,
            "outcome_checks": 0,
        }
        assert Notice.objects.filter(recipient=ctx.social_worker.user, kind="overdue").count() == 1
        assert actions.reminders_send(today=D(2025, 6, 3))["reminders"] == 0
        assert actions.reminders_send(today=D(2025, 6, 10))["reminders"] == 1
        _step(
            ctx, cin, "start_assessment", by=ctx.social_worker, assessment_started_on=D(2025, 3, 4)
        )
        _step(
            ctx,
            cin,
            "authorise_assessment",
            assessment_authorised_on=D(2025, 6, 2),
            assessment_factors=["4B"],
            assessment_late_reason="Late",
        )
        record = actions.step_down_propose(
            by=ctx.social_worker.user,
            family=ctx.family,
            episodes=[cin],
            agreed_at="assessment_closure",
            agreed_on=D(2025, 6, 2),
            receiving_lead=ctx.family_worker,
            family_consent_on=D(2025, 6, 2),
            family_consent_by=ctx.family.kelly,
            handover_note="Over to early help",
        )
        assert record.accept_by == D(2025, 6, 9)
    with _at(D(2025, 6, 10)):
        result = actions.reminders_send(today=D(2025, 6, 10))
        assert result["escalated"] == 1
        assert Notice.objects.filter(recipient=ctx.manager.user, kind="escalation").exists()
        assert actions.reminders_send(today=D(2025, 6, 11))["escalated"] == 0


def test_daily_task_runs_the_reminders(ctx):
    from casework.tasks import send_reminders

    assert send_reminders.call() == {"reminders": 0, "escalated": 0, "outcome_checks": 0}


# --- CIN census rules at entry -------------------------------------------------------------------


@pytest.fixture
def frozen():
    with _at(D(2025, 6, 2)):
        yield


def _violation(fn, *args, **kwargs):
    with pytest.raises(errors.RuleViolation) as exc:
        fn(*args, **kwargs)
    return exc.value


def test_cin_referral_rules_at_entry(ctx, frozen):
    v = _violation(_cin, ctx, D(2025, 6, 3))
    assert v.field_errors["referral_date"] == [msg.DATE_IN_FUTURE.format(label="The referral date")]
    v = _violation(
        actions.episode_open,
        by=ctx.social_worker.user,
        family=ctx.family,
        child=ctx.family.jaden,
        kind="CIN",
        data={"referral_date": D(2025, 5, 1), "referral_source": "99", "primary_need": ""},
    )
    assert v.field_errors["referral_source"] == [msg.BAD_CODE.format(label="referral source")]
    assert v.field_errors["primary_need"] == [msg.REQUIRED.format(label="primary need")]
    ctx.family.jaden.date_of_death = D(2025, 4, 1)
    ctx.family.jaden.save()
    v = _violation(_cin, ctx, D(2025, 5, 1))
    assert "must not be after the child's date of death" in v.field_errors["referral_date"][0]
    assert not Episode.objects.exists()
    assert not AuditEvent.objects.filter(verb="create").exists()


def test_one_open_cin_episode_and_cp_needs_cin(ctx, frozen):
    v = _violation(
        actions.episode_open,
        by=ctx.social_worker.user,
        family=ctx.family,
        child=ctx.family.jaden,
        kind="CP",
        data={"strategy_discussion_on": D(2025, 5, 1)},
    )
    assert v.field_errors["child"] == [msg.CP_NEEDS_CIN.format(child="Jaden Smith")]
    _cin(ctx, D(2025, 5, 1))
    v = _violation(_cin, ctx, D(2025, 5, 2))
    assert v.field_errors["child"] == [
        msg.OPEN_EPISODE_EXISTS.format(child="Jaden Smith", kind="CIN", since="1 May 2025")
    ]
    v = _violation(
        actions.episode_open,
        by=ctx.social_worker.user,
        family=ctx.family,
        child=ctx.family.jaden,
        kind="CP",
        data={"strategy_discussion_on": D(2025, 4, 30)},
    )
    assert v.field_errors["strategy_discussion_on"] == [
        msg.DATE_BEFORE_REFERRAL.format(
            label="The date of the strategy discussion", referral="1 May 2025"
        )
    ]
    v = _violation(
        actions.episode_open,
        by=ctx.social_worker.user,
        family=ctx.family,
        child=ctx.family.kelly,
        kind="CIN",
        data={"referral_date": D(2025, 5, 1), "referral_source": "2A", "primary_need": "N1"},
    )
    assert v.field_errors["child"] == [msg.NOT_A_CHILD_OF_FAMILY]


def test_cp_plan_must_start_on_icpc_and_plans_do_not_overlap(ctx, frozen):
    cp = build_episode(ctx.family, ctx.family.jaden, "CP", "icpc_scheduled")
    v = _violation(
        _step,
        ctx,
        cp,
        "icpc_plan",
        icpc_on=D(2025, 5, 1),
        cp_plan_started_on=D(2025, 5, 2),
        cp_category_initial="NEG",
    )
    assert v.field_errors["cp_plan_started_on"] == [msg.CP_PLAN_ON_ICPC]
    Episode.objects.filter(pk=cp.parent_id).update(
        state="cin_plan", cin_plan_started_on=D(2025, 4, 20)
    )
    v = _violation(
        _step,
        ctx,
        cp,
        "icpc_plan",
        icpc_on=D(2025, 5, 1),
        cp_plan_started_on=D(2025, 5, 1),
        cp_category_initial="NEG",
    )
    assert v.field_errors["cp_plan_started_on"] == [
        msg.NO_CP_PLAN_WITH_CIN.format(child="Jaden Smith")
    ]
    _step(ctx, cp.parent, "end_cin_plan", cin_plan_ended_on=D(2025, 5, 1))
    _step(
        ctx,
        cp,
        "icpc_plan",
        icpc_on=D(2025, 5, 1),
        cp_plan_started_on=D(2025, 5, 1),
        cp_category_initial="NEG",
        lead_cp_practitioner=ctx.social_worker,
    )
    v = _violation(_step, ctx, cp.parent, "start_cin_plan", cin_plan_started_on=D(2025, 5, 20))
    assert v.field_errors["cin_plan_started_on"] == [
        msg.NO_CIN_PLAN_WITH_CP.format(child="Jaden Smith")
    ]
    v = _violation(
        _step, ctx, cp, "rcpc_end_plan", rcpc_on=D(2025, 5, 1), cp_plan_ended_on=D(2025, 5, 1)
    )
    assert msg.CP_PLAN_SAME_DAY in v.field_errors["cp_plan_ended_on"]
    assert msg.CP_REVIEW_AFTER_START.format(start="1 May 2025") in v.field_errors["rcpc_on"]


def test_closure_rules(ctx, frozen):
    referral = build_episode(ctx.family, ctx.family.jaden, "CIN", "referral_open")
    v = _violation(_step, ctx, referral, "nfa_at_referral", closed_on=D(2025, 5, 1))
    assert v.field_errors["closure_reason"] == [msg.CLOSURE_NEEDS_REASON]
    v = _violation(_step, ctx, referral, "nfa_at_referral", closure_reason="RC7")
    assert v.field_errors["closed_on"] == [msg.CLOSURE_NEEDS_DATE]
    v = _violation(
        _step, ctx, referral, "nfa_at_referral", closed_on=D(2025, 5, 1), closure_reason="RC8"
    )
    assert v.field_errors["closure_reason"] == [msg.RC8_RC9_NEED_ASSESSMENT]
    v = _violation(
        _step, ctx, referral, "nfa_at_referral", closed_on=D(2025, 3, 1), closure_reason="RC7"
    )
    assert "on or after the referral date" in v.field_errors["closed_on"][0]
    _step(ctx, referral, "nfa_at_referral", closed_on=D(2025, 5, 1), closure_reason="RC7")
    referral.refresh_from_db()
    assert referral.referral_nfa
    assert referral.closure_reason == "RC7"


def test_factor_21_alone_and_its_closure(ctx, frozen):
    cin = build_episode(ctx.family, ctx.family.jaden, "CIN", "assessment")
    v = _violation(
        _step,
        ctx,
        cin,
        "authorise_assessment",
        assessment_authorised_on=D(2025, 5, 1),
        assessment_factors=["21", "4B"],
    )
    assert v.field_errors["assessment_factors"] == [msg.FACTOR_21_ALONE]
    v = _violation(
        _step,
        ctx,
        cin,
        "authorise_assessment",
        assessment_authorised_on=D(2025, 5, 1),
        assessment_factors=["18A"],
    )  # retired in 2022
    assert v.field_errors["assessment_factors"] == [msg.BAD_CODE.format(label="factor")]
    _step(
        ctx,
        cin,
        "authorise_assessment",
        assessment_authorised_on=D(2025, 5, 1),
        assessment_factors=["21"],
    )
    v = _violation(_step, ctx, cin, "close", closed_on=D(2025, 5, 2), closure_reason="RC7")
    assert v.field_errors["closure_reason"] == [msg.FACTOR_21_CLOSURE]
    _step(ctx, cin, "close", closed_on=D(2025, 5, 2), closure_reason="RC8")


# --- Re-referrals ---------------------------------------------------------------------------------


def test_re_referral_within_12_months_of_closure(ctx):
    with _at(D(2025, 1, 10)):
        first = _cin(ctx, D(2025, 1, 6))
        _step(ctx, first, "nfa_at_referral", closed_on=D(2025, 1, 10), closure_reason="RC7")
    with _at(D(2025, 6, 2)):
        second = _cin(ctx, D(2025, 6, 2))
        assert second.is_re_referral
        assert "Re-referral" in ChronologyEntry.objects.filter(kind="episode_cin").first().detail
        _step(ctx, second, "nfa_at_referral", closed_on=D(2025, 6, 2), closure_reason="RC7")
    with _at(D(2026, 6, 3)):
        third = _cin(ctx, D(2026, 6, 3))  # more than 12 months after the last closure
        assert not third.is_re_referral
        amelia = PersonFactory(given_name="Amelia", family_name="Smith")
        MembershipFactory(family=ctx.family, person=amelia, role="child")
        counts = queries.re_referral_count(ctx.social_worker.user, D(2025, 1, 1), D(2026, 12, 31))
        assert counts == {"referrals": 3, "re_referrals": 1}


# --- Lead practitioner and handover --------------------------------------------------------------


def test_handover_needs_reason_note_and_family_told(ctx, school_dsl):
    fw = ctx.family_worker
    actions.lead_assign(
        by=fw.user, family=ctx.family, lead=fw, cover=ctx.colleague, family_say="chosen"
    )
    v = _violation(
        actions.lead_assign,
        by=fw.user,
        family=ctx.family,
        lead=school_dsl,
        cover=None,
        family_say="agreed",
    )
    assert set(v.field_errors) == {
        "handover_reason",
        "handover_note",
        "family_told_how",
        "family_told_on",
    }
    v = _violation(
        actions.lead_assign, by=fw.user, family=ctx.family, lead=fw, cover=fw, family_say="chosen"
    )
    assert v.field_errors["cover"] == [msg.COVER_IS_LEAD]
    actions.lead_assign(
        by=fw.user,
        family=ctx.family,
        lead=school_dsl,
        cover=fw,
        family_say="agreed",
        handover_reason="Jaden's needs are mainly at school",
        handover_note="Mum trusts Dee",
        family_told_on=D(2025, 1, 2),
        family_told_how="Home visit with Kelly",
    )
    old, new = LeadArrangement.objects.order_by("pk")
    assert old.ended_on is not None
    assert old.handover_reason == "Jaden's needs are mainly at school"
    assert new.lead == school_dsl
    assert new.family_told_how == "Home visit with Kelly"
    assert (
        ctx.family.involvements.active()
        .filter(practitioner=school_dsl, role="lead_practitioner")
        .exists()
    )
    assert Notice.objects.filter(recipient=school_dsl.user, kind="lead").exists()
    entry = ChronologyEntry.objects.filter(kind="lead_practitioner").first()
    assert entry.summary.startswith("Handover:")
    assert "Family told on 2 January 2025" in entry.detail


def test_contact_panel_follows_absence_hours_and_cover(ctx):
    fw = ctx.family_worker
    actions.lead_assign(
        by=fw.user, family=ctx.family, lead=fw, cover=ctx.colleague, family_say="chosen"
    )
    monday_10 = dt.datetime(2025, 6, 2, 9, tzinfo=dt.UTC)  # 10:00 in London
    panel = queries.contact_panel(ctx.family, monday_10)
    assert panel.contact_now == fw
    assert not panel.out_of_hours
    saturday = dt.datetime(2025, 6, 7, 11, tzinfo=dt.UTC)
    panel = queries.contact_panel(ctx.family, saturday)
    assert panel.out_of_hours
    assert "not working now" in panel.message
    actions.absence_record(
        by=fw.user, practitioner=fw, kind="sickness", starts_on=D(2025, 6, 2), ends_on=D(2025, 6, 4)
    )
    panel = queries.contact_panel(ctx.family, monday_10)
    assert panel.contact_now == ctx.colleague
    assert "Fola Worker is away (sickness) until 4 June 2025" in panel.message
    actions.absence_record(
        by=ctx.colleague.user,
        practitioner=ctx.colleague,
        kind="leave",
        starts_on=D(2025, 6, 1),
        ends_on=D(2025, 6, 2),
    )
    panel = queries.contact_panel(ctx.family, monday_10)
    assert panel.contact_now is None
    assert "also away" in panel.message


def test_step_down_refused_from_a_child_protection_plan(ctx, frozen):
    cp = build_episode(ctx.family, ctx.family.jaden, "CP", "cp_plan")
    v = _violation(
        actions.step_down_propose,
        by=ctx.social_worker.user,
        family=ctx.family,
        episodes=[cp.parent],
        agreed_at="cin_review",
        agreed_on=D(2025, 6, 2),
        receiving_lead=ctx.family_worker,
        family_consent_on=D(2025, 6, 2),
        family_consent_by=ctx.family.kelly,
        handover_note="x",
    )
    assert v.field_errors["episodes"] == [msg.STEP_DOWN_FROM_CP.format(child="Jaden Smith")]
    assert ClockKind.ASSESSMENT == "assessment"
