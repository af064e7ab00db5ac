"""`familyhub link FILE.csv --source school-roll`: link a partner's extract into the register.

Each row is linked automatically when the matching engine is certain, otherwise recorded as a
new person, with any likely or possible match sent to the clerical review queue. Re-running
the same file changes nothing; a run that was stopped carries on where it left off. Rows that
cannot be read are reported (row, column, problem) and skipped.
"""

from __future__ import annotations

import time
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from access.models import User
from linkage import actions
from linkage.models import RunStatus, Source


class Command(BaseCommand):
    help = __doc__.splitlines()[0]

    def add_arguments(self, parser):
        parser.add_argument("file", help="CSV file with the dedupe contract's columns (+ upn)")
        parser.add_argument("--source", required=True, choices=Source.values)
        parser.add_argument("--by", default="", help="email of the data officer running it")
        parser.add_argument("--quiet", action="store_true", help="no progress counter")

    def handle(self, *args, file, source, by, quiet, **options):
        path = Path(file)
        if not path.is_file():
            raise CommandError(f"No such file: {file}")
        actor = actions.system_actor(source)
        if by:
            actor = User.objects.filter(email__iexact=by).first()
            if actor is None:
                raise CommandError(f"No user with the email {by}")
        try:
            run = actions.run_create(
                by=actor, source=source, file_name=path.name, sha256=actions.file_sha256(path)
            )
        except actions.errors.NotPermitted as exc:
            raise CommandError(f"{by} may not link partner data") from exc
        progress = None if quiet else self._progress()
        try:
            run = actions.run_file(run=run, path=path, progress=progress)
        except (actions.LinkInterrupted, KeyboardInterrupt) as exc:
            run.refresh_from_db()
            raise CommandError(
                f"Stopped after {run.rows_done} of {run.total_rows} rows: every row read so far "
                "is saved. Run the same command again to carry on."
            ) from exc
        finally:
            if progress is not None:
                self.stderr.write("")
        for p in run.problems:
            outcome = "skipped" if p["skipped"] else "warning"
            self.stderr.write(
                f"row {p['row']} ({p['record_id'] or 'no id'}) {p['column']}: {p['problem']} "
                f"[{outcome}]"
            )
        if run.status == RunStatus.FAILED:
            raise CommandError(run.message)
        self.stdout.write(
            f"Run {run.pk}: read {run.rows_done}, linked automatically {run.linked}, "
            f"to review {run.to_review}, created {run.created}, unreadable {run.unreadable}, "
            f"unchanged {run.unchanged}, changed {run.updated}, warnings {run.warnings}"
        )

    def _progress(self):
        state = {"last": 0.0}
        out = self.stderr._out

        def show(done, total):
            now = time.monotonic()
            if now - state["last"] < 0.2 and done < total:
                return
            state["last"] = now
            width = 30
            filled = int(width * done / total) if total else width
            out.write(f"\rlinking [{'#' * filled}{'.' * (width - filled)}] {done}/{total}")
            out.flush()

        return show
