"""The move of BreakGlass and RecordAccessGrant from access to ig keeps every row: a row written
under the old state (access 0002) is read after ig 0001 / access 0003 by the new models."""

import datetime as dt

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

from ig.models import BreakGlass, RecordAccessGrant

BEFORE = [("access", "0002_access_list_and_break_glass"), ("ig", None)]
AFTER = [("access", "0003_move_break_glass_and_access_list_to_ig"), ("ig", "0001_initial")]


def _migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    known = [t for t in targets if t[1] is not None]
    return executor.loader.project_state(known).apps


def _migrate_to_latest():
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())


@pytest.mark.django_db(transaction=True)
def test_rows_written_before_the_move_are_read_after_it(ig_officer, family_worker, smith_family):
    old = _migrate(BEFORE)
    try:
        OldGlass = old.get_model("access", "BreakGlass")
        OldGrant = old.get_model("access", "RecordAccessGrant")
        now = timezone.now()
        glass = OldGlass.objects.create(
            family_id=smith_family.pk,
            practitioner_id=family_worker.pk,
            reason="Child at A&E with an injury; need to know who is involved",
            opened_at=now,
            expires_at=now + dt.timedelta(minutes=120),
        )
        grant = OldGrant.objects.create(
            family_id=smith_family.pk,
            practitioner_id=family_worker.pk,
            reason="Family in a refuge",
            granted_by_id=ig_officer.user.pk,
        )
    finally:
        _migrate(AFTER)
        _migrate_to_latest()  # the models below (and later tests) read today's schema

    moved_glass = BreakGlass.objects.get(pk=glass.pk)
    assert moved_glass.family == smith_family
    assert moved_glass.practitioner == family_worker
    assert moved_glass.review == "pending"
    assert moved_glass.expires_at == glass.expires_at
    moved_grant = RecordAccessGrant.objects.get(pk=grant.pk)
    assert moved_grant.reason == "Family in a refuge"
    assert moved_grant.granted_by == ig_officer.user
    assert list(family_worker.access_grants.all()) == [moved_grant]
    assert BreakGlass._meta.db_table == "access_breakglass"
    assert RecordAccessGrant._meta.db_table == "access_recordaccessgrant"
