import time
from collections.abc import Callable

import time_machine
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from magazine.bots import form_stamp


def aged_stamp(seconds: float = 30) -> str:
    """A form stamp as if the reader opened the form ``seconds`` ago."""
    with time_machine.travel(time.time() - seconds, tick=False):
        return form_stamp()


def wait_until(condition: Callable[[], bool], *, timeout: float, what: str) -> None:
    """Returns as soon as ``condition()`` holds; fails after ``timeout`` seconds.

    For a state another process reaches (a row it writes, a time it sets): the test
    goes on the moment it is there, and a state never reached fails the test instead
    of hanging it.
    """
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, f"{what}: not within {timeout} s"
        time.sleep(0.05)


def authenticator(user):
    """A confirmed authenticator app (TOTP) for ``user``."""
    return TOTPDevice.objects.get_or_create(
        user=user, confirmed=True, defaults={"name": "Test phone"}
    )[0]


def totp_code(device) -> str:
    """The six digits the member's app shows now (django-otp's own TOTP)."""
    return f"{TOTP(device.bin_key, device.step, device.t0, device.digits).token():06d}"


def sign_in(client, user):
    """``client.force_login`` and a passed second factor, as the member's own
    sign-in would leave the session (the rule asks Editors and superusers)."""
    device = authenticator(user)
    client.force_login(user)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    return client
