"""One send rate for the whole account: every lane of every worker takes its slot
from the shared clock, and each sent delivery records the slot it was given."""

import itertools
import signal
import subprocess
import sys
from datetime import timedelta

import pytest
from django.db import connection
from django.utils import timezone

from newsletter import sending, services
from newsletter.models import Delivery, Edition
from newsletter.tasks import send_edition
from tests.helpers import wait_until
from tests.newsletter.factories import EditionFactory, SubscriberFactory
from tests.newsletter.smtp_sink import Sink
from tests.newsletter.test_kill_and_resume import (
    MANAGE,
    WORKER_OPTIONS,
    worker_environment,
)


def busiest_second(slots: list) -> int:
    """The most slots granted in any one-second window."""
    slots = sorted(slots)
    return max(
        sum(1 for later in slots[i:] if later - slot < timedelta(seconds=1))
        for i, slot in enumerate(slots)
    )


@pytest.mark.django_db
def test_two_senders_share_one_clock(settings):
    first, second = sending.Throttle(25), sending.Throttle(25)

    slots = [(first if i % 2 else second).wait() for i in range(8)]

    gaps = [later - earlier for earlier, later in itertools.pairwise(slots)]
    assert all(gap >= timedelta(seconds=1 / 25) for gap in gaps)


@pytest.mark.django_db
def test_no_cap_takes_no_slot():
    assert sending.Throttle(0).wait() is None


@pytest.mark.django_db
def test_each_sent_message_records_the_slot_it_was_granted(settings):
    settings.NEWSLETTER_MAX_PER_SECOND = 50
    SubscriberFactory.create_batch(6)
    edition = EditionFactory(status="scheduled", send_at=timezone.now())

    sending.deliver_edition(edition.pk)

    slots = list(Delivery.objects.values_list("granted_at", flat=True))
    assert None not in slots
    assert len(set(slots)) == 6
    assert busiest_second(slots) <= 50


RATE = 20
READERS = 60


@pytest.mark.django_db(transaction=True)
def test_two_workers_with_two_lanes_each_keep_to_the_global_rate(settings, tmp_path):
    if connection.vendor != "postgresql":
        pytest.skip("the worker processes share the test database: PostgreSQL only")
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    readers = SubscriberFactory.create_batch(READERS)
    edition = EditionFactory()
    services.schedule(edition=edition)
    send_edition.enqueue(edition.pk)  # a second run, so both workers send
    with (tmp_path / "workers.log").open("w") as log, Sink() as sink:
        environment = {
            **worker_environment(sink.port),
            "NEWSLETTER_CONNECTIONS": "2",
            "NEWSLETTER_BATCH_SIZE": "5",
            "NEWSLETTER_MAX_PER_SECOND": str(RATE),
        }
        workers = [
            subprocess.Popen(
                [sys.executable, MANAGE, "db_worker", *WORKER_OPTIONS],
                env=environment,
                stdout=log,
                stderr=subprocess.STDOUT,
            )
            for _ in range(2)
        ]
        try:
            wait_until(
                lambda: Edition.objects.get().status == "sent",
                timeout=60,
                what="the edition is sent",
            )
        finally:
            for worker in workers:
                worker.send_signal(signal.SIGTERM)
            for worker in workers:
                worker.wait(timeout=30)

    assert sink.recipients == {reader.email: 1 for reader in readers}
    slots = list(Delivery.objects.values_list("granted_at", flat=True))
    assert busiest_second(slots) <= RATE
    assert (max(slots) - min(slots)).total_seconds() >= (READERS - 1) / RATE * 0.99
