"""Failed sign-ins are limited per account and address; the lock a stranger
can make reaches only the stranger's own address."""

from datetime import datetime, timedelta

import pytest
import time_machine
from django.core import mail
from django.utils import timezone

from magazine.models import StaffEvent
from tests.magazine.staff_helpers import PASSWORD, member, post_login

pytestmark = pytest.mark.django_db

ATTACKER = "198.51.100.66"
EDITOR_AT_HOME = "203.0.113.7"
# The start of a limiter window, so the test knows when the lock ends.
WINDOW_START = datetime(2026, 3, 2, 9, 0, tzinfo=timezone.UTC)


@pytest.fixture(autouse=True)
def _quick_hasher(settings):
    """Forty password checks at production cost would take a minute."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def immediate_tasks(settings):
    settings.TASKS = {
        "default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}
    }


def signed_in_with_password(response) -> bool:
    """The password was accepted: the login page sends the member on to the
    second factor (Editors need one)."""
    return response.status_code == 302 and "/admin/security/verify/" in response.url


def test_the_right_password_after_15_wrong_is_refused_until_the_lockout_ends(
    client, settings, immediate_tasks, django_capture_on_commit_callbacks
):
    settings.STAFF_LOGIN_WINDOW_MINUTES = 15
    member("sophie", email="sophie@miamicurrent.example")

    with time_machine.travel(WINDOW_START, tick=False) as traveller:
        for _ in range(15):
            response = post_login(client, "sophie", "guess", ATTACKER)
            assert response.status_code == 200
            assert "Please enter the correct username and password" in response.text

        with django_capture_on_commit_callbacks(execute=True):
            refused = post_login(client, "sophie", PASSWORD, ATTACKER)
        assert refused.status_code == 200
        assert "Too many sign-in attempts from your address" in refused.text
        assert "Please wait 15 minutes" in refused.text
        assert "_auth_user_id" not in client.session

        # The lock is the attacker's address's, not the account's.
        elsewhere = post_login(client.__class__(), "sophie", PASSWORD, EDITOR_AT_HOME)
        assert signed_in_with_password(elsewhere)

        traveller.shift(timedelta(minutes=14, seconds=59))
        assert not signed_in_with_password(
            post_login(client, "sophie", PASSWORD, ATTACKER)
        )
        traveller.shift(timedelta(seconds=2))
        assert signed_in_with_password(post_login(client, "sophie", PASSWORD, ATTACKER))

    # The owner heard of it once, and the log has each step.
    assert [m.to for m in mail.outbox] == [["sophie@miamicurrent.example"]]
    assert ATTACKER in mail.outbox[0].body
    kinds = list(
        StaffEvent.objects.filter(ip_address=ATTACKER).values_list("kind", flat=True)
    )
    assert kinds.count(StaffEvent.Kind.LOGIN_FAILED) == 15
    assert kinds.count(StaffEvent.Kind.LOCKED_OUT) == 2
    assert kinds.count(StaffEvent.Kind.LOGIN) == 1


def test_one_address_trying_many_names_is_held_back(client, settings):
    settings.STAFF_LOGIN_ATTEMPTS_PER_ADDRESS = 20
    member("sophie")

    with time_machine.travel(WINDOW_START, tick=False):
        for n in range(20):
            post_login(client, f"name{n}", "guess", ATTACKER)
        refused = post_login(client, "sophie", PASSWORD, ATTACKER)
        assert "Too many sign-in attempts" in refused.text
        assert signed_in_with_password(
            post_login(client, "sophie", PASSWORD, EDITOR_AT_HOME)
        )


def test_unknown_names_share_one_counter_per_address(client):
    member("sophie")
    with time_machine.travel(WINDOW_START, tick=False):
        for n in range(16):
            response = post_login(client, f"nobody{n}", "guess", ATTACKER)
        assert "Too many sign-in attempts" in response.text
        assert signed_in_with_password(post_login(client, "sophie", PASSWORD, ATTACKER))
