"""Container health checks (deploy/compose.yaml, deploy/Dockerfile), the standard library only
(and psycopg for the database), so a check costs a few milliseconds, not a Django start.

    python deploy/healthcheck.py /healthz     the web server answers (liveness)
    python deploy/healthcheck.py /readyz      it can work: database and task queue (readiness)
    python deploy/healthcheck.py database     a worker's or the scheduler's database and queue

The web checks ask this container's own server (FAMILYHUB_HEALTH_URL, default
http://127.0.0.1:8000) as the proxy would: the first of FAMILYHUB_ALLOWED_HOSTS as the host
and `X-Forwarded-Proto: https`, so production's HTTPS redirect does not answer instead, waiting
at most FAMILYHUB_HEALTH_TIMEOUT seconds (default 5). Exit
status 0 when healthy, 1 (with the reason on stderr) when not.
"""

from __future__ import annotations

import os
import sys
import urllib.error
import urllib.request

QUEUE_TABLE = "django_tasks_database_dbtaskresult"


def check_http(path: str) -> str | None:
    base = os.environ.get("FAMILYHUB_HEALTH_URL", "http://127.0.0.1:8000").rstrip("/")
    hosts = [h.strip() for h in os.environ.get("FAMILYHUB_ALLOWED_HOSTS", "").split(",")]
    headers = {"X-Forwarded-Proto": "https"}
    if hosts[0]:
        headers["Host"] = hosts[0]
    request = urllib.request.Request(base + path, headers=headers)  # noqa: S310 - our own URL
    try:
        timeout = float(os.environ.get("FAMILYHUB_HEALTH_TIMEOUT", "5"))
        with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310
            return None if response.status == 200 else f"{path} answered {response.status}"
    except urllib.error.HTTPError as exc:
        return f"{path} answered {exc.code}: {exc.read()[:300].decode(errors='replace')}"
    except OSError as exc:
        return f"{path} did not answer: {exc}"


def check_database() -> str | None:
    import psycopg

    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith(("postgres://", "postgresql://")):
        return "DATABASE_URL is not a PostgreSQL database"
    try:
        with psycopg.connect(url, connect_timeout=5) as conn:
            conn.execute(f"SELECT 1 FROM {QUEUE_TABLE} LIMIT 1")  # noqa: S608 - a constant
    except psycopg.Error as exc:
        return f"the database or the task queue cannot be read: {exc}"
    return None


def main(argv: list[str]) -> int:
    what = argv[0] if argv else "/healthz"
    problem = check_database() if what == "database" else check_http(what)
    if problem:
        print(problem, file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
