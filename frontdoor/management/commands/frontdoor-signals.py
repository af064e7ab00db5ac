"""`familyhub frontdoor-signals FILE`: record structured notifications as early-warning signals.

FILE holds one JSON object per line (an Operation Encompass-style feed, an attendance extract):
  {"family": "FH-ABC123", "kind": "domestic_abuse_notification", "organisation": "Demo
   Constabulary – Public Protection", "occurred_at": "2026-11-20T23:10:00+00:00",
   "summary": "...", "reference": "OE-2026-0042"}
  {"family": "FH-ABC123", "kind": "attendance", "organisation": "Northgate Primary School",
   "person_upn": "...", "percent": 84.5, "period_end": "2026-11-20"}
Each line is checked and recorded on its own; bad lines are reported and the rest carry on.
A notification already recorded (same reference) is not recorded twice."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from familyhub import errors
from frontdoor import actions, queries

ACTOR = "front-door signal import"


class Command(BaseCommand):
    help = "Record structured notifications (JSON lines) as early-warning signals."

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)

    def handle(self, *args, file: Path, **options):
        if not file.exists():
            raise CommandError(f"{file} not found")
        before = queries.signal_count()
        problems = below_threshold = 0
        with file.open(encoding="utf-8") as lines:
            for number, line in enumerate(lines, start=1):
                if not line.strip():
                    continue
                try:
                    made = self._one(json.loads(line))
                except (ValueError, KeyError, errors.DomainError) as exc:
                    problems += 1
                    message = getattr(exc, "message", None) or str(exc)
                    self.stderr.write(f"line {number}: {message}")
                    continue
                below_threshold += 0 if made else 1
        new = queries.signal_count() - before
        self.stdout.write(
            f"{new} new signal(s) recorded; {below_threshold} attendance figure(s) above the "
            f"threshold; {problems} line(s) with problems (already recorded ones are skipped)"
        )

    def _one(self, row: dict):
        family = queries.family_by_reference(row["family"])
        organisation = queries.organisation_named(row["organisation"])
        if row["kind"] == "attendance":
            person = queries.family_member_by_upn(family, row["person_upn"])
            return actions.signal_record_attendance(
                by=ACTOR,
                family=family,
                person=person,
                organisation=organisation,
                percent=float(row["percent"]),
                period_end=dt.date.fromisoformat(row["period_end"]),
            )
        return actions.signal_record(
            by=ACTOR,
            family=family,
            kind=row["kind"],
            organisation=organisation,
            occurred_at=dt.datetime.fromisoformat(row["occurred_at"]),
            summary=row.get("summary", ""),
            source_reference=row.get("reference") or None,
        )
