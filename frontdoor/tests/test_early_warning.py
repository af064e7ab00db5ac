"""Joined-up early warning: the rule fires (and does not) with its reasons listed; structured
notifications; a person decides and the decision is recorded."""

import dataclasses
import datetime as dt

import pytest
import time_machine

import rules
from familyhub import errors
from frontdoor import actions
from frontdoor import messages as msg
from frontdoor.models import Contact, ContactKind, EarlyWarning, Signal, WarningStatus
from organisations.factories import OrganisationFactory
from organisations.models import OrganisationType
from people.models import ChronologyEntry

from .conftest import at

pytestmark = pytest.mark.django_db

NOW = at(2026, 11, 23, 12, 0)
FEED = "Operation Encompass feed"


@pytest.fixture(autouse=True)
def _frozen():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def agencies(db):
    return {
        "school": OrganisationFactory(name="Northgate Primary", org_type=OrganisationType.SCHOOL),
        "police": OrganisationFactory(name="Demo Police", org_type=OrganisationType.POLICE),
        "hv": OrganisationFactory(
            name="Health Visiting", org_type=OrganisationType.HEALTH_VISITING
        ),
        "housing": OrganisationFactory(name="Housing Options", org_type=OrganisationType.HOUSING),
    }


@pytest.fixture
def north_family(smith_family, locality_teams):
    smith_family.locality = "North"
    smith_family.save()
    return smith_family


def _signal(family, org, kind, days_ago, summary="worry", **kw):
    return actions.signal_record(
        by=FEED,
        family=family,
        kind=kind,
        organisation=org,
        occurred_at=NOW - dt.timedelta(days=days_ago),
        summary=summary,
        **kw,
    )


def test_three_agencies_within_the_window_fire_with_reasons(north_family, agencies, manager):
    _signal(north_family, agencies["school"], "attendance", 60, "Attendance 84% this term")
    _signal(north_family, agencies["police"], "domestic_abuse_notification", 20, "Incident at home")
    assert not EarlyWarning.objects.exists()  # two agencies: not yet
    _signal(north_family, agencies["housing"], "housing_arrears", 2, "Eight weeks' rent arrears")
    warning = EarlyWarning.objects.get(family=north_family)
    assert warning.status == WarningStatus.OPEN
    assert warning.rule_version == "2025-1"
    assert warning.window_days == 90
    assert [r["organisation"] for r in warning.reasons] == [
        "Northgate Primary",
        "Demo Police",
        "Housing Options",
    ]  # oldest first
    assert warning.reasons[1]["label"] == (
        "Police domestic abuse notification (Operation Encompass)"
    )
    assert warning.reasons[2]["summary"] == "Eight weeks' rent arrears"
    assert warning.reasons[0]["when_text"] == "24 September 2026"
    assert warning.team.name == "North early help team"
    assert manager.user.notices.filter(kind="frontdoor_early_warning").exists()


def test_old_signals_and_one_agency_do_not_fire(north_family, agencies):
    _signal(north_family, agencies["school"], "attendance", 120)  # outside the 90-day window
    _signal(north_family, agencies["police"], "domestic_abuse_notification", 10)
    _signal(north_family, agencies["hv"], "health_concern", 5)
    assert not EarlyWarning.objects.exists()
    _signal(north_family, agencies["hv"], "missed_health_appointments", 1)  # same agency again
    assert not EarlyWarning.objects.exists()


def test_the_window_and_agency_count_are_configurable(north_family, agencies):
    strict = dataclasses.replace(rules.current("early_warning"), min_agencies=2, window_days=30)
    _signal(north_family, agencies["school"], "attendance", 40, ew_rules=strict)
    _signal(north_family, agencies["police"], "domestic_abuse_notification", 3, ew_rules=strict)
    assert not EarlyWarning.objects.exists()  # the school's signal is outside 30 days
    _signal(north_family, agencies["hv"], "health_concern", 1, ew_rules=strict)
    assert EarlyWarning.objects.get().min_agencies == 2


