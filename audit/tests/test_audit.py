"""The audit trail: hash-chained, verifiable, and append-only in the ORM and the database."""

import pytest
from django.db import DatabaseError, connection, transaction

import audit
from audit.context import RequestContext, current
from audit.models import AuditEvent, AuditImmutable, Verb
from audit.recorder import GENESIS, HASHED_FIELDS, event_hash
from audit.verify import verify_chain

pytestmark = pytest.mark.django_db

TABLE = AuditEvent._meta.db_table


def _raw(sql: str, params=(), **names):
    """Run raw SQL against the audit table. `{table}` (and any other `{name}`) are filled with
    the model's own table and column names, never with user input; values go in `params`."""
    with connection.cursor() as cursor:
        cursor.execute(sql.format(table=TABLE, **names), params)


def _chain(actor, n=3):
    return [audit.record(actor, Verb.VIEW, None, changes={"n": i}) for i in range(n)]


def _disable_append_only_trigger():
    """For tamper tests only: switch the database guard off inside the test's transaction
    (DDL is transactional on SQLite and PostgreSQL, so the test's rollback restores it)."""
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("DROP TRIGGER audit_event_no_update")
        elif connection.vendor == "postgresql":
            cursor.execute(f"ALTER TABLE {TABLE} DISABLE TRIGGER audit_event_append_only")
        else:  # pragma: no cover
            pytest.skip(f"no tamper recipe for {connection.vendor}")


# --- Recording and chaining ------------------------------------------------------------------


def test_record_chains_hashes(family_worker):
    last_before = AuditEvent.objects.order_by("-pk").values_list("hash", flat=True).first()
    first, second, third = _chain(family_worker.user)
    assert first.prev_hash == (last_before or GENESIS)
    assert second.prev_hash == first.hash
    assert third.prev_hash == second.hash
    assert len({first.hash, second.hash, third.hash}) == 3
    for event in (first, second, third):
        assert len(event.hash) == 64


def test_stored_hash_covers_stored_content(family_worker, smith_family):
    event = audit.record(
        family_worker.user,
        Verb.UPDATE,
        smith_family,
        reason="Because",
        changes={"name": ["Smith", "Smith-Jones"]},
    )
    row = AuditEvent.objects.filter(pk=event.pk).values(*HASHED_FIELDS).get()
    assert event_hash(event.prev_hash, row) == event.hash
    # Changing any hashed value changes the hash.
    for field, value in (
        ("actor_label", "Someone else"),
        ("verb", "delete"),
        ("reason", "Other"),
        ("family_id", 999),
    ):
        assert event_hash(event.prev_hash, {**row, field: value}) != event.hash, field


def test_record_describes_actor_and_subject(family_worker, smith_family):
    token = current.set(
        RequestContext(ip_address="198.51.100.7", user_agent="UA", request_id="rid")
    )
    try:
        event = audit.record(family_worker.user, Verb.VIEW, smith_family.jaden)
    finally:
        current.reset(token)
    assert event.actor_id == family_worker.user.pk
    assert event.actor_label == "Fola Worker"
    assert event.actor_role == "family_worker"
    assert event.object_type == "people.person"
    assert event.object_id == str(smith_family.jaden.pk)
    assert event.person_id == smith_family.jaden.pk
    assert (event.ip_address, event.user_agent, event.request_id) == ("198.51.100.7", "UA", "rid")


def test_record_by_system_process(db):
    event = audit.record("demo loader", Verb.DEMO_LOAD, None)
    assert (event.actor_id, event.actor_label, event.actor_role) == (None, "demo loader", "system")


def test_unknown_verb_is_refused(family_worker):
    before = AuditEvent.objects.count()
    with pytest.raises(ValueError):  # noqa: PT011
        audit.record(family_worker.user, "peek", None)
    assert AuditEvent.objects.count() == before


# --- Verification ----------------------------------------------------------------------------


