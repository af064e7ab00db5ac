"""Background work at the front door (run by the django-tasks database worker)."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone
from django_tasks import task

import rules

SWEEP_ACTOR = "early-warning sweep"


@task()
def sweep_early_warnings() -> dict:
    """Apply the early-warning rule to every family with a signal in the window (nightly):
    signals recorded by imports that bypassed the action, or a changed rule, are caught."""
    from .actions import evaluate_family
    from .models import Signal

    ew = rules.current("early_warning")
    since = timezone.now() - dt.timedelta(days=ew.window_days)
    families = (
        Signal.objects.filter(occurred_at__gte=since)
        .values_list("family_id", flat=True)
        .distinct()
        .order_by("family_id")
    )
    from people.models import Family

    fired = 0
    for family in Family.objects.filter(pk__in=families).iterator():
        if evaluate_family(by=SWEEP_ACTOR, family=family) is not None:
            fired += 1
    return {"families_with_warnings": fired, "rule_version": ew.version}
