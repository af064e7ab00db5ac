"""The application's database role may add audit events but never change or remove them."""

import pytest
from django.apps import apps
from django.core.management import CommandError, call_command
from django.db import DatabaseError, connection, transaction

import audit
from audit.models import AuditEvent, Verb
from audit.tests.test_audit import _disable_append_only_trigger

pytestmark = pytest.mark.django_db
TABLE = AuditEvent._meta.db_table
ROLE = "familyhub_test_app_role"


def _family_model():
    # Any other table will do; looked up by name so that audit imports no domain app.
    return apps.get_model("people", "Family")


def test_the_sql_is_printed(capsys):
    call_command("audit", "app-role", "familyhub_app")
    out = capsys.readouterr().out
    assert "REVOKE UPDATE, DELETE, TRUNCATE" in out
    assert "familyhub_app" in out


def test_a_bad_role_name_is_refused():
    with pytest.raises(CommandError, match="lower-case"):
        call_command("audit", "app-role", "x; DROP TABLE people")


@pytest.mark.skipif(connection.vendor != "postgresql", reason="roles are PostgreSQL's")
def test_the_app_role_cannot_change_or_remove_audit_events(family_worker, smith_family):
    event = audit.record(family_worker.user, Verb.VIEW, smith_family)
    call_command("audit", "app-role", ROLE, "--apply")  # rolled back with the test
    _disable_append_only_trigger()  # even with the trigger off, the role has no right to
    with connection.cursor() as cursor:
        cursor.execute(f"SET ROLE {ROLE}")
        try:
            # It works normally: reads and writes case tables, adds audit events.
            Family = _family_model()
            assert Family.objects.filter(pk=smith_family.pk).exists()
            Family.objects.filter(pk=smith_family.pk).update(summary="seen by the app role")
            audit.record(family_worker.user, Verb.VIEW, smith_family)
            for sql in (
                f"UPDATE {TABLE} SET reason = 'hidden' WHERE id = %s",  # noqa: S608
                f"DELETE FROM {TABLE} WHERE id = %s",  # noqa: S608
                f"ALTER TABLE {TABLE} DISABLE TRIGGER ALL",
                f"TRUNCATE {TABLE}",
            ):
                with (
                    pytest.raises(DatabaseError, match="permission denied|must be owner"),
                    transaction.atomic(),
                ):
                    cursor.execute(sql, [event.pk] if "%s" in sql else None)
        finally:
            cursor.execute("RESET ROLE")
    assert AuditEvent.objects.filter(pk=event.pk, reason="").exists()
