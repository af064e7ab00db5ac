"""Background work for the linker (run by the django-tasks database worker)."""

from django_tasks import task

from . import actions
from .models import LinkRun


@task()
def link_uploaded_file(run_id: int) -> dict:
    run = LinkRun.objects.get(pk=run_id)
    run = actions.run_file(run=run, path=run.file_path)
    return {"run": run.pk, "status": run.status, "rows": run.rows_done}
