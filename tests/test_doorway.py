"""access.doorway: the one boundary every write goes through."""

import pytest
from django.db import transaction

import audit
from access import doorway
from access.doorway import action, after_commit, bump, deny, permit
from access.principals import Principal, PrincipalKind, system
from audit.models import AuditEvent, Verb
from familyhub import errors
from people.factories import FamilyFactory
from people.models import Family

STALE = "Someone else changed this while you were editing."


@action
def _rename(*, by, family, name, expected_version, then=None, fail=False):
    bump(family, expected_version, STALE, {"name": name})
    audit.record(by, Verb.UPDATE, family, changes={"name": [None, name]})
    if then is not None:
        after_commit(then)
    if fail:
        raise errors.RuleViolation("refused after the write")
    return by


@action
def _outer(*, by, family, inner_fails=False):
    seen = _rename(by=by, family=family, name="Outer", expected_version=family.version)
    if inner_fails:
        with pytest.raises(errors.RuleViolation):
            _rename(by=by, family=family, name="Inner", expected_version=family.version, fail=True)
    return seen


@action
def _guarded(*, by, allowed):
    permit(allowed)
    return "done"


@action
def _refused(*, by):
    deny("Not yours")


# --- Durable boundary and nesting -------------------------------------------------------------


@pytest.mark.django_db
def test_an_action_refuses_to_run_inside_a_plain_transaction():
    family = FamilyFactory()
    with pytest.raises(RuntimeError), transaction.atomic():
        _rename(by="tests", family=family, name="X", expected_version=family.version)


@pytest.mark.django_db
def test_an_action_inside_an_action_joins_its_transaction():
    family = FamilyFactory()
    _outer(by="tests", family=family)
    family.refresh_from_db()
    assert family.name == "Outer"
    assert family.version == 2


@pytest.mark.django_db
def test_a_refused_inner_action_leaves_no_half_write_in_the_outer_one():
    family = FamilyFactory()
    _outer(by="tests", family=family, inner_fails=True)
    family.refresh_from_db()
    assert family.name == "Outer"  # the inner rename rolled back to its savepoint
    assert family.version == 2


@pytest.mark.django_db
def test_batch_runs_several_actions_in_one_durable_transaction():
    family = FamilyFactory()
    with doorway.batch():
        _rename(by="tests", family=family, name="One", expected_version=1)
        _rename(by="tests", family=family, name="Two", expected_version=2)
        assert doorway.in_action()
    assert not doorway.in_action()
    family.refresh_from_db()
    assert (family.name, family.version) == ("Two", 3)


# --- The actor ---------------------------------------------------------------------------------


@pytest.mark.django_db
def test_by_is_resolved_once_to_a_principal(family_worker):
    family = FamilyFactory()
    by = _rename(by=family_worker.user, family=family, name="X", expected_version=1)
    assert isinstance(by, Principal)
    assert by.kind == PrincipalKind.PRACTITIONER
    assert by.user == family_worker.user
    assert by.practitioner_id == family_worker.pk


@pytest.mark.django_db
def test_a_system_label_becomes_a_system_principal_audited_as_before():
    family = FamilyFactory()
    by = _rename(by="nightly linkage", family=family, name="X", expected_version=1)
    assert by.is_system
    assert by.user is None
    _rename(by=system("nightly linkage"), family=family, name="Y", expected_version=2)
    audit.record("nightly linkage", Verb.UPDATE, family)
    events = list(AuditEvent.objects.order_by("pk"))
    assert len(events) == 3
    assert {(e.actor_id, e.actor_label, e.actor_role, e.actor_organisation) for e in events} == {
        (None, "nightly linkage", "system", "")
    }


@pytest.mark.django_db
def test_a_user_is_audited_with_their_id_and_role(family_worker):
    family = FamilyFactory()
    _rename(by=family_worker.user, family=family, name="X", expected_version=1)
    event = AuditEvent.objects.get()
    assert event.actor_id == family_worker.user.pk
    assert event.actor_role == family_worker.role
    assert event.actor_label == "Fola Worker"


# --- Policy ------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_permit_lets_an_allowed_action_through_and_refuses_the_rest():
    assert _guarded(by="tests", allowed=True) == "done"
    with pytest.raises(errors.NotPermitted):
        _guarded(by="tests", allowed=False)
    with pytest.raises(errors.NotPermitted, match="Not yours"):
        _refused(by="tests")


# --- Versions ----------------------------------------------------------------------------------


@pytest.mark.django_db
def test_bump_saves_and_increments_the_version():
    family = FamilyFactory()
    before = family.updated_at
    _rename(by="tests", family=family, name="Renamed", expected_version=1)
    assert (family.name, family.version) == ("Renamed", 2)
    assert family.updated_at >= before
    assert Family.objects.get(pk=family.pk).version == 2


@pytest.mark.django_db
def test_a_stale_version_is_refused_and_both_versions_are_kept():
    family = FamilyFactory(name="Original")
    theirs = Family.objects.get(pk=family.pk)
    _rename(by="tests", family=theirs, name="Theirs", expected_version=1)
    family.name = "Mine"  # what this user typed, against version 1
    with pytest.raises(errors.StaleVersion) as refused:
        _rename(by="tests", family=family, name="Mine", expected_version=1)
    assert refused.value.message == STALE
    assert (refused.value.current.name, refused.value.current.version) == ("Theirs", 2)
    assert (family.name, family.version) == ("Mine", 1)  # nothing typed is thrown away
    assert Family.objects.get(pk=family.pk).name == "Theirs"


# --- Transaction: audit and follow-ups ---------------------------------------------------------


@pytest.mark.django_db(transaction=True)
def test_after_commit_runs_only_once_the_action_commits():
    family = FamilyFactory()
    ran = []
    _rename(
        by="tests", family=family, name="X", expected_version=1, then=lambda: ran.append("sent")
    )
    assert ran == ["sent"]


@pytest.mark.django_db(transaction=True)
def test_a_rolled_back_action_leaves_no_write_no_audit_and_no_follow_up():
    family = FamilyFactory(name="Original")
    ran = []
    with pytest.raises(errors.RuleViolation):
        _rename(
            by="tests",
            family=family,
            name="X",
            expected_version=1,
            then=lambda: ran.append("sent"),
            fail=True,
        )
    assert ran == []
    assert AuditEvent.objects.count() == 0
    assert Family.objects.get(pk=family.pk).name == "Original"


@pytest.mark.django_db(transaction=True)
def test_the_audit_event_commits_with_the_write():
    family = FamilyFactory()
    _rename(by="tests", family=family, name="X", expected_version=1)
    event = AuditEvent.objects.get()
    assert (event.verb, event.object_id) == (Verb.UPDATE, str(family.pk))


@pytest.mark.django_db(transaction=True)
def test_a_follow_up_queued_in_a_nested_action_waits_for_the_outer_commit():
    family = FamilyFactory()
    ran = []

    @action
    def outer(*, by):
        _rename(by=by, family=family, name="X", expected_version=1, then=lambda: ran.append(1))
        assert ran == []  # the inner action has not committed on its own
        return "ok"

    assert outer(by="tests") == "ok"
    assert ran == [1]
