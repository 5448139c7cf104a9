import pytest


@pytest.fixture(autouse=True)
def _tasks_run_at_once(settings):
    """Tasks run in the request's process, so tests see their mail in the outbox."""
    settings.TASKS = {
        "default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}
    }


@pytest.fixture(autouse=True)
def _one_mail_connection(settings):
    """Sending lanes in threads would use connections outside the test's transaction."""
    settings.NEWSLETTER_CONNECTIONS = 1
