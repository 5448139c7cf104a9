"""A worker that dies mid-task leaves no task RUNNING forever."""

from datetime import timedelta

import pytest
import time_machine
from django.core.management import call_command
from django.tasks import TaskResultStatus
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from magazine import workers
from magazine.models import WorkerHeartbeat
from newsletter.tasks import send_signup_mail


@pytest.fixture
def database_queue(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    settings.TASK_WORKER_LEASE = 60


def running_task(worker_id: str) -> DBTaskResult:
    result = send_signup_mail.enqueue(0)
    row = DBTaskResult.objects.get(pk=result.id)
    row.claim(worker_id)
    return row


@pytest.mark.django_db
def test_a_silent_workers_task_is_queued_again_and_a_live_ones_is_not(database_queue):
    dead, alive = running_task("host-1-100"), running_task("host-2-200")
    workers.beat("host-1-100")
    workers.beat("host-2-200")

    with time_machine.travel(timezone.now() + timedelta(seconds=90), tick=False):
        workers.beat("host-2-200")
        requeued = workers.requeue_dead_workers_tasks()

    assert requeued == 1
    dead.refresh_from_db()
    alive.refresh_from_db()
    assert dead.status == TaskResultStatus.READY
    assert dead.started_at is None
    assert DBTaskResult.objects.ready().filter(pk=dead.pk).exists()
    assert alive.status == TaskResultStatus.RUNNING


@pytest.mark.django_db
def test_a_task_within_its_lease_is_left_alone(database_queue):
    task = running_task("never-beat")

    assert workers.requeue_dead_workers_tasks() == 0
    with time_machine.travel(timezone.now() + timedelta(seconds=61), tick=False):
        assert workers.requeue_dead_workers_tasks() == 1
    task.refresh_from_db()
    assert task.status == TaskResultStatus.READY


@pytest.mark.django_db(transaction=True)
def test_the_task_worker_beats_under_an_id_of_its_own_process(database_queue):
    call_command(
        "task_worker", "--batch", "--no-startup-delay", "--worker-id", "app1-1"
    )

    beat = WorkerHeartbeat.objects.get()
    assert beat.worker_id.startswith("app1-1-")
    assert beat.worker_id != "app1-1"
