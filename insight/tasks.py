"""The nightly summary (FAMILYHUB["SCHEDULE"], 01:30), run by the django-tasks worker."""

from django_tasks import task

from . import summary


@task()
def refresh_summary() -> dict:
    built = summary.build()
    return {"as_of": built.as_of.isoformat(), "facts": built.facts, "seconds": built.seconds}
