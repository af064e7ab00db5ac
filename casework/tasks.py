"""Background work for casework (run by the django-tasks database worker).

`send_reminders` is meant to run once a day: overdue statutory clocks remind the allocated
worker (or the team's managers when the work is unallocated), and step-downs not accepted in
the configured time are escalated to managers."""

from django_tasks import task

from . import actions


@task()
def send_reminders() -> dict:
    return actions.reminders_send(by=actions.SYSTEM)
