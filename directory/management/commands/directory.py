"""`familyhub directory import FILE-or-URL`: read another publisher's ORUK feed into the
directory (idempotent; each record that cannot be read is reported with the reason)."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from directory import actions, feeds

IMPORTER = "directory import"  # the system principal the import runs as (audited)


class Command(BaseCommand):
    help = "The service directory. `directory import SOURCE` reads an ORUK feed (file or URL)."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="what", required=True)
        reader = sub.add_parser("import", help="Import an Open Referral UK feed (file or URL).")
        reader.add_argument("source", help="A JSON file, or an ORUK API's address")

    def handle(self, *args, what: str, source: str, **options):
        try:
            parsed = feeds.read(source)
        except feeds.FeedUnreadable as exc:
            raise CommandError(f"{exc} Nothing was changed.") from exc
        report = actions.feed_import(by=IMPORTER, source=source, parsed=parsed)
        counts = report.counts()
        self.stdout.write(
            f"{source}: {counts['created']} new, {counts['updated']} changed, "
            f"{counts['unchanged']} unchanged, {counts['withdrawn']} withdrawn, "
            f"{counts['problems']} could not be read."
        )
        for name in report.withdrawn:
            self.stdout.write(f"  withdrawn (kept, marked withdrawn): {name}")
        for problem in report.problems:
            self.stderr.write(f"  not read: {problem.where}: {problem.reason}")