def test_verify_chain_ok_on_a_good_chain(family_worker, smith_family):
    _chain(family_worker.user, 5)
    audit.record(family_worker.user, Verb.CREATE, smith_family, changes={"name": [None, "x"]})
    result = verify_chain()
    assert result.ok
    assert result.broken_at is None
    assert result.checked == AuditEvent.objects.count()


def test_verify_chain_with_small_batches(family_worker):
    _chain(family_worker.user, 7)
    result = verify_chain(batch_size=2)
    assert result.ok
    assert result.checked == AuditEvent.objects.count()


def test_verify_chain_detects_a_changed_row(family_worker):
    events = _chain(family_worker.user, 4)
    target = events[1]
    _disable_append_only_trigger()
    _raw("UPDATE {table} SET actor_label = %s WHERE id = %s", ["Somebody Else", target.pk])
    assert AuditEvent.objects.get(pk=target.pk).actor_label == "Somebody Else"
    result = verify_chain()
    assert not result.ok
    assert result.broken_at == target.pk
    assert "changed" in result.problem


def test_verify_chain_detects_a_changed_hash_link(family_worker):
    """Rewriting a row *and* its hash breaks the next row's link instead."""
    events = _chain(family_worker.user, 4)
    target = events[1]
    _disable_append_only_trigger()
    _raw("UPDATE {table} SET reason = %s WHERE id = %s", ["covered", target.pk])
    row = AuditEvent.objects.filter(pk=target.pk).values(*HASHED_FIELDS).get()
    new_hash = event_hash(target.prev_hash, row)
    _raw("UPDATE {table} SET hash = %s WHERE id = %s", [new_hash, target.pk])
    result = verify_chain()
    assert not result.ok
    assert result.broken_at == events[2].pk
    assert "removed or inserted" in result.problem


def test_verify_chain_detects_a_deleted_row_in_the_middle(family_worker):
    events = _chain(family_worker.user, 5)
    middle = events[2]
    if connection.vendor == "postgresql":
        # The trigger refuses DELETE on PostgreSQL; switch it off to simulate a DBA tampering.
        _disable_append_only_trigger()
    _raw("DELETE FROM {table} WHERE id = %s", [middle.pk])
    assert not AuditEvent.objects.filter(pk=middle.pk).exists()
    result = verify_chain()
    assert not result.ok
    assert result.broken_at == events[3].pk
    assert "removed or inserted" in result.problem


def test_verify_chain_detects_a_forged_row_inserted_by_sql(family_worker):
    """A row appended by raw SQL, linked to the last hash but with a hash that does not
    match its content (works on both databases without touching the trigger)."""
    events = _chain(family_worker.user, 3)
    last = events[-1]
    cols = ", ".join(f for f in HASHED_FIELDS if f != "actor_label")
    _raw(
        "INSERT INTO {table} ({cols}, actor_label, prev_hash, hash) "
        "SELECT {cols}, %s, hash, %s FROM {table} WHERE id = %s",
        ["Forged Person", "f" * 64, last.pk],
        cols=cols,
    )
    forged = AuditEvent.objects.order_by("-pk").first()
    assert forged.actor_label == "Forged Person"
    assert forged.prev_hash == last.hash
    result = verify_chain()
    assert not result.ok
    assert result.broken_at == forged.pk
    assert "changed" in result.problem


def test_verify_chain_ok_for_events_from_ipv6_clients(family_worker):
    token = current.set(
        RequestContext(ip_address="2001:DB8:0:0:0:0:0:1", user_agent="UA", request_id="r")
    )
    try:
        audit.record(family_worker.user, Verb.VIEW, None)
    finally:
        current.reset(token)
    assert verify_chain().ok


def test_verify_chain_ok_for_events_from_compressed_ipv6(family_worker):
    token = current.set(RequestContext(ip_address="2001:db8::1"))
    try:
        audit.record(family_worker.user, Verb.VIEW, None)
    finally:
        current.reset(token)
    assert verify_chain().ok


