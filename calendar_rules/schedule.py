"""Daily jobs (reminders for overdue statutory clocks, the early-warning sweep, the audit chain
check) enqueued for the django-tasks worker at a time of day set in FAMILYHUB["SCHEDULE"]."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.module_loading import import_string

from .models import ScheduledRun


def jobs() -> list[dict]:
    return list(settings.FAMILYHUB.get("SCHEDULE", []))


def run_due(*, now: dt.datetime | None = None) -> list[str]:
    """Enqueue each job whose time has come today and that has not run today. Returns the
    jobs enqueued by this call."""
    now = timezone.localtime(now or timezone.now())
    enqueued = []
    for job in jobs():
        at = dt.time.fromisoformat(job["at"])
        if now.time() < at:
            continue
        try:
            with transaction.atomic():
                run = ScheduledRun.objects.create(job=job["task"], day=now.date())
                result = import_string(job["task"]).enqueue()
                run.task_id = str(result.id)
                run.save(update_fields=["task_id"])
        except IntegrityError:  # another scheduler (or an earlier tick) has it
            continue
        enqueued.append(job["task"])
    return enqueued