def test_an_open_warning_gathers_new_signals(north_family, agencies):
    for key, kind in (("school", "attendance"), ("police", "domestic_abuse_notification")):
        _signal(north_family, agencies[key], kind, 10)
    _signal(north_family, agencies["hv"], "health_concern", 5)
    _signal(north_family, agencies["housing"], "housing_arrears", 1)
    warning = EarlyWarning.objects.get()
    assert len(warning.reasons) == 4
    assert warning.signals.count() == 4


def test_the_same_notification_is_recorded_once(north_family, agencies):
    first = _signal(
        north_family,
        agencies["police"],
        "domestic_abuse_notification",
        1,
        source_reference="OE-2026-0042",
    )
    again = _signal(
        north_family,
        agencies["police"],
        "domestic_abuse_notification",
        1,
        source_reference="OE-2026-0042",
    )
    assert first.pk == again.pk
    assert Signal.objects.count() == 1


def test_attendance_becomes_a_signal_only_below_the_threshold(north_family, agencies):
    jaden = north_family.jaden
    args = {
        "by": FEED,
        "family": north_family,
        "person": jaden,
        "organisation": agencies["school"],
        "period_end": dt.date(2026, 11, 20),
    }
    assert actions.signal_record_attendance(percent=93.5, **args) is None
    signal = actions.signal_record_attendance(percent=86, **args)
    assert signal.kind == "attendance"
    assert "86% (below 90%)" in signal.summary
    assert actions.signal_record_attendance(percent=86, **args).pk == signal.pk  # idempotent


def test_unknown_signal_kinds_are_refused(north_family, agencies):
    with pytest.raises(errors.RuleViolation):
        _signal(north_family, agencies["school"], "gut_feeling", 1)


def _fire(family, agencies):
    _signal(family, agencies["school"], "attendance", 30)
    _signal(family, agencies["police"], "domestic_abuse_notification", 20)
    _signal(family, agencies["hv"], "health_concern", 10)
    return EarlyWarning.objects.get(family=family)


def test_a_manager_decides_and_the_decision_is_recorded(north_family, agencies, manager):
    warning = _fire(north_family, agencies)
    with pytest.raises(errors.RuleViolation) as caught:
        actions.early_warning_decide(
            by=manager.user,
            warning=warning,
            expected_version=warning.version,
            decision="contact",
            reason="",
        )
    assert caught.value.field_errors == {"reason": [msg.WARNING_REASON_REQUIRED]}
    actions.early_warning_decide(
        by=manager.user,
        warning=warning,
        expected_version=warning.version,
        decision="contact",
        reason="Three agencies worried in a month: the front door should look.",
    )
    warning.refresh_from_db()
    assert warning.status == WarningStatus.DECIDED
    assert warning.decided_by == manager.user
    contact = Contact.objects.get(pk=warning.contact_id)
    assert contact.kind == ContactKind.EARLY_WARNING
    assert contact.family == north_family
    assert "Operation Encompass" in contact.worries
    assert ChronologyEntry.objects.filter(family=north_family, kind="early_warning_decided")


def test_after_a_decision_only_a_new_signal_surfaces_the_family_again(
    north_family, agencies, manager
):
    warning = _fire(north_family, agencies)
    actions.early_warning_decide(
        by=manager.user,
        warning=warning,
        expected_version=warning.version,
        decision="monitor",
        reason="Already known to early help",
    )
    actions.evaluate_family(by=FEED, family=north_family)
    assert EarlyWarning.objects.count() == 1  # the same signals do not fire again
    _signal(north_family, agencies["housing"], "housing_arrears", 0)
    assert EarlyWarning.objects.filter(status=WarningStatus.OPEN).count() == 1


def test_a_stranger_cannot_decide(north_family, agencies, stranger):
    warning = _fire(north_family, agencies)
    with pytest.raises(errors.NotPermitted):
        actions.early_warning_decide(
            by=stranger.user,
            warning=warning,
            expected_version=warning.version,
            decision="no_action",
            reason="x",
        )
