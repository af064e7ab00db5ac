"""The read replica (familyhub.db_router): with a second real database holding a copy of the
primary, the reads of reports and dashboards come from it and nothing is ever written there;
everything else, and every audit event, stays on the primary; without a replica nothing
changes. The replica is the test settings' "replica" database (SQLite or PostgreSQL, as the
primary), turned on per test."""

from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.apps import apps
from django.db import connections, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from access.models import User
from audit.models import AuditEvent
from conftest import client_for
from familyhub.db_router import ReplicaRouter, replica_reads
from insight.models import Fact, SummaryBuild
from organisations.factories import PractitionerFactory
from organisations.models import Role
from people.models import Family

ROOT = Path(__file__).resolve().parents[2]
BOTH = pytest.mark.django_db(databases=["default", "replica"])
WRITES = ("INSERT", "UPDATE", "DELETE", "CREATE", "DROP", "ALTER")


@pytest.fixture
def replica_on(settings):
    settings.FAMILYHUB_REPLICA = "replica"


def copy_to_replica() -> None:
    """The replica as streaming replication keeps it: every row of the primary, and nothing
    else (not the content types its own set-up made)."""
    replica = connections["replica"]
    models = [
        m
        for m in apps.get_models(include_auto_created=True)
        if m._meta.managed and not m._meta.proxy
    ]
    with replica.cursor() as cursor:
        for model in models:
            table = replica.ops.quote_name(model._meta.db_table)
            cursor.execute(f"DELETE FROM {table}")  # noqa: S608 - a model's own table
    for model in models:
        rows = list(model._base_manager.using("default").all())
        model._base_manager.using("replica").bulk_create(rows, batch_size=500)


def _sql(ctx: CaptureQueriesContext, *starts: str) -> list[str]:
    return [q["sql"] for q in ctx.captured_queries if q["sql"].lstrip().upper().startswith(starts)]


def _writes(ctx: CaptureQueriesContext) -> list[str]:
    return _sql(ctx, *WRITES)


def _reads(ctx: CaptureQueriesContext) -> list[str]:
    return _sql(ctx, "SELECT", "DECLARE")  # DECLARE … FOR SELECT: PostgreSQL's iterator()


@pytest.fixture
def data_officer(db):
    return PractitionerFactory(role=Role.DATA_OFFICER, job_title="Data officer")


@pytest.fixture
def summary_on_primary(db):
    """A nightly summary on the primary: 1,234 assessments in March 2026, 1,111 in time."""
    SummaryBuild.objects.create(
        as_of=dt.date(2026, 6, 30),
        facts=1,
        choices={"months": ["2026-03-01"], "areas": [], "teams": [], "agencies": []},
    )
    Fact.objects.create(measure="clocks", month=dt.date(2026, 3, 1), n=1234, met=1111)


QUERY = {"start": "2026-03", "end": "2026-03"}


@BOTH
def test_the_dashboard_is_read_from_the_replica_and_its_audit_written_to_the_primary(
    client, data_officer, summary_on_primary, replica_on
):
    copy_to_replica()
    # The replica's copy differs in one figure (as if it had replayed a later build).
    Fact.objects.using("replica").filter(measure="clocks").update(n=4321)
    events = AuditEvent.objects.using("replica").count()
    c = client_for(client, data_officer)
    url = reverse("insight:dashboard", args=["timeliness"])
    with (
        CaptureQueriesContext(connections["default"]) as primary,
        CaptureQueriesContext(connections["replica"]) as replica,
    ):
        page = c.get(url, QUERY)
    assert page.status_code == 200
    body = page.content.decode()
    assert "4321" in body
    assert "1234" not in body
    assert _reads(replica), "the dashboard read nothing from the replica"
    assert _writes(replica) == []
    assert AuditEvent.objects.using("replica").count() == events
    assert any("audit_auditevent" in sql for sql in _writes(primary))
    assert AuditEvent.objects.filter(
        actor_id=data_officer.user.pk, verb="view", changes__report="dashboard:timeliness"
    ).exists()
    # Who is signed in, and with what role, was read on the primary only.
    assert not any("access_user" in sql or "organisations_" in sql for sql in _reads(replica))


@BOTH
def test_without_a_replica_the_dashboard_reads_the_primary(
    client, data_officer, summary_on_primary, settings
):
    copy_to_replica()
    Fact.objects.using("replica").filter(measure="clocks").update(n=4321)
    assert settings.FAMILYHUB_REPLICA == ""
    c = client_for(client, data_officer)
    with CaptureQueriesContext(connections["replica"]) as replica:
        page = c.get(reverse("insight:dashboard", args=["timeliness"]), QUERY)
    assert "1234" in page.content.decode()
    assert replica.captured_queries == []


@pytest.fixture
def hub_coordinator(db):
    return PractitionerFactory(role=Role.HUB_COORDINATOR, job_title="Hub coordinator")


