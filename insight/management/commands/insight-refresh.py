"""`familyhub insight-refresh [--as-of YYYY-MM-DD]`: build the dashboards' summary now (it is
also built every night by the scheduler)."""

from __future__ import annotations

import datetime as dt

from django.core.management.base import BaseCommand, CommandError

from insight import summary


class Command(BaseCommand):
    help = __doc__.splitlines()[0]

    def add_arguments(self, parser):
        parser.add_argument("--as-of", default="", help="count up to this day (default today)")

    def handle(self, *args, **options):
        as_of = None
        if options["as_of"]:
            try:
                as_of = dt.date.fromisoformat(options["as_of"])
            except ValueError as exc:
                raise CommandError("--as-of must be a date like 2026-11-30") from exc
        built = summary.build(as_of)
        self.stdout.write(
            f"Dashboards' summary to {built.as_of}: {built.facts} rows in {built.seconds} s"
        )
