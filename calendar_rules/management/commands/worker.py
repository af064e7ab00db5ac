"""`familyhub worker`: the django-tasks database worker, after putting back the tasks a killed
worker on this host left running (calendar_rules.worker). Takes db_worker's options."""

from django_tasks_db.management.commands import db_worker

from calendar_rules.worker import recover_interrupted, worker_id


class Command(db_worker.Command):
    help = "Run the task worker (tasks a killed worker left running are retried once)"

    def add_arguments(self, parser):
        super().add_arguments(parser)
        parser.set_defaults(worker_id=None)  # "host:pid" (below), not a random string

    def handle(self, *args, **options):
        outcome = recover_interrupted()
        for pk in outcome.requeued:
            self.stderr.write(f"Task {pk} was interrupted when its worker stopped: retrying it")
        for pk in outcome.failed:
            self.stderr.write(f"Task {pk} was interrupted again: marked failed, not retried")
        options["worker_id"] = options.get("worker_id") or worker_id()  # a restart can tell
        super().handle(*args, **options)
