"""`familyhub returns ...`: the census and the daily collection from the command line, each
export audited with its purpose."""

from __future__ import annotations

import io
import json

import pytest
from django.core.management import CommandError, call_command

from audit.models import AuditEvent, Verb


def test_cin_census_command_writes_the_file_and_audits_it(census_casework, tmp_path):
    path = tmp_path / "census.xml"
    out = io.StringIO()
    call_command("returns", "cin-census", "--year", "2025-26", "--output", str(path),
                 "--quiet", "--purpose", "Return to DfE", stdout=out)  # fmt: skip
    assert "3 children written" in out.getvalue()
    assert path.read_bytes().count(b"<Child>") == 3
    event = AuditEvent.objects.get(verb=Verb.EXPORT)
    assert event.reason == "Return to DfE"
    assert event.changes["children"] == 3


def test_an_unknown_year_is_a_clear_error(db, tmp_path):
    with pytest.raises(CommandError, match="collection year"):
        call_command("returns", "cin-census", "--year", "2019", "--output", str(tmp_path / "x"))


def test_daily_collection_command(census_casework, tmp_path):
    path = tmp_path / "day.json"
    out = io.StringIO()
    call_command("returns", "daily-collection", "--date", "2025-11-20", "--output", str(path),
                 stdout=out)  # fmt: skip
    assert "1 children" in out.getvalue()
    body = json.loads(path.read_text())
    assert [c["la_child_id"] for c in body] == ["CEN002"]
    event = AuditEvent.objects.get(verb=Verb.EXPORT)
    assert event.changes["children"] == ["CEN002"]
