"""A task for the worker fault test: ten steps into a folder, each step a file created once
(O_EXCL: a step done twice raises), a line per attempt in attempts.log, a pause per step so the
test can kill the worker in the middle. Safe to run again, like FamilyHub's own tasks."""

import os
import time
from pathlib import Path

from django_tasks import task


@task()
def ten_steps(folder: str, pause: float = 0.3) -> int:
    where = Path(folder)
    with (where / "attempts.log").open("a") as log:
        log.write(f"{os.getpid()}\n")
    for step in range(10):
        done = where / f"step-{step}"
        if done.exists():
            continue  # finished before the worker was killed
        fd = os.open(done, os.O_CREAT | os.O_EXCL | os.O_WRONLY)
        os.write(fd, str(os.getpid()).encode())
        os.close(fd)
        time.sleep(pause)
    return 10
