"""`familyhub reindex`: build every person's stored matching keys (after a bulk import, or
to repair them); `--missing` only adds keys for people who have none."""

from __future__ import annotations

from django.core.management.base import BaseCommand

from matching import register


class Command(BaseCommand):
    help = "Build the register's matching keys (PersonKey) for every person, in batches."

    def add_arguments(self, parser):
        parser.add_argument(
            "--missing", action="store_true", help="Only people who have no keys yet."
        )
        parser.add_argument("--batch-size", type=int, default=20_000)

    def handle(self, *args, missing: bool, batch_size: int, **options):
        counts = register.reindex(
            batch_size=batch_size, only_missing=missing, progress=self._progress
        )
        self.stdout.write(f"Indexed {counts['people']:,} people ({counts['keys']:,} keys).")

    def _progress(self, done: int, total: int, elapsed: float) -> None:
        self.stderr.write(f"people {done:,}/{total:,} ({elapsed:.0f} s)")
