"""A real ``task_worker`` (the kit's unit) killed with SIGKILL in the middle of a
task: its row does not stay RUNNING, and another worker runs the task again,
exactly once, though two are waiting for it."""

import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest
from django.db import connection
from django.tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from tests.helpers import wait_until
from tests.magazine.held_task import held_until_released

MANAGE = Path(__file__).resolve().parents[2] / "manage.py"
LEASE = 2  # seconds: TASK_WORKER_LEASE of the workers started here


def start_worker(name: str, log) -> subprocess.Popen:
    db = connection.settings_dict
    environment = {
        **os.environ,
        "DEBUG": "true",
        "DATABASE_URL": (
            f"postgres://{db['USER']}:{db['PASSWORD']}@{db['HOST']}:{db['PORT']}"
            f"/{db['NAME']}"
        ),
        "TASKS_BACKEND": "django_tasks_db.DatabaseBackend",
        "TASK_WORKER_LEASE": str(LEASE),
    }
    # No autoreloader: it would run the worker in a child that SIGKILL does not reach.
    return subprocess.Popen(
        [sys.executable, MANAGE, "task_worker", "--worker-id", name, "--no-reload",
         "--no-startup-delay", "--interval", "0.1"],
        env=environment, stdout=log, stderr=subprocess.STDOUT,
    )  # fmt: skip


def runs(folder: Path) -> list[tuple[str, int]]:
    path = folder / "runs"
    lines = path.read_text().splitlines() if path.exists() else []
    return [(what, int(pid)) for what, pid in (line.split() for line in lines)]


@pytest.mark.django_db(transaction=True)
def test_a_task_of_a_killed_worker_runs_again_on_another_exactly_once(
    settings, tmp_path
):
    if connection.vendor != "postgresql":
        pytest.skip("the worker processes share the test database: PostgreSQL only")
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    result = held_until_released.enqueue(str(tmp_path))
    survivors = []
    with (tmp_path / "workers.log").open("w") as log:
        doomed = start_worker("doomed", log)
        try:
            wait_until(
                lambda: runs(tmp_path),
                timeout=60,
                what="the first worker starts the task",
            )
        finally:
            doomed.send_signal(signal.SIGKILL)
            doomed.wait(timeout=10)
        row = DBTaskResult.objects.get(pk=result.id)
        assert row.status == TaskResultStatus.RUNNING
        assert row.worker_ids[-1].startswith("doomed-")

        (tmp_path / "release").touch()
        try:
            survivors = [start_worker(f"survivor{n}", log) for n in (1, 2)]
            wait_until(
                lambda: (
                    DBTaskResult.objects.get(pk=result.id).status
                    == TaskResultStatus.SUCCESSFUL
                ),
                timeout=90,
                what="a surviving worker requeues and finishes the task",
            )
        finally:
            for worker in survivors:
                worker.send_signal(signal.SIGTERM)
            for worker in survivors:
                worker.wait(timeout=60)

    row = DBTaskResult.objects.get(pk=result.id)
    survivor_pids = {worker.pid for worker in survivors}
    assert [what for what, _pid in runs(tmp_path)] == ["start", "start", "done"]
    (_, first), (_, second), (_, finisher) = runs(tmp_path)
    assert first == doomed.pid
    assert second == finisher
    assert second in survivor_pids
    assert row.return_value == second
    assert len(row.worker_ids) == 2
    assert row.worker_ids[0].startswith("doomed-")
    assert row.worker_ids[1].endswith(f"-{second}")
