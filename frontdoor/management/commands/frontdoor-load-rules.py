"""`familyhub frontdoor-load-rules`: load new continuum-of-need versions from frontdoor/data/.

A loaded version is never changed: a file whose version is already loaded with other content
is refused. Routing, early-warning and front-door settings files are read directly (their
version is recorded on each record they shape); this command also reports which are in use."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

import rules
from familyhub import errors
from frontdoor import continua
from frontdoor.models import Continuum


class Command(BaseCommand):
    help = "Load new continuum-of-need versions and show the rule versions in use."

    def handle(self, *args, **options):
        try:
            results = continua.load_all_continua(Continuum)
        except errors.RuleViolation as exc:
            raise CommandError(exc.message) from exc
        for row, created in results:
            state = "loaded" if created else "already loaded"
            self.stdout.write(
                f"Continuum {row.partnership} {row.version} (from {row.effective_from}): {state}"
            )
        self.stdout.write(f"Routing rules: version {rules.current('routing').version}")
        self.stdout.write(f"Early-warning rule: version {rules.current('early_warning').version}")
        self.stdout.write(f"Front-door settings: version {rules.current('front_door').version}")
