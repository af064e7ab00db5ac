"""A task worker restarted in its container (deploy/compose.yaml, `restart: always`) runs as
process 1 again, the same id as the worker that was killed: its claim is still recognised as a
dead worker's, and the task is retried once."""

import os

import pytest
from django_tasks.base import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from calendar_rules.tests.fault_tasks import ten_steps
from calendar_rules.worker import recover_interrupted, worker_id


@pytest.mark.django_db
def test_a_claim_in_the_new_workers_own_process_id_is_a_dead_workers(tmp_path):
    result = ten_steps.enqueue(str(tmp_path))
    DBTaskResult.objects.filter(pk=result.id).update(
        status=TaskResultStatus.RUNNING, worker_ids=[worker_id(os.getpid())]
    )
    outcome = recover_interrupted()
    assert outcome.requeued == [str(result.id)]
    assert DBTaskResult.objects.get(pk=result.id).status == TaskResultStatus.READY
