"""`familyhub audit verify`: walk the audit hash chain and the anchors; report every problem.

familyhub audit verify            check now, in this process (exit 1 if broken)
familyhub audit verify --enqueue  hand the check to the task worker and print the task id
familyhub audit anchor            write the chain's signed head to the anchor file now
familyhub audit app-role NAME [--apply]
                                  the PostgreSQL role the app should run as: no UPDATE,
                                  DELETE or TRUNCATE on the audit table (see audit/roles.py)
"""

from django.core.management.base import BaseCommand, CommandError

from audit.anchor import verify_anchors, write_anchor
from audit.roles import app_role_sql, apply_app_role
from audit.tasks import verify_audit_chain
from audit.verify import verify_chain


class Command(BaseCommand):
    help = "Audit trail tools: 'verify' checks the tamper-evident hash chain."

    def add_arguments(self, parser):
        parser.add_argument("action", choices=["verify", "anchor", "app-role"])
        parser.add_argument("role", nargs="?", help="app-role: the role's name")
        parser.add_argument("--apply", action="store_true", help="app-role: run the SQL now")
        parser.add_argument(
            "--enqueue", action="store_true", help="run the check in the background task worker"
        )

    def handle(self, *args, action, enqueue, role=None, apply=False, **options):
        if action == "app-role":
            try:
                sql = app_role_sql(role or "")
                if apply:
                    apply_app_role(role)
            except ValueError as exc:
                raise CommandError(str(exc)) from exc
            if apply:
                self.stdout.write(
                    f"Role {role} may now use the database; the audit table is "
                    "insert-only for it. Point DATABASE_URL at it for the app."
                )
            else:
                self.stdout.write(";\n".join(sql) + ";")
            return
        if action == "anchor":
            anchor = write_anchor()
            if anchor is None:
                self.stdout.write("No audit events yet: nothing to anchor")
            else:
                self.stdout.write(
                    f"Anchored event {anchor['event_id']} ({anchor['count']} events) "
                    f"hash {anchor['hash'][:16]}…"
                )
            return
        if enqueue:
            result = verify_audit_chain.enqueue()
            self.stdout.write(f"Audit verification queued as task {result.id}")
            return
        outcome = verify_chain()
        anchors = verify_anchors()
        if not (outcome.ok and anchors.ok):
            problems = [str(p) for p in outcome.problems] + [
                f"anchor: {p}" for p in anchors.problems
            ]
            first = (
                f"at event {outcome.broken_at}" if outcome.broken_at else "(anchors do not match)"
            )
            raise CommandError(
                f"Audit chain BROKEN {first}: {len(problems)} problem(s) in "
                f"{outcome.checked} events and {anchors.checked} anchors checked:\n"
                + "\n".join(f"  - {p}" for p in problems)
            )
        self.stdout.write(
            f"Audit chain intact: {outcome.checked} events verified, "
            f"{anchors.checked} anchors match"
        )
