"""``db_worker`` with a heartbeat: the worker the kit's systemd unit runs.

Each process takes an id of its own (the given ``--worker-id`` plus its pid), so
a worker restarted under the same name never vouches for the tasks its dead
predecessor left RUNNING; a thread beats every third of ``TASK_WORKER_LEASE``
and puts dead workers' tasks back in the queue.
"""

import os
import threading

from django.conf import settings
from django.db import connection
from django_tasks_db.management.commands.db_worker import Command as DbWorkerCommand

from magazine import workers


class Command(DbWorkerCommand):
    help = "Run task workers that beat, and requeue the tasks of workers that died."

    def handle(self, *args, worker_id: str, **options):
        worker_id = f"{worker_id[:48]}-{os.getpid()}"
        stop = threading.Event()
        heart = threading.Thread(
            target=self.keep_beating, args=(worker_id, stop), daemon=True
        )
        heart.start()
        try:
            return super().handle(*args, worker_id=worker_id, **options)
        finally:
            stop.set()
            heart.join(timeout=10)

    def keep_beating(self, worker_id: str, stop: threading.Event) -> None:
        try:
            while True:
                workers.beat(worker_id)
                workers.requeue_dead_workers_tasks()
                if stop.wait(settings.TASK_WORKER_LEASE / 3):
                    return
        finally:
            connection.close()
