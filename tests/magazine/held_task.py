"""A task for the real-worker tests: it notes each run in a file, and holds
until the test releases it, so a worker can be killed in the middle of it."""

import os
import time
from pathlib import Path

from django.tasks import task

HOLD_AT_MOST = 60  # seconds; a run never released fails instead of hanging


@task
def held_until_released(folder: str) -> int:
    """Appends ``start PID``, waits for ``folder/release``, appends ``done PID``."""
    folder = Path(folder)
    with (folder / "runs").open("a") as runs:
        runs.write(f"start {os.getpid()}\n")
    deadline = time.monotonic() + HOLD_AT_MOST
    while not (folder / "release").exists():
        if time.monotonic() > deadline:
            raise TimeoutError("the test never released the task")
        time.sleep(0.05)
    with (folder / "runs").open("a") as runs:
        runs.write(f"done {os.getpid()}\n")
    return os.getpid()
