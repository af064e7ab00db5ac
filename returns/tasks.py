"""Background work for the returns page (run by the django-tasks database worker)."""

from django_tasks import task

from . import actions


@task()
def run_census(run_id: int) -> dict:
    run = actions.census_run_execute(run_id)
    return {"run": run.pk, "status": run.status, "errors": run.errors, "queries": run.queries}
