"""Commands and tasks: loading rules, importing structured notifications, the nightly sweep;
and the house rule that pages read records only through queries."""

import io
import json
import re
from pathlib import Path

import pytest
from django.core.management import call_command

from frontdoor.models import EarlyWarning, Signal
from frontdoor.tasks import sweep_early_warnings
from organisations.factories import OrganisationFactory

pytestmark = pytest.mark.django_db


def test_load_rules_is_idempotent():
    out = io.StringIO()
    call_command("frontdoor-load-rules", stdout=out)
    text = out.getvalue()
    assert "Continuum demo-borough 2025-1 (from 2025-04-01): already loaded" in text
    assert "Routing rules: version 2025-1" in text


def test_signal_import_records_good_lines_and_reports_bad_ones(
    tmp_path, smith_family, locality_teams
):
    smith_family.jaden.upn = "A123456789012"
    smith_family.jaden.save()
    police = OrganisationFactory(name="Demo Police")
    school = OrganisationFactory(name="Demo School")
    lines = [
        {
            "family": smith_family.reference,
            "kind": "domestic_abuse_notification",
            "organisation": "Demo Police",
            "occurred_at": "2026-11-20T23:10:00+00:00",
            "summary": "Police attended a domestic incident; Jaden present",
            "reference": "OE-1",
        },
        {
            "family": smith_family.reference,
            "kind": "domestic_abuse_notification",
            "organisation": "Demo Police",
            "occurred_at": "2026-11-20T23:10:00+00:00",
            "summary": "the same one again",
            "reference": "OE-1",
        },
        {
            "family": smith_family.reference,
            "kind": "attendance",
            "organisation": "Demo School",
            "person_upn": "A123456789012",
            "percent": 82.5,
            "period_end": "2026-11-20",
        },
        {
            "family": "FH-NOPE",
            "kind": "other",
            "organisation": "Demo Police",
            "occurred_at": "2026-11-20T10:00:00+00:00",
        },
    ]
    path = tmp_path / "feed.jsonl"
    path.write_text("\n".join(json.dumps(x) for x in lines) + "\n\nnot json\n")
    out, err = io.StringIO(), io.StringIO()
    call_command("frontdoor-signals", str(path), stdout=out, stderr=err)
    assert Signal.objects.filter(organisation=police).count() == 1
    assert Signal.objects.get(organisation=school).kind == "attendance"
    assert "line 4: No family with reference FH-NOPE" in err.getvalue()
    assert "line 6:" in err.getvalue()
    assert "2 new signal(s) recorded" in out.getvalue()


def test_nightly_sweep_applies_the_rule(smith_family, locality_teams):
    from django.utils import timezone

    for n in range(3):
        Signal.objects.create(  # e.g. written by a bulk import that did not apply the rule
            family=smith_family,
            kind="other",
            organisation=OrganisationFactory(),
            occurred_at=timezone.now(),
            summary=f"worry {n}",
        )
    assert not EarlyWarning.objects.exists()
    result = sweep_early_warnings.call()
    assert result["families_with_warnings"] == 1
    assert EarlyWarning.objects.get().signals.count() == 3


def test_pages_read_records_only_through_queries():
    """scripts/check_house_rules.py checks files named views.py; this package splits its
    views into a package, so apply the same rule here."""
    views = Path(__file__).resolve().parents[1] / "views"
    pattern = re.compile(r"\b[A-Z][A-Za-z]+\.objects\b|\bget_object_or_404\(")
    problems = [
        f"{path.name}:{n}"
        for path in views.glob("*.py")
        for n, line in enumerate(path.read_text().splitlines(), start=1)
        if pattern.search(line)
    ]
    assert problems == []
