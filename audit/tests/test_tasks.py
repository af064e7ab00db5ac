"""The audit verification runs through the real django-tasks database backend and worker."""

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

import audit
from audit.models import AuditEvent, Verb
from audit.tasks import verify_audit_chain


@pytest.mark.django_db(transaction=True)
def test_worker_runs_the_queued_verification(family_worker):
    audit.record(family_worker.user, Verb.SEARCH, None, changes={"q": "x"})
    audit.record(family_worker.user, Verb.SEARCH, None, changes={"q": "y"})
    result = verify_audit_chain.enqueue()
    assert result.status == "READY"

    call_command("db_worker", "--batch", "--no-startup-delay", verbosity=0)

    result.refresh()
    assert result.status == "SUCCESSFUL"
    assert result.return_value == {
        "ok": True,
        "checked": AuditEvent.objects.count(),
        "broken_at": None,
        "problem": "",
        "problems": [],
        "anchors_checked": 0,
        "anchor_problems": [],
    }


@pytest.mark.django_db
def test_verify_command_reports_intact_and_broken_chains(family_worker, capsys):
    first = audit.record(family_worker.user, Verb.SEARCH, None)
    audit.record(family_worker.user, Verb.SEARCH, None)
    call_command("audit", "verify")
    assert "Audit chain intact: 2 events verified, 0 anchors match" in capsys.readouterr().out

    # Forge an event by raw SQL, as someone with database access might.
    table = AuditEvent._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} (at, actor_label, actor_role, actor_organisation, verb, "  # noqa: S608
            "object_type, object_id, object_label, changes, reason, user_agent, request_id, "
            "prev_hash, hash) VALUES (%s, 'forger', '', '', 'view', '', '', '', '{}', '', '', "
            "'', %s, %s)",
            [first.at, "f" * 64, "e" * 64],
        )
    with pytest.raises(CommandError, match="BROKEN"):
        call_command("audit", "verify")
