"""`familyhub returns cin-census --year 2026 --output FILE.xml`: the Children in Need census.

    familyhub returns cin-census --year 2025-26 --output census.xml [--validate]
    familyhub returns cin-validate census.xml --year 2025-26
    familyhub returns daily-collection --date 2026-11-20 --output day.json
    familyhub returns daily-collection --date 2026-11-20 --push  (FAMILYHUB_DAILY_PUSH_URL set)

The year is the collection year (2025-26) or the year of its reference date (2026). The census
is written as it is read (streamed), then, with --validate, checked with DfE's own rules in the
validator's isolated environment (made on first use). Each export is audited with its purpose.
"""

from __future__ import annotations

import datetime as dt
import sys
import time
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from familyhub import errors
from returns import actions, tasks, validator, years

DEFAULT_PURPOSE = "Children in Need census return to DfE"


class Command(BaseCommand):
    help = __doc__.splitlines()[0]

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="what", required=True)
        census = sub.add_parser("cin-census", help="write the CIN census XML")
        census.add_argument("--year", required=True, help="2025-26, or 2026 (the reference year)")
        census.add_argument("--output", required=True, help="the XML file to write")
        census.add_argument("--purpose", default=DEFAULT_PURPOSE, help="why (audited)")
        census.add_argument("--validate", action="store_true", help="then run DfE's rules")
        census.add_argument("--quiet", action="store_true", help="no progress counter")
        check = sub.add_parser("cin-validate", help="run DfE's rules on a census file")
        check.add_argument("file")
        check.add_argument("--year", required=True)
        day = sub.add_parser("daily-collection", help="DfE's daily collection request body")
        day.add_argument("--date", required=True, help="YYYY-MM-DD: the day's changes")
        where = day.add_mutually_exclusive_group(required=True)
        where.add_argument("--output", help="the JSON file to write")
        where.add_argument("--push", action="store_true", help="queue the push to DfE")
        day.add_argument("--purpose", default="DfE daily child-level collection", help="why")

    def handle(self, *args, what, **options):
        if what == "daily-collection":
            return self._daily(options)
        try:
            year = years.parse(options["year"])
        except errors.RuleViolation as exc:
            raise CommandError(exc.message) from exc
        if what == "cin-census":
            path = self._census(year, options)
            if options["validate"]:
                self._validate(path, year)
        else:
            path = Path(options["file"])
            if not path.is_file():
                raise CommandError(f"No such file: {path}")
            self._validate(path, year)

    def _census(self, year, options) -> Path:
        path = Path(options["output"])
        if not options["purpose"].strip():
            raise CommandError("Give the purpose of the export (--purpose)")
        quiet = options["quiet"]

        def progress(done: int, total: int) -> None:
            if not quiet:
                self.stderr.write(f"\r{done} of {total} children", ending="")

        started = time.perf_counter()
        count = actions.census_export_to_file(
            by=actions.SYSTEM_ACTOR,
            year=year,
            path=path,
            purpose=options["purpose"],
            progress=progress,
        )
        if not quiet:
            self.stderr.write("")
        self.stdout.write(
            f"CIN census {year.label} (reference date {year.reference_date:%-d %B %Y}): "
            f"{count} children written to {path} in {time.perf_counter() - started:.1f} s"
        )
        return path

    def _daily(self, options) -> None:
        try:
            day = dt.date.fromisoformat(options["date"])
        except ValueError as exc:
            raise CommandError("Enter the date as YYYY-MM-DD, for example 2026-11-20") from exc
        if options["push"]:
            return self._push(day, options["purpose"])
        count = actions.daily_export_to_file(
            by=actions.SYSTEM_ACTOR,
            day=day,
            path=Path(options["output"]),
            purpose=options["purpose"],
        )
        self.stdout.write(
            f"DfE daily collection for {day}: {count} children to {options['output']}"
        )

    def _push(self, day: dt.date, purpose: str) -> None:
        try:
            send = actions.daily_push_start(
                by=actions.SYSTEM_ACTOR, day=day, purpose=purpose, then=tasks.push_daily.enqueue
            )
        except errors.RuleViolation as exc:
            raise CommandError(exc.message) from exc
        self.stdout.write(
            f"DfE daily collection for {day}: {send.children} children in {len(send.bodies)} "
            f"bodies queued for the task worker to push to {send.destination}"
        )

    def _validate(self, path: Path, year) -> None:
        try:
            result = validator.validate(path, year.ruleset)
        except validator.ValidatorUnavailable as exc:
            raise CommandError(str(exc)) from exc
        for f in result.errors + result.queries:
            kind = "query" if f.is_query else "ERROR"
            where = f"{f.table}.{f.field}" if f.table else "whole return"
            self.stdout.write(f"{kind} {f.code} {f.child or '-'} {where}: {f.message}")
        self.stdout.write(
            f"DfE rules {result.ruleset} ({result.rules} rules): "
            f"{len(result.errors)} errors, {len(result.queries)} queries"
        )
        if result.errors:
            sys.exit(1)
