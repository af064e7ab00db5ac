"""`familyhub demo`: build (or keep) the synthetic Demo Borough and print the demo sign-ins."""

from __future__ import annotations

import time

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from demo import borough
from demo.structure import DEMO_PASSWORD

# The other apps' demo data (FAMILYHUB DEMO_EXTRAS) chooses families of its own from the
# borough: the casework demo alone takes 13 with a child, one with two parents among them. A
# smaller borough stopped part-way through them (1, 10 and 13 families did, 20 with seed 1).
MIN_FAMILIES = 30

RESET_BLOCKED = (
    "The demo borough cannot be removed on its own: other records refer to it ({detail}).\n"
    "To start again, delete the database file (var/familyhub.sqlite3 by default), then run\n"
    "  familyhub migrate\n"
    "  familyhub demo"
)


def _unapplied_migrations() -> bool:
    from django.db import connection
    from django.db.migrations.exceptions import MigrationSchemaMissing, NodeNotFoundError
    from django.db.migrations.executor import MigrationExecutor

    try:
        executor = MigrationExecutor(connection)
    except (NodeNotFoundError, MigrationSchemaMissing):  # reported by `migrate` itself
        return False
    return bool(executor.migration_plan(executor.loader.graph.leaf_nodes()))


class Command(BaseCommand):
    help = (
        "Load the synthetic Demo Borough: partner organisations, family hubs, teams, demo "
        "sign-ins and N whole families. Does nothing if it is already loaded (use --reset to "
        "rebuild). Refuses to run unless FAMILYHUB['DEMO'] is on."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--families",
            type=int,
            default=500,
            help=f"How many families to create (default 500, at least {MIN_FAMILIES}).",
        )
        parser.add_argument(
            "--seed",
            type=int,
            default=2026,
            help="Random seed: the same seed gives the same borough (default 2026).",
        )
        parser.add_argument(
            "--reset",
            action="store_true",
            help="Remove the demo borough (synthetic families and people, demo "
            "sign-ins and organisations) and load it again.",
        )

    def handle(self, *args, families: int, seed: int, reset: bool, **options):
        if not settings.FAMILYHUB.get("DEMO"):
            raise CommandError(
                "Demo data is switched off here (FAMILYHUB['DEMO'] is False, as in production). "
                "The demo borough is synthetic and must never be loaded into a live system."
            )
        if families < MIN_FAMILIES:
            raise CommandError(
                f"--families must be at least {MIN_FAMILIES}: the casework, front door and hub "
                "demos each choose families of their own from the borough."
            )
        if _unapplied_migrations():
            raise CommandError("The database is not up to date: run `familyhub migrate` first.")

        state = borough.status()
        if state == borough.LOADED and not reset:
            self.stdout.write(
                "The demo borough is already loaded; nothing to do (use --reset to rebuild it)."
            )
            self._extras(seed)
            self._print_sign_ins()
            return
        if state == borough.PARTIAL and not reset:
            raise CommandError(
                "A previous demo load did not finish. Run `familyhub demo --reset` to remove "
                "it and load again."
            )
        if state != borough.EMPTY:
            self.stderr.write("Removing the existing demo borough…")
            try:
                borough.reset()
            except borough.ResetBlocked as exc:
                raise CommandError(RESET_BLOCKED.format(detail=exc)) from exc

        self.stderr.write(f"Loading the demo borough: {families:,} families (seed {seed})")
        started = time.monotonic()
        counts = borough.load(
            families=families, seed=seed, progress=self._progress, step=self._step
        )
        elapsed = time.monotonic() - started
        summary = ", ".join(f"{n:,} {name}" for name, n in counts.items())
        self.stdout.write(f"Demo borough loaded in {elapsed:.1f} s: {summary}.")
        self._extras(seed)
        self._print_sign_ins()

    def _extras(self, seed: int) -> None:
        """Each app's own demo data on top of the borough (idempotent; FAMILYHUB DEMO_EXTRAS)."""
        from django.utils.module_loading import import_string

        for path in settings.FAMILYHUB.get("DEMO_EXTRAS", []):
            started = time.monotonic()
            import_string(path)(seed=seed, stdout=self.stdout)
            self._step(path, time.monotonic() - started)

    def _step(self, name: str, seconds: float) -> None:
        self.stderr.write(f"{name}: {seconds:.1f} s")

    def _progress(self, done: int, total: int, elapsed: float) -> None:
        self.stderr.write(f"families {done:,}/{total:,} ({elapsed:.0f} s)")

    def _print_sign_ins(self) -> None:
        rows = [
            (s.email, s.role, s.organisation + (f" – {s.team}" if s.team else ""))
            for s in borough.sign_ins()
        ]
        header = ("Email", "Role", "Organisation")
        widths = [max(len(r[i]) for r in [header, *rows]) for i in range(2)]
        self.stdout.write("")
        self.stdout.write("Demo sign-ins (synthetic data only):")
        for email, role, org in [header, *rows]:
            self.stdout.write(f"  {email:<{widths[0]}}  {role:<{widths[1]}}  {org}")
        self.stdout.write(f"Password for every demo account: {DEMO_PASSWORD}")
