"""The task worker's own recovery: a task whose worker was killed mid-run (kill -9, out of
memory, the host rebooted) is left "running" by django-tasks for ever. `familyhub worker`
(which `familyhub serve` and the systemd unit run) first looks for such tasks on this host —
claimed by a worker whose process is gone — and puts each back in the queue **once**; a task
whose worker died a second time is marked failed rather than retried again, so a task that
kills its worker cannot take the queue down in a loop. Tasks must therefore be safe to run
again (FamilyHub's are: linkage resumes from the rows it finished; audit checks and sweeps
read, or write once per day).

Worker ids are "host:pid" so a restarted worker can tell a dead worker's claim from a live
one's; claims by workers on other hosts are left to those hosts' own workers. In a container
the host is the container (its hostname survives a restart, deploy/compose.yaml)."""

from __future__ import annotations

import os
import socket
from dataclasses import dataclass, field

from django.utils import timezone
from django_tasks.base import TaskResultStatus
from django_tasks_db.models import DBTaskResult

MAX_ATTEMPTS = 2  # the first run and one retry


@dataclass
class Recovery:
    requeued: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)


def worker_id(pid: int | None = None) -> str:
    return f"{socket.gethostname()[:40]}:{pid or os.getpid()}"


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # someone else's process: alive
    return True


def _dead_here(last: str) -> bool:
    """Claimed by a worker on this host that is gone. A claim in this process's own id is a
    previous worker's too (this one has claimed nothing yet): a restarted container's worker
    runs with the same process id, 1, as the one that was killed."""
    host, _, pid = last.rpartition(":")
    if host != socket.gethostname()[:40] or not pid.isdigit():
        return False
    return int(pid) == os.getpid() or not _alive(int(pid))


def recover_interrupted() -> Recovery:
    """Requeue (once) or fail the tasks this host's dead workers left running."""
    outcome = Recovery()
    for row in DBTaskResult.objects.filter(status=TaskResultStatus.RUNNING):
        claims = list(row.worker_ids or [])
        if not claims or not _dead_here(str(claims[-1])):
            continue
        if len(claims) < MAX_ATTEMPTS:
            DBTaskResult.objects.filter(pk=row.pk, status=TaskResultStatus.RUNNING).update(
                status=TaskResultStatus.READY, started_at=None
            )
            outcome.requeued.append(str(row.pk))
        else:
            DBTaskResult.objects.filter(pk=row.pk, status=TaskResultStatus.RUNNING).update(
                status=TaskResultStatus.FAILED,
                finished_at=timezone.now(),
                exception_class_path="calendar_rules.worker.WorkerDied",
                traceback=f"its worker stopped during the task {len(claims)} times; not retried",
            )
            outcome.failed.append(str(row.pk))
    return outcome


class WorkerDied(Exception):
    """Recorded as the failure of a task whose worker died during it too often."""
