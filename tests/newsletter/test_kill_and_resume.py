"""A real ``db_worker`` is killed in the middle of a send and another finishes it."""

import os
import signal
import subprocess
import sys
from datetime import timedelta
from pathlib import Path

import pytest
from django.db import connection
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from newsletter import services
from newsletter.models import Delivery, Edition
from tests.helpers import wait_until
from tests.newsletter.factories import EditionFactory, SubscriberFactory
from tests.newsletter.smtp_sink import Sink

MANAGE = Path(__file__).resolve().parents[2] / "manage.py"
READERS = 300
KILLED_DURING = 120
CLAIM_TIMEOUT = 2  # seconds
# No autoreloader: it would run the worker in a child that SIGKILL does not reach.
WORKER_OPTIONS = ["--no-reload", "--no-startup-delay", "--interval", "0.1"]


def worker_environment(smtp_port: int) -> dict[str, str]:
    db = connection.settings_dict
    return {
        **os.environ,
        "DEBUG": "true",
        "DATABASE_URL": (
            f"postgres://{db['USER']}:{db['PASSWORD']}@{db['HOST']}:{db['PORT']}"
            f"/{db['NAME']}"
        ),
        "EMAIL_URL": f"smtp://127.0.0.1:{smtp_port}",
        "NEWSLETTER_BATCH_SIZE": "50",
        # One lane, so the message held at the sink is the only one in flight.
        "NEWSLETTER_CONNECTIONS": "1",
        "NEWSLETTER_CLAIM_TIMEOUT": str(CLAIM_TIMEOUT),
    }


def resumable() -> bool:
    """Every claim has expired and the dead worker's watchdog run is due: what the
    next worker needs to take the send over."""
    now = timezone.now()
    live_claims = Delivery.objects.filter(
        status="sending", claimed_at__gte=now - timedelta(seconds=CLAIM_TIMEOUT)
    )
    watchdog = DBTaskResult.objects.ready().filter(
        task_path="newsletter.tasks.send_edition"
    )
    return not live_claims.exists() and watchdog.exists()


@pytest.mark.django_db(transaction=True)
def test_a_worker_killed_mid_send_is_resumed_with_no_duplicate_and_no_one_missed(
    settings, tmp_path
):
    if connection.vendor != "postgresql":
        pytest.skip("the worker processes share the test database: PostgreSQL only")
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    readers = SubscriberFactory.create_batch(READERS)
    edition = EditionFactory()
    services.schedule(edition=edition)
    with (
        (tmp_path / "workers.log").open("w") as log,
        Sink(hold_at=KILLED_DURING) as sink,
    ):
        worker = subprocess.Popen(
            [sys.executable, MANAGE, "db_worker", *WORKER_OPTIONS],
            env=worker_environment(sink.port),
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        try:
            assert sink.holding.wait(timeout=60), "the worker never reached the sink"
        finally:
            worker.send_signal(signal.SIGKILL)
            worker.wait(timeout=10)
        sink.release.set()

        statuses = dict(Delivery.objects.progress())
        assert statuses["sent"] == KILLED_DURING - 1
        assert statuses["sending"] > 0  # the dead worker's claimed batch
        assert Edition.objects.get().status == "sending"

        wait_until(resumable, timeout=30, what="the claims expire, the watchdog is due")
        subprocess.run(
            [sys.executable, MANAGE, "db_worker", "--batch", *WORKER_OPTIONS],
            env=worker_environment(sink.port),
            stdout=log,
            stderr=subprocess.STDOUT,
            timeout=120,
            check=True,
        )

    assert sink.recipients == {reader.email: 1 for reader in readers}
    assert max(sink.message_ids.values()) == 1
    assert Delivery.objects.filter(status="sent").count() == READERS
    assert Edition.objects.get().status == "sent"
