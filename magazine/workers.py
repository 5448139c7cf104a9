"""Task workers that can die: heartbeats, and their unfinished tasks run again.

Every task here is written to run twice safely (the newsletter send resumes
from its delivery records; renditions and notifications are idempotent), so a
dead worker's task is simply queued again.
"""

from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.tasks import TaskResultStatus
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from magazine.models import WorkerHeartbeat


def beat(worker_id: str) -> None:
    WorkerHeartbeat.objects.update_or_create(
        worker_id=worker_id, defaults={"seen_at": timezone.now()}
    )


def requeue_dead_workers_tasks() -> int:
    """RUNNING rows of workers silent for longer than the lease back to READY;
    returns how many. Rows of workers that never beat (a plain ``db_worker``)
    count as dead once they have run longer than the lease."""
    lease_ago = timezone.now() - timedelta(seconds=settings.TASK_WORKER_LEASE)
    alive = set(
        WorkerHeartbeat.objects.filter(seen_at__gte=lease_ago).values_list(
            "worker_id", flat=True
        )
    )
    requeued = 0
    with transaction.atomic():
        running = DBTaskResult.objects.select_for_update(skip_locked=True).filter(
            status=TaskResultStatus.RUNNING, started_at__lt=lease_ago
        )
        for row in running:
            if row.worker_ids and row.worker_ids[-1] in alive:
                continue
            row.status = TaskResultStatus.READY
            row.started_at = None
            row.save(update_fields=["status", "started_at"])
            requeued += 1
    WorkerHeartbeat.objects.filter(seen_at__lt=lease_ago - timedelta(days=1)).delete()
    return requeued
