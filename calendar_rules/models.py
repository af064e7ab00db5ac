from django.db import models
from django.utils import timezone


class ScheduledRun(models.Model):
    """One run of a daily job: the unique (job, day) pair makes sure that however many
    schedulers run (one per app server), each job is enqueued once a day."""

    job = models.CharField(max_length=200)
    day = models.DateField()
    enqueued_at = models.DateTimeField(default=timezone.now)
    task_id = models.CharField(max_length=64, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["job", "day"], name="one_run_per_day")]

    def __str__(self) -> str:
        return f"{self.job} on {self.day}"