# --- Append-only: the ORM --------------------------------------------------------------------


def test_orm_refuses_to_change_or_delete_events(family_worker):
    event = audit.record(family_worker.user, Verb.VIEW, None)
    original = AuditEvent.objects.filter(pk=event.pk).values().get()

    event.actor_label = "Changed"
    with pytest.raises(AuditImmutable):
        event.save()
    fetched = AuditEvent.objects.get(pk=event.pk)
    fetched.reason = "changed"
    with pytest.raises(AuditImmutable):
        fetched.save()
    with pytest.raises(AuditImmutable):
        fetched.save(update_fields=["reason"])
    with pytest.raises(AuditImmutable):
        fetched.delete()
    with pytest.raises(AuditImmutable):
        AuditEvent.objects.update(reason="x")
    with pytest.raises(AuditImmutable):
        AuditEvent.objects.filter(pk=event.pk).update(reason="x")
    with pytest.raises(AuditImmutable):
        AuditEvent.objects.filter(pk=event.pk).delete()
    with pytest.raises(AuditImmutable):
        AuditEvent.objects.all().delete()
    with pytest.raises(AuditImmutable):
        AuditEvent.objects.bulk_update([fetched], ["reason"])
    with pytest.raises(AuditImmutable):
        AuditEvent.objects.update_or_create(pk=event.pk, defaults={"reason": "x"})

    assert AuditEvent.objects.filter(pk=event.pk).values().get() == original
    assert verify_chain().ok


def test_saving_a_copy_with_an_existing_pk_is_refused(family_worker):
    event = audit.record(family_worker.user, Verb.VIEW, None)
    copy = AuditEvent(
        pk=event.pk, prev_hash=event.prev_hash, hash="0" * 64, actor_label="Overwrite", verb="view"
    )
    with pytest.raises(AuditImmutable):
        copy.save()
    assert AuditEvent.objects.get(pk=event.pk).actor_label == "Fola Worker"


# --- Append-only: the database ---------------------------------------------------------------


def test_database_refuses_raw_update(family_worker):
    event = audit.record(family_worker.user, Verb.VIEW, None)
    with pytest.raises(DatabaseError), transaction.atomic():
        _raw("UPDATE {table} SET actor_label = %s WHERE id = %s", ["Somebody Else", event.pk])
    assert AuditEvent.objects.get(pk=event.pk).actor_label == "Fola Worker"
    assert verify_chain().ok


def test_database_refuses_raw_delete(family_worker):
    if connection.vendor == "sqlite":
        pytest.skip(
            "SQLite keeps DELETE possible at the database level so test databases can "
            "be flushed (audit/migrations/0002_append_only.py); PostgreSQL is the "
            "production store and refuses it"
        )
    event = audit.record(family_worker.user, Verb.VIEW, None)
    with pytest.raises(DatabaseError), transaction.atomic():
        _raw("DELETE FROM {table} WHERE id = %s", [event.pk])
    assert AuditEvent.objects.filter(pk=event.pk).exists()


def test_database_refuses_raw_update_after_tamper_tests_rolled_back(family_worker):
    """The tamper tests switch the guard off inside their own transaction only."""
    event = audit.record(family_worker.user, Verb.VIEW, None)
    with pytest.raises(DatabaseError), transaction.atomic():
        _raw("UPDATE {table} SET reason = 'x' WHERE id = %s", [event.pk])


# --- Audit is part of the action's transaction -----------------------------------------------


def test_audit_event_rolls_back_with_a_failed_transaction(family_worker):
    before = AuditEvent.objects.count()

    class Boom(Exception):
        pass

    def failing_action():
        with transaction.atomic():
            audit.record(family_worker.user, Verb.VIEW, None)
            raise Boom

    with pytest.raises(Boom):
        failing_action()
    assert AuditEvent.objects.count() == before
    audit.record(family_worker.user, Verb.VIEW, None)
    assert verify_chain().ok
