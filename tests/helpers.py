import time
from collections.abc import Callable

import time_machine

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
