"""Matching ahead: the next batches of a bulk link looked up and judged in processes of their
own while a batch is written (`linkage.batch` says which rows are matched again, and why).
"""

from __future__ import annotations

import contextlib
import ctypes
import gc
import multiprocessing
import os
import signal
from concurrent.futures import Executor, Future, ProcessPoolExecutor, ThreadPoolExecutor

from django.db import connection, connections

from . import matcher
from . import rows as rowlib
from .batch import Match, _asks_of, _gives_of

# "process" (default): match ahead in matcher processes; "thread": in one thread of this one;
# "0": match each batch in turn (no matching ahead)
PREFETCH_ENV = "FAMILYHUB_LINK_PREFETCH"
# Processes matching ahead, each a batch at a time (`Prefetch`): two keep a 2-core machine's
# cores busy, where the linking process waited for one.
MATCHERS_ENV = "FAMILYHUB_LINK_MATCHERS"
MATCHERS = 2
# Python's cyclic garbage collector during a bulk link (`fewer_collections`), against its
# default of (700, 10, 10).
RUN_GC_THRESHOLDS = (100_000, 50, 20)
PR_SET_PDEATHSIG = 1  # prctl(2): the signal a process gets when its parent ends


class Prefetch:
    """Matching the next batches while this one is linked: `submit(rows)` looks up and judges
    the rows' register candidates in a process of its own (FAMILYHUB_LINK_PREFETCH=thread: a
    thread, which shares this process's one core for Python), with its own database
    connection (which sees only committed batches: `Ahead.stale` says which rows to match
    again), while the batches before are written; `result()` waits for it. On PostgreSQL
    outside a transaction only (`usable`): elsewhere batches are matched in turn.

    `depth` matchers (FAMILYHUB_LINK_MATCHERS processes, 2 by default; one thread) take the
    batches in turn, so `depth` batches are matched while one is written: matching a batch
    costs more than writing one, and with one matcher the linking process waited for it while
    a core stood partly idle.

    Each process is forked when the prefetch starts, after this process's database
    connections are closed (a child must never use, nor close, its parent's connection); it
    keeps its vocabulary from batch to batch as the thread did, and ends with the run (or, if
    this process is killed, by the parent-death signal `_die_with_parent` sets)."""

    def __init__(self) -> None:
        self.pending: list[Future] = []
        self.turn = 0
        if os.environ.get(PREFETCH_ENV, "process") == "thread":
            self.pools: list[Executor] = [
                ThreadPoolExecutor(max_workers=1, thread_name_prefix="link-ahead")
            ]
        else:
            connections.close_all()
            self.pools = [
                ProcessPoolExecutor(
                    max_workers=1,
                    mp_context=multiprocessing.get_context("fork"),
                    initializer=_die_with_parent,
                    initargs=(os.getpid(),),
                )
                for _ in range(matchers())
            ]
            for pool in self.pools:
                pool.submit(os.getpid).result()  # forked now, with no connection open

    @property
    def depth(self) -> int:
        """Batches matched at once, ahead of the one being written."""
        return len(self.pools)

    @staticmethod
    def usable() -> bool:
        return (
            connection.vendor == "postgresql"
            and not connection.in_atomic_block
            and os.environ.get(PREFETCH_ENV, "process") != "0"
        )

    def submit(self, rows: list[rowlib.Row]) -> Future:
        records = [(row.record_id, row.record) for row in rows if row.readable]
        pool = self.pools[self.turn % len(self.pools)]  # in turn: each has one batch at most
        self.turn += 1
        self.pending = [f for f in self.pending if not f.done()]
        self.pending.append(pool.submit(_match_ahead, records))
        return self.pending[-1]

    def close(self) -> None:
        """Drop what is still to be matched; close each matcher's own connection."""
        for future in self.pending:
            future.cancel()
        for pool in self.pools:
            pool.submit(_close_connection).result()  # (there: its own)
            pool.shutdown(wait=True)


def matchers() -> int:
    """How many processes match batches ahead (FAMILYHUB_LINK_MATCHERS, default MATCHERS)."""
    return max(1, int(os.environ.get(MATCHERS_ENV) or MATCHERS))


@contextlib.contextmanager
def fewer_collections():
    """Python's cyclic garbage collector runs less often for the length of a bulk link, in its
    process and its matchers (forked inside it). By default it looks at the young objects
    every 700 allocations and, every hundred of those, at every object a matcher keeps (its
    vocabulary, a million register rows made into records): 18% of a matcher's CPU over 30
    batches against a million people, 4% with RUN_GC_THRESHOLDS (13% less CPU in all). What
    a batch makes is almost never cyclic (reference counting frees it), so memory stays as
    it was."""
    before = gc.get_threshold()
    gc.set_threshold(*RUN_GC_THRESHOLDS)
    try:
        yield
    finally:
        gc.set_threshold(*before)


def _die_with_parent(parent: int) -> None:
    """The matcher process ends when the run's process ends, even by SIGKILL: it would
    otherwise wait for the next batch for ever, holding a database connection (and, under a
    task worker or a test, the pipes of its parent's output). Linux's PR_SET_PDEATHSIG."""
    with contextlib.suppress(OSError, AttributeError):
        ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGKILL)
    if os.getppid() != parent:  # the parent died before that took hold
        os._exit(0)


def _serial_plans() -> None:
    """The matcher's connection plans its queries for one server process: given a batch's
    tens of thousands of candidates, PostgreSQL read their addresses with a parallel scan
    of the whole table (two more processes, each reading it, on a machine whose cores the
    link already keeps busy) where one process reads them by the index in less time."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SET max_parallel_workers_per_gather = 0")


def _close_connection() -> None:
    connection.close()


def _match_ahead(
    records: list[tuple[str, dict]],
) -> tuple[dict[str, Match | None], dict[str, tuple[set, set]]]:
    """The records' matches, and what each asks and gives (`Ahead.keys`), by record id."""
    _serial_plans()
    best = matcher.candidates_many([record for _id, record in records]) if records else []
    matches = {record_id: m for (record_id, _r), m in zip(records, best, strict=True)}
    return matches, {record_id: (_asks_of(r), _gives_of(r)) for record_id, r in records}
