import datetime as dt

import pytest

from audit.models import AuditEvent
from familyhub import errors
from organisations.factories import PractitionerFactory
from organisations.models import Role
from people.models import Family, Person
from sharing import actions, retention

pytestmark = pytest.mark.django_db


@pytest.fixture
def old_family(smith_family):
    """The Smiths' last involvement ended long ago and Jaden is now past 25."""
    Person.objects.filter(pk=smith_family.jaden.pk).update(date_of_birth=dt.date(1995, 1, 1))
    smith_family.involvements.update(started_on=dt.date(2010, 1, 1), ended_on=dt.date(2012, 6, 1))
    return smith_family


def test_due_list_applies_the_schedule_with_reasons(old_family, smith_family):
    due = retention.due_for_review(on=dt.date(2026, 11, 23))
    assert [d.family for d in due] == [old_family]
    assert due[0].keep_until == dt.date(2020, 1, 1)  # the later of 2018-06-01 and age 25
    assert "youngest child born 1 January 1995 (kept to age 25)" in due[0].reasons


def test_a_family_with_someone_involved_is_never_due(smith_family):
    assert retention.due_for_review(on=dt.date(2090, 1, 1)) == []


def test_destruction_needs_a_second_officer_and_leaves_a_tombstone(old_family, ig_officer):
    second = PractitionerFactory(role=Role.IG_OFFICER)
    reference = old_family.reference
    proposal = actions.retention_propose(by=ig_officer.user, family=old_family, reason="")
    with pytest.raises(errors.NotPermitted):
        actions.retention_decide(by=ig_officer.user, decision=proposal, destroy=True, note="ok")
    decision = actions.retention_decide(
        by=second.user, decision=proposal, destroy=True, note="Past the schedule; no open work"
    )
    assert not Family.objects.filter(reference=reference).exists()
    assert not Person.objects.filter(given_name__in=["Jaden", "Kelly"]).exists()
    assert decision.destroyed_counts["people"] == 2
    assert decision.family_reference == reference
    tombstone = AuditEvent.objects.get(verb="destroy")
    assert tombstone.changes["family_reference"] == reference
    assert tombstone.changes["destroyed"]["families"] == 1


def test_keeping_is_a_recorded_decision_too(old_family, ig_officer):
    second = PractitionerFactory(role=Role.IG_OFFICER)
    proposal = actions.retention_propose(by=ig_officer.user, family=old_family, reason="Due")
    actions.retention_decide(
        by=second.user, decision=proposal, destroy=False, note="Legal hold: ongoing inquiry"
    )
    assert Family.objects.filter(pk=old_family.pk).exists()


def test_a_record_not_due_cannot_be_proposed(smith_family, ig_officer, family_worker):
    with pytest.raises(errors.RuleViolation, match="not due"):
        actions.retention_propose(by=ig_officer.user, family=smith_family, reason="")
    with pytest.raises(errors.NotPermitted):
        actions.retention_propose(by=family_worker.user, family=smith_family, reason="")
