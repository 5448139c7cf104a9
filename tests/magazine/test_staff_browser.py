"""Two-factor sign-in end to end in headless Chromium: an authenticator app's
code, a passkey (Chromium's virtual authenticator), a recovery code."""

import pytest
from django.core import mail
from django_otp_webauthn.models import WebAuthnCredential

from tests.helpers import authenticator, totp_code
from tests.magazine.staff_helpers import PASSWORD, member

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def editor(settings, live_server):
    # Passkeys belong to a host name; the test server is http://localhost:port.
    settings.OTP_WEBAUTHN_RP_ID = "localhost"
    settings.OTP_WEBAUTHN_ALLOWED_ORIGINS = [live_server.url]
    settings.TASKS = {
        "default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}
    }
    return member("editor", email="editor@miamicurrent.example")


@pytest.fixture
def script_errors(page):
    errors = []
    page.on("console", lambda m: m.type == "error" and errors.append(m.text))
    page.on("pageerror", lambda error: errors.append(str(error)))
    return errors


def password_step(page, live_server) -> None:
    page.goto(f"{live_server.url}/admin/login/?next=/admin/")
    page.fill("#id_username", "editor")
    page.fill("#id_password", PASSWORD)
    page.click("input[type=submit]")
    page.wait_for_url("**/admin/security/verify/**")


def test_an_editor_signs_in_with_a_code_from_their_app_and_typing_counts(
    page, live_server, editor, script_errors, screenshot
):
    password_step(page, live_server)
    assert page.locator("#content-main").get_by_text("was right").is_visible()
    screenshot(page, "staff-verify")

    page.fill("#id_code", totp_code(authenticator(editor)))
    page.click("input[type=submit]")
    page.wait_for_url(f"{live_server.url}/admin/")
    assert page.get_by_role("link", name="Sign-in security").is_visible()

    page.goto(f"{live_server.url}/admin/magazine/staffevent/")
    with page.expect_request("**/admin/security/ping/") as ping:
        page.locator("#searchbar").press_sequentially("seawall")
    assert ping.value.method == "POST"
    assert ping.value.response().status == 204
    assert script_errors == []


def test_an_editor_adds_a_passkey_then_signs_in_with_it(
    page, live_server, editor, script_errors, screenshot
):
    cdp = page.context.new_cdp_session(page)
    cdp.send("WebAuthn.enable")
    cdp.send(
        "WebAuthn.addVirtualAuthenticator",
        {
            "options": {
                "protocol": "ctap2",
                "transport": "internal",
                "hasResidentKey": True,
                "hasUserVerification": True,
                "isUserVerified": True,
                "automaticPresenceSimulation": True,
            }
        },
    )
    password_step(page, live_server)
    page.fill("#id_code", totp_code(authenticator(editor)))
    page.click("input[type=submit]")
    page.wait_for_url(f"{live_server.url}/admin/")

    page.goto(f"{live_server.url}/admin/security/")
    page.click("#passkey-register-button")
    page.wait_for_url("**/admin/security/recovery-codes/**")
    assert WebAuthnCredential.objects.filter(user=editor, confirmed=True).count() == 1

    page.locator("#logout-form button").click()
    password_step(page, live_server)
    screenshot(page, "staff-verify-passkey")
    page.click("#passkey-verification-button")
    page.wait_for_url(f"{live_server.url}/admin/")
    assert page.get_by_role("link", name="Sign-in security").is_visible()
    assert script_errors == []


def test_an_editor_who_lost_their_phone_signs_in_with_a_recovery_code(
    page, live_server, editor, script_errors
):
    page.goto(f"{live_server.url}/admin/login/")
    password_step(page, live_server)
    page.fill("#id_code", totp_code(authenticator(editor)))
    page.click("input[type=submit]")
    page.wait_for_url(f"{live_server.url}/admin/")
    page.goto(f"{live_server.url}/admin/security/recovery-codes/")
    page.click("input[type=submit]")
    codes = page.locator("#recovery-codes code").all_inner_texts()
    assert len(codes) == 10
    page.goto(f"{live_server.url}/admin/")
    page.locator("#logout-form button").click()
    mail.outbox.clear()

    password_step(page, live_server)
    page.fill("#id_code", codes[0])
    page.click("input[type=submit]")
    page.wait_for_url(f"{live_server.url}/admin/")

    assert [m.subject for m in mail.outbox] == [
        "Miami Current: A recovery code was used to sign in to your account"
    ]
    assert script_errors == []
