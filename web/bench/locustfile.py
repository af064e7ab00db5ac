"""The users of `make bench-load` (web/bench/load.py runs locust headless with this file).

Each simulated user is one of the bench's workers (its own session, caseload families, their
people and a search for one of them), and also opens the front door's queue as a front-door
practitioner, a team manager's caseload and the partner API as the school's MIS, all with equal
weight, pausing BENCH_LOAD_WAIT seconds (default 1 to 3) between pages as a person reading a
page would (without a pause, 50 users on 2 workers would measure only the queue). Each user
also starts after a pause of its own (up to the longest wait), as people arrive at work one by
one: started together, every user's first page landed in the same few milliseconds, a queue of
8 a worker that no later moment of the run had, and with some fifty requests a page at 16
users those first ones alone made the p95s (the floor's reached 250-450 ms, its p50 10 ms).

The floor: /healthz asked with the same session cookie. It is served by the same gunicorn
workers and passes every middleware (the session is loaded, the user read and checked for
two-factor, the audit context set), but reads nothing of the register, so it is the cost of
the stack itself; each page's p95 is compared with its p95.

The server runs the production settings behind no proxy, so every request says it came over
HTTPS (X-Forwarded-Proto, as the load balancer would) and sends the session cookie itself
(the production cookie is __Host- and Secure, which a client keeps off plain http)."""

from __future__ import annotations

import itertools
import json
import os
import random
from urllib.parse import urlencode

import gevent
from locust import HttpUser, between, task

CAST = json.loads(open(os.environ["BENCH_LOAD_CAST"]).read())  # noqa: PTH123, SIM115
WAIT = [float(x) for x in os.environ.get("BENCH_LOAD_WAIT", "1,3").split(",")]
COOKIE = os.environ.get("BENCH_LOAD_COOKIE", "__Host-sessionid")
_next = itertools.count()


class Practitioner(HttpUser):
    wait_time = between(WAIT[0], WAIT[-1])

    def on_start(self) -> None:
        n = next(_next)
        self.me = CAST["workers"][n % len(CAST["workers"])]
        self.manager = CAST["managers"][n % len(CAST["managers"])]
        self.front_door = CAST["front_door"][n % len(CAST["front_door"])]
        self.rng = random.Random(n)
        gevent.sleep(self.rng.uniform(0, WAIT[-1]))  # arrive one by one, not all at once

    def _get(self, url: str, name: str, session: str | None = None, **headers) -> None:
        headers["X-Forwarded-Proto"] = "https"
        if session:
            headers["Cookie"] = f"{COOKIE}={session}"
        with self.client.get(
            url, name=name, headers=headers, allow_redirects=False, catch_response=True
        ) as response:
            if response.status_code != 200:
                response.failure(f"{response.status_code} for {url}")

    @task
    def floor(self) -> None:
        self._get("/healthz", "floor (/healthz, signed in)", self.me["session"])

    @task
    def home(self) -> None:
        self._get("/", "home", self.me["session"])

    @task
    def search(self) -> None:
        q = self.rng.choice(self.me["searches"])
        self._get("/search/?" + urlencode({"q": q}), "search", self.me["session"])

    @task
    def family(self) -> None:
        pk = self.rng.choice(self.me["families"])
        self._get(f"/families/{pk}/", "family page", self.me["session"])

    @task
    def person(self) -> None:
        pk = self.rng.choice(self.me["people"])
        self._get(f"/people/{pk}/", "person page", self.me["session"])

    @task
    def caseload(self) -> None:
        self._get("/caseload/", "caseload (worker)", self.me["session"])

    @task
    def manager_caseload(self) -> None:
        self._get("/caseload/", "caseload (manager)", self.manager["session"])

    @task
    def front_door_queue(self) -> None:
        self._get("/front-door/", "front-door queue", self.front_door["session"])

    @task
    def api(self) -> None:
        reference = self.rng.choice(CAST["api"]["families"])
        self._get(
            f"/api/v1/families/{reference}/contacts/",
            "API: family contacts",
            Authorization=f"Bearer {CAST['api']['key']}",
        )
