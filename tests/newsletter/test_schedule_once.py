from datetime import timedelta

import pytest
from django.tasks import default_task_backend
from django.utils import timezone

from newsletter import services
from newsletter.models import Edition
from tests.newsletter.factories import EditionFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def queued(settings):
    """Tasks are recorded, not run: the test counts what was queued."""
    settings.TASKS = {
        "default": {"BACKEND": "django.tasks.backends.dummy.DummyBackend"}
    }
    default_task_backend.clear()
    return default_task_backend.results


def test_scheduling_an_edition_twice_queues_one_send(
    queued, django_capture_on_commit_callbacks
):
    edition = EditionFactory()
    with django_capture_on_commit_callbacks(execute=True):
        services.schedule(edition=edition)
    with django_capture_on_commit_callbacks(execute=True):
        services.schedule(edition=Edition.objects.get(pk=edition.pk))

    assert len(queued) == 1
    assert Edition.objects.get(pk=edition.pk).status == Edition.Status.SCHEDULED


def test_the_same_later_moment_twice_queues_one_send(
    queued, django_capture_on_commit_callbacks
):
    edition = EditionFactory()
    later = timezone.now() + timedelta(hours=2)
    for _ in range(2):
        with django_capture_on_commit_callbacks(execute=True):
            services.schedule(edition=Edition.objects.get(pk=edition.pk), send_at=later)

    assert len(queued) == 1


def test_moving_the_send_to_another_moment_queues_a_send_for_it(
    queued, django_capture_on_commit_callbacks
):
    edition = EditionFactory()
    first, second = (timezone.now() + timedelta(hours=h) for h in (2, 3))
    for moment in (first, second):
        with django_capture_on_commit_callbacks(execute=True):
            services.schedule(
                edition=Edition.objects.get(pk=edition.pk), send_at=moment
            )

    assert [result.task.run_after for result in queued] == [first, second]
    assert Edition.objects.get(pk=edition.pk).send_at == second


def test_scheduling_again_after_a_cancel_queues_a_new_send(
    queued, django_capture_on_commit_callbacks
):
    edition = EditionFactory()
    with django_capture_on_commit_callbacks(execute=True):
        services.schedule(edition=edition)
    services.unschedule(edition=edition)
    with django_capture_on_commit_callbacks(execute=True):
        services.schedule(edition=Edition.objects.get(pk=edition.pk))

    assert len(queued) == 2
