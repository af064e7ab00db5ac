"""gunicorn's settings wherever FamilyHub is served: `familyhub serve`, deploy/systemd's web
unit, deploy/compose.yaml's web service and `make bench-load` all start gunicorn in the
repository's root, where gunicorn reads this file. Workers and the address stay on the command
line (FAMILYHUB_WEB_WORKERS, FAMILYHUB_BIND)."""

import os

# FAMILYHUB_WEB_THREADS requests at once a worker process (gunicorn's gthread worker when more
# than 1). The default is 1, gunicorn's sync worker: measured by `make bench-load` at 1,000,000
# people on an idle 2-core machine, 2 sync workers served 50 users with every page's p95 at
# 130-210 ms, and 2 workers of 4 threads at 250-380 ms (the threads take turns at Python's lock,
# so a page's time grows with the pages running beside it). Every request keeps its own
# database connection (so at most workers x threads) and its own audit context (contextvars).
threads = int(os.environ.get("FAMILYHUB_WEB_THREADS", "1"))

# With threads, a client's connection is kept open between requests (the sync worker closes it
# after each response) for longer than a load balancer's usual idle timeout (60 s),
# so the balancer, not gunicorn, closes an idle one: else a request sent on a connection
# gunicorn had just closed fails with no response at all.
keepalive = int(os.environ.get("FAMILYHUB_WEB_KEEPALIVE", "75"))
