"""Background work for pre-proceedings (run by the django-tasks database worker).

`send_reminders` runs once a day with casework's: overdue pre-proceedings clocks remind the
child's allocated worker (or the team's managers when the work is unallocated)."""

from django_tasks import task

from . import actions


@task()
def send_reminders() -> int:
    return actions.reminders_send(by=actions.SYSTEM)
