"""Background work for the returns page (run by the django-tasks database worker)."""

import datetime as dt

from django.utils import timezone
from django_tasks import task

from . import actions
from .models import SendStatus


@task()
def run_census(run_id: int) -> dict:
    run = actions.census_run_execute(run_id)
    return {"run": run.pk, "status": run.status, "errors": run.errors, "queries": run.queries}


def retry_after(attempts: int) -> dt.timedelta:
    """Back off: 1, 2, 4, 8 minutes between tries."""
    return dt.timedelta(minutes=2 ** max(attempts - 1, 0))


@task()
def push_daily(send_id: int) -> dict:
    """Push a day's bodies to DfE; queue itself again, later, while a retry is worth it."""
    send = actions.daily_push_execute(send_id)
    if send.status == SendStatus.RETRYING:
        push_daily.using(run_after=timezone.now() + retry_after(send.attempts)).enqueue(send_id)
    return {"send": send.pk, "status": send.status, "attempts": send.attempts}
