"""gunicorn's settings wherever FamilyHub is served: `familyhub serve`, deploy/systemd's web
unit, deploy/compose.yaml's web service and `make bench-load` all start gunicorn in the
repository's root, where gunicorn reads this file. Workers and the address stay on the command
line (FAMILYHUB_WEB_WORKERS, FAMILYHUB_BIND)."""

import os

# Each worker process answers up to FAMILYHUB_WEB_THREADS requests at once (gunicorn's gthread
# worker): while one waits for PostgreSQL, another runs, and a short page is not queued behind a
# long one. Every request keeps its own database connection (so at most workers x threads) and
# its own audit context (contextvars). FAMILYHUB_WEB_THREADS=1 gives one request a process.
threads = int(os.environ.get("FAMILYHUB_WEB_THREADS", "4"))

# A client's connection is kept open between requests (gthread keeps it; the sync worker
# closed it after each response) for longer than a load balancer's usual idle timeout (60 s),
# so the balancer, not gunicorn, closes an idle one: else a request sent on a connection
# gunicorn had just closed fails with no response at all.
keepalive = int(os.environ.get("FAMILYHUB_WEB_KEEPALIVE", "75"))
