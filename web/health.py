"""Liveness and readiness for a load balancer or an orchestrator.

/healthz  the process is up and answering (no database: a database outage must not get
          healthy app servers restarted).
/readyz   this server can do its work: the database answers and the task queue (the
          django-tasks database backend's table) can be read. 503 with a plain reason when
          not; nothing to reset when the database returns, as each request connects anew
          (Django closes a connection that failed at the end of its request).
"""

from __future__ import annotations

import logging

from django.db import DatabaseError, connection
from django_tasks_db.models import DBTaskResult

log = logging.getLogger("familyhub.health")


def readiness() -> tuple[bool, dict]:
    """(ready, body): what /readyz answers."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except DatabaseError as exc:
        log.error("readyz: the database cannot be reached: %s", exc)
        return False, {
            "status": "unavailable",
            "database": "unreachable",
            "task_queue": "unknown",
            "message": "The database cannot be reached. FamilyHub cannot serve pages until it "
            "is back; this check recovers by itself.",
        }
    try:
        waiting = DBTaskResult.objects.ready().count()
    except DatabaseError as exc:
        log.error("readyz: the task queue cannot be read: %s", exc)
        return False, {
            "status": "unavailable",
            "database": "ok",
            "task_queue": "unreachable",
            "message": "The task queue cannot be read (is the database migrated?).",
        }
    return True, {
        "status": "ready",
        "database": connection.vendor,
        "task_queue": "ok",
        "tasks_waiting": waiting,
    }
