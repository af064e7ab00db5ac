"""`familyhub scheduler`: enqueue the daily jobs when they are due (started by `familyhub serve`;
run one per app server or as a cron job with --once)."""

import time

from django.core.management.base import BaseCommand

from calendar_rules.schedule import run_due


class Command(BaseCommand):
    help = "Enqueue daily jobs (FAMILYHUB['SCHEDULE']) for the task worker when they are due."

    def add_arguments(self, parser):
        parser.add_argument("--once", action="store_true", help="check once and exit")
        parser.add_argument("--interval", type=int, default=60, help="seconds between checks")

    def handle(self, *args, once: bool, interval: int, **options):
        while True:
            for job in run_due():
                self.stderr.write(f"scheduler: enqueued {job}")
            if once:
                return
            time.sleep(interval)