@BOTH
@pytest.mark.parametrize(
    ("who", "url"),
    [
        ("data_officer", reverse("insight:index")),
        ("data_officer", reverse("insight:download", args=["timeliness"])),
        ("data_officer", reverse("returns:disproportionality")),
        ("data_officer", reverse("returns:disproportionality-download")),
        ("data_officer", reverse("returns:claims")),
        ("data_officer", reverse("sharing:non-disclosure-counts")),
        ("hub_coordinator", reverse("hubs:reach")),
        ("hub_coordinator", reverse("hubs:reach-download")),
    ],
)
def test_reports_read_from_the_replica_and_write_nothing_there(
    client, request, who, url, summary_on_primary, replica_on
):
    copy_to_replica()
    c = client_for(client, request.getfixturevalue(who))
    with CaptureQueriesContext(connections["replica"]) as replica:
        page = c.get(url)
    assert page.status_code == 200
    assert _reads(replica)
    assert _writes(replica) == []


@BOTH
def test_the_annex_a_export_reads_its_lists_from_the_replica(data_officer, replica_on):
    from returns import actions

    copy_to_replica()
    with (
        CaptureQueriesContext(connections["default"]) as primary,
        CaptureQueriesContext(connections["replica"]) as replica,
    ):
        path, _ = actions.annex_a_export(
            by=data_officer.user,
            start=dt.date(2026, 1, 1),
            end=dt.date(2026, 6, 30),
            purpose="Ofsted inspection",
            fmt="csv",
        )
    path.unlink()
    assert _reads(replica)
    assert _writes(replica) == []
    assert any("audit_auditevent" in sql for sql in _writes(primary))


@BOTH
def test_only_reads_in_a_report_scope_and_outside_its_transactions_use_the_replica(
    data_officer, replica_on
):
    copy_to_replica()
    router = ReplicaRouter()
    assert router.db_for_read(Family) == "default"  # no report scope
    with replica_reads():
        assert router.db_for_read(Family) == "replica"
        assert router.db_for_read(User) == "default"  # sign-in and roles: the primary
        assert router.db_for_read(AuditEvent) == "default"
        assert router.db_for_write(Family) == "default"
        with transaction.atomic():  # read in order to write: the primary
            assert router.db_for_read(Family) == "default"
        with CaptureQueriesContext(connections["replica"]) as replica:
            family = Family.objects.create(name="Written in a report scope")
            family.name = "Renamed"
            family.save()
        assert _writes(replica) == []
    assert Family.objects.using("default").filter(name="Renamed").exists()
    assert not Family.objects.using("replica").filter(name__startswith="Re").exists()


def test_without_a_replica_the_router_answers_nothing(settings):
    settings.FAMILYHUB_REPLICA = ""
    router = ReplicaRouter()
    with replica_reads():
        assert router.db_for_read(Family) is None
        assert router.db_for_write(Family) is None


def _settings_in_a_new_process(env_extra: dict[str, str]) -> dict:
    script = (
        "import django, json; django.setup();"
        "from django.conf import settings; from django.db import connections;"
        "out = {'aliases': sorted(settings.DATABASES), 'replica': settings.FAMILYHUB_REPLICA,"
        " 'cache': settings.CACHES['default']['BACKEND'].rsplit('.', 1)[-1]};"
        "exec(\"if out['replica']:\\n"
        " try:\\n  connections['replica'].cursor().execute('CREATE TABLE t (x int)')\\n"
        "  out['wrote'] = True\\n"
        " except Exception as e:\\n  out['wrote'] = str(e)\");"
        "print(json.dumps(out))"
    )
    dropped = {"DJANGO_SETTINGS_MODULE", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    dropped |= {"FAMILYHUB_REPLICA_DATABASE_URL", "DATABASE_URL", "FAMILYHUB_CACHE"}
    env = {k: v for k, v in os.environ.items() if k not in dropped}
    env.update({"DJANGO_SETTINGS_MODULE": "familyhub.settings.dev", **env_extra})
    result = subprocess.run(  # noqa: S603 - fixed argv
        [sys.executable, "-c", script], cwd=ROOT, env=env, capture_output=True, text=True,
        timeout=120, check=False,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_the_replica_and_a_shared_cache_are_configured_from_the_environment(tmp_path):
    """The replica's own connection refuses writes, whatever the router says."""
    replica_file = tmp_path / "replica.sqlite3"
    without = _settings_in_a_new_process({"DATABASE_URL": f"sqlite:///{tmp_path / 'p.sqlite3'}"})
    assert without == {"aliases": ["default"], "replica": "", "cache": "LocMemCache"}
    with_replica = _settings_in_a_new_process(
        {
            "DATABASE_URL": f"sqlite:///{tmp_path / 'p.sqlite3'}",
            "FAMILYHUB_REPLICA_DATABASE_URL": f"sqlite:///{replica_file}",
            "FAMILYHUB_CACHE": "database",  # several app servers: one shared cache
        }
    )
    assert with_replica["aliases"] == ["default", "replica"]
    assert with_replica["replica"] == "replica"
    assert "readonly" in with_replica["wrote"]
    assert with_replica["cache"] == "DatabaseCache"
