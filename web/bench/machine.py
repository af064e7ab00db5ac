"""How fast this machine's cores are today, so benchmark figures from different sessions (and
different machines of the same kind) can be compared: the CPU seconds one core takes for a
fixed piece of pure Python (the sum of the squares of the first 10 million numbers), the
fastest of three. The same 2-core machine kind has taken 0.9 s on one day and about half that
on others, and every figure of a benchmark moves with it."""

from __future__ import annotations

import time

LOOP = 10_000_000


def reference_seconds(tries: int = 3) -> float:
    best = float("inf")
    for _ in range(tries):
        started = time.process_time()
        sum(i * i for i in range(LOOP))
        best = min(best, time.process_time() - started)
    return best


def describe() -> str:
    return f"this machine's reference loop (one core, pure Python): {reference_seconds():.2f} CPU s"
