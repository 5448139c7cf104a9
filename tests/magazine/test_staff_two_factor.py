"""Second factors for staff: who needs one, what a half-signed-in session
sees, enrolment, recovery codes, resets, sessions ended on change, idle
sign-out and the staff log."""

import io
import re
from datetime import timedelta

import pytest
import time_machine
from django.contrib.auth.models import User
from django.core import mail
from django.core.management import call_command
from django.test import Client
from django.utils import timezone
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from magazine.models import StaffEvent, StaffSession
from tests.factories import ArticleFactory
from tests.helpers import authenticator, sign_in, totp_code
from tests.magazine.staff_helpers import PASSWORD, member, post_login

pytestmark = pytest.mark.django_db

VERIFY = "/admin/security/verify/"


@pytest.fixture(autouse=True)
def _quick_hasher(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def immediate_tasks(settings):
    settings.TASKS = {
        "default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}
    }


def recovery_codes(user, *codes) -> StaticDevice:
    device = StaticDevice.objects.create(user=user, name="Recovery codes")
    for code in codes:
        StaticToken.objects.create(device=device, token=code)
    return device


def test_an_editor_with_only_the_password_sees_nothing_but_the_second_factor(
    client,
):
    editor = member("sophie")
    draft = ArticleFactory(status="draft")

    response = post_login(client, "sophie", PASSWORD)

    assert response.status_code == 302
    assert response.url.startswith(VERIFY)
    for path in ["/admin/", "/admin/articles/article/", f"/preview/{draft.pk}/"]:
        answer = client.get(path)
        assert answer.status_code == 302
        assert answer.url.startswith("/admin/login/")
    assert client.get("/admin/login/").url.startswith(VERIFY)
    page = client.get(VERIFY)
    assert "Code from your authenticator app" in page.text

    with time_machine.travel(timezone.now(), tick=False) as traveller:
        wrong = client.post(VERIFY, {"code": "000000", "next": "/admin/"})
        assert "That code is not right" in wrong.text
        traveller.shift(timedelta(seconds=2))  # django-otp's back-off after a miss
        right = client.post(
            VERIFY, {"code": totp_code(authenticator(editor)), "next": "/admin/"}
        )
    assert right.status_code == 302
    assert right.url == "/admin/"
    assert client.get("/admin/").status_code == 200
    assert client.get(f"/preview/{draft.pk}/").status_code == 200
    kinds = list(StaffEvent.objects.values_list("kind", flat=True))
    assert {"login", "verify_failed", "verified"} <= set(kinds)


@pytest.mark.parametrize(
    ("rule", "role", "asked"),
    [
        ("editors", "Contributors", False),
        ("editors", "Editors", True),
        ("all", "Contributors", True),
        ("none", "Editors", False),
    ],
)
def test_the_rule_names_who_needs_a_second_factor(client, settings, rule, role, asked):
    settings.STAFF_2FA_REQUIRED = rule
    user = member("casey", role)
    TOTPDevice.objects.filter(user=user).delete()  # none set up yet

    response = post_login(client, "casey", PASSWORD)

    assert response.url.startswith(VERIFY) is asked
    assert (client.get("/admin/").status_code == 200) is not asked


def test_whoever_set_up_a_second_factor_uses_it_whatever_the_rule(client, settings):
    settings.STAFF_2FA_REQUIRED = "none"
    member("casey", "Contributors")  # staff() gives an authenticator app

    assert post_login(client, "casey", PASSWORD).url.startswith(VERIFY)


def test_an_editor_without_a_second_factor_sets_one_up_to_get_in(
    client, immediate_tasks, django_capture_on_commit_callbacks
):
    editor = member("sophie", email="sophie@miamicurrent.example")
    TOTPDevice.objects.filter(user=editor).delete()
    post_login(client, "sophie", PASSWORD)

    to_setup = client.get(VERIFY + "?next=/admin/")
    assert to_setup.url.startswith("/admin/security/")
    assert "Set up a second factor" in client.get(to_setup.url).text
    setup = client.get("/admin/security/app/?next=/admin/")
    assert 'src="data:image/svg+xml;base64,' in setup.text
    device = TOTPDevice.objects.get(user=editor, confirmed=False)
    assert re.search(r'<code id="totp-secret">[A-Z2-7]+</code>', setup.text)

    with django_capture_on_commit_callbacks(execute=True):
        done = client.post(
            "/admin/security/app/", {"code": totp_code(device), "next": "/admin/"}
        )
    assert done.url.startswith("/admin/security/recovery-codes/")
    with django_capture_on_commit_callbacks(execute=True):
        codes_page = client.post("/admin/security/recovery-codes/", {"next": "/admin/"})
    codes = re.findall(r"<li><code>([a-z2-7]+)</code></li>", codes_page.text)
    assert len(codes) == 10
    assert client.get("/admin/").status_code == 200

    assert [m.subject for m in mail.outbox] == [
        "Miami Current: A second factor was added to your account"
    ] * 2
    assert StaffEvent.objects.filter(kind="factor_added", user=editor).count() == 2


def test_a_recovery_code_signs_in_once_and_the_owner_hears_of_it(
    client, immediate_tasks, django_capture_on_commit_callbacks
):
    editor = member("sophie", email="sophie@miamicurrent.example")
    recovery_codes(editor, "abcd2345", "efgh6789")
    post_login(client, "sophie", PASSWORD)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(VERIFY, {"code": "ABCD 2345", "next": "/admin/"})

    assert response.url == "/admin/"
    assert client.get("/admin/").status_code == 200
    assert [m.subject for m in mail.outbox] == [
        "Miami Current: A recovery code was used to sign in to your account"
    ]
    assert "1 recovery code is left." in mail.outbox[0].body
    entry = StaffEvent.objects.get(kind="recovery_code_used")
    assert entry.ip_address == "127.0.0.1"

    again = Client()
    post_login(again, "sophie", PASSWORD)
    assert "That code is not right" in again.post(VERIFY, {"code": "abcd2345"}).text


def test_a_superuser_resets_a_colleagues_lost_second_factor(admin_client):
    editor = member("sophie")
    recovery_codes(editor, "abcd2345")
    phone = sign_in(Client(), editor)
    assert phone.get("/admin/").status_code == 200

    response = admin_client.post(
        "/admin/auth/user/",
        {"action": "reset_second_factors", "_selected_action": [editor.pk]},
        follow=True,
    )

    assert "Reset 1 account" in response.text
    assert not TOTPDevice.objects.filter(user=editor).exists()
    assert not StaticDevice.objects.filter(user=editor).exists()
    assert phone.get("/admin/").status_code == 302  # that session ended
    entry = StaffEvent.objects.get(kind="factor_reset")
    assert entry.user == editor
    assert entry.actor.is_superuser
    # Signing in again leads to setting up a new one.
    fresh = Client()
    post_login(fresh, "sophie", PASSWORD)
    assert fresh.get(VERIFY).url.startswith("/admin/security/")


def test_only_superusers_may_reset_second_factors(client, settings):
    editor = member("sophie")
    editor.user_permissions.add(
        *editor.user_permissions.model.objects.filter(
            content_type__app_label="auth", codename__in=["view_user", "change_user"]
        )
    )
    sign_in(client, editor)

    page = client.get("/admin/auth/user/")

    assert page.status_code == 200
    assert "reset_second_factors" not in page.text


def test_a_new_second_factor_signs_out_the_accounts_other_sessions(client):
    editor = member("sophie")
    laptop, phone = sign_in(client, editor), sign_in(Client(), editor)
    assert phone.get("/admin/").status_code == 200

    laptop.get("/admin/security/app/")
    device = TOTPDevice.objects.get(user=editor, confirmed=False)
    laptop.post("/admin/security/app/", {"code": totp_code(device)})

    assert laptop.get("/admin/").status_code == 200
    assert phone.get("/admin/").status_code == 302
    assert StaffSession.objects.filter(user=editor).count() == 1


def test_a_password_change_signs_out_the_accounts_other_sessions(client):
    editor = member("sophie")
    laptop, phone = sign_in(client, editor), sign_in(Client(), editor)

    response = laptop.post(
        "/admin/password_change/",
        {
            "old_password": PASSWORD,
            "new_password1": "another-long-password-for-sophie",
            "new_password2": "another-long-password-for-sophie",
        },
    )

    assert response.status_code == 302
    assert laptop.get("/admin/").status_code == 200
    assert phone.get("/admin/").status_code == 302
    assert StaffSession.objects.filter(user=editor).count() == 1
    assert StaffEvent.objects.filter(kind="password_changed", user=editor).exists()


def test_an_idle_session_ends_but_typing_keeps_it(client, settings):
    settings.STAFF_IDLE_MINUTES = 30
    editor = member("sophie")
    with time_machine.travel(timezone.now(), tick=False) as traveller:
        sign_in(client, editor)
        traveller.shift(timedelta(minutes=29))
        assert client.get("/admin/").status_code == 200
        traveller.shift(timedelta(minutes=29))
        assert client.post("/admin/security/ping/").status_code == 204  # typing
        traveller.shift(timedelta(minutes=29))
        assert client.get("/admin/").status_code == 200

        traveller.shift(timedelta(minutes=31))  # an open tab, left alone
        response = client.get("/admin/", follow=True)

    assert response.redirect_chain[0][0].startswith("/admin/login/")
    assert "signed out after 30 minutes without activity" in response.text
    assert StaffEvent.objects.filter(kind="logout", detail="idle").exists()


def test_editors_read_the_staff_log_and_contributors_do_not(client):
    editor = member("sophie")
    post_login(Client(), "sophie", "guess", "198.51.100.66")
    member("casey", "Contributors")
    sign_in(client, editor)

    log = client.get("/admin/magazine/staffevent/")

    assert log.status_code == 200
    assert "failed sign-in" in log.text
    assert "198.51.100.66" in log.text
    assert "permissions changed" in log.text  # casey joined the Contributors
    contributor = sign_in(Client(), User.objects.get(username="casey"))
    assert contributor.get("/admin/magazine/staffevent/").status_code == 403


def test_the_staff_log_keeps_addresses_as_long_as_comments_do(settings):
    settings.COMMENTS_IP_RETENTION_DAYS = 30
    with time_machine.travel(timezone.now() - timedelta(days=31)):
        old = StaffEvent.objects.create(kind="login_failed", ip_address="198.51.100.4")
    recent = StaffEvent.objects.create(kind="login_failed", ip_address="198.51.100.5")

    out = io.StringIO()
    call_command("purge_comment_ips", stdout=out)

    assert "1 staff log entries older than 30 days" in out.getvalue()
    old.refresh_from_db()
    recent.refresh_from_db()
    assert old.ip_address is None
    assert recent.ip_address == "198.51.100.5"
