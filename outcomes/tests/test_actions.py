"""outcomes.actions: opening a six-month check at closure and recording it once."""

import datetime as dt
from types import SimpleNamespace

import pytest
from django.utils import timezone

from audit.models import AuditEvent
from familyhub import errors
from outcomes import actions
from outcomes import messages as msg
from outcomes.models import SustainedOutcomeCheck
from people.models import ChronologyEntry

pytestmark = pytest.mark.django_db


def _today():
    return timezone.localdate()


def test_per_need_results_must_agree_with_the_overall_answer(check, family_worker):
    with pytest.raises(errors.RuleViolation) as exc:
        actions.sustained_outcome_record(
            by=family_worker.user,
            check=check,
            checked_on=_today(),
            sustained=True,
            need_results={"housing": True, "debt": False},
            evidence="Rent arrears back",
        )
    assert exc.value.field_errors["sustained"] == [msg.CHECK_NEEDS_ANSWER]
    recorded = actions.sustained_outcome_record(
        by=family_worker.user,
        check=check,
        checked_on=_today(),
        sustained=False,
        need_results={"housing": True, "debt": False, "not-a-need": True},
        evidence="Rent arrears back",
    )
    assert recorded.need_results == {"housing": True, "debt": False}
    assert recorded.need_rows() == [("Housing", True), ("Money and debt", False)]


def test_a_check_is_recorded_once_with_its_audit_event_and_chronology(check, family_worker):
    recorded = actions.sustained_outcome_record(
        by=family_worker.user,
        check=check,
        checked_on=_today(),
        sustained=True,
        evidence="Attending school daily",
    )
    assert (recorded.sustained, recorded.checked_by) == (True, family_worker.user)
    assert AuditEvent.objects.filter(
        object_type="outcomes.sustainedoutcomecheck", object_id=str(check.pk), verb="update"
    ).exists()
    entry = ChronologyEntry.objects.get(kind="outcome_check")
    assert entry.summary == "Six-month outcome check for Jaden Smith: outcomes sustained"
    with pytest.raises(errors.RuleViolation) as exc:
        actions.sustained_outcome_record(
            by=family_worker.user, check=check, checked_on=_today(), sustained=False, evidence="x"
        )
    assert exc.value.message == msg.CHECK_RECORDED


def test_every_problem_is_reported_at_once(check, family_worker):
    early = check.due_on - dt.timedelta(days=1)
    with pytest.raises(errors.RuleViolation) as exc:
        actions.sustained_outcome_record(
            by=family_worker.user, check=check, checked_on=early, sustained=None, evidence=" "
        )
    assert exc.value.field_errors == {
        "checked_on": [msg.CHECK_NOT_DUE_YET.format(due=f"{check.due_on:%-d %B %Y}")],
        "sustained": [msg.CHECK_NEEDS_ANSWER],
        "evidence": [msg.CHECK_NEEDS_EVIDENCE],
    }


def test_a_stranger_may_not_record_a_check(check, stranger):
    with pytest.raises(errors.NotPermitted):
        actions.sustained_outcome_record(
            by=stranger.user, check=check, checked_on=_today(), sustained=True, evidence="x"
        )
    assert not SustainedOutcomeCheck.objects.get(pk=check.pk).is_recorded


@pytest.mark.parametrize(
    ("kind", "reason", "closed", "opens"),
    [
        ("EH", "needs_met", True, True),
        ("EH", "disengaged", True, False),
        ("CIN", "needs_met", True, False),
        ("EH", "needs_met", False, False),
    ],
)
def test_only_early_help_closed_with_needs_met_falls_due(kind, reason, closed, opens):
    episode = SimpleNamespace(
        kind=kind, closure_reason=reason, closed_on=dt.date(2025, 6, 2) if closed else None
    )
    assert actions.falls_due_at_closure(episode) is opens


def test_opening_a_check_at_closure_is_audited_once(check, family_worker):
    episode = check.episode
    SustainedOutcomeCheck.objects.filter(pk=check.pk).delete()
    for _ in range(2):  # idempotent: the second call finds the first check
        opened = actions.sustained_outcome_check_open(
            by=family_worker.user,
            episode=episode,
            due_on=dt.date(2025, 12, 2),
            rules_version="wt2023-test",
            needs=["housing"],
        )
    assert (opened.due_on, opened.rules_version, opened.needs) == (
        dt.date(2025, 12, 2),
        "wt2023-test",
        ["housing"],
    )
    assert SustainedOutcomeCheck.objects.filter(episode=episode).count() == 1
    assert (
        AuditEvent.objects.filter(
            verb="create", object_type="outcomes.sustainedoutcomecheck"
        ).count()
        == 1
    )
