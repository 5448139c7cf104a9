import time

import time_machine

from magazine.bots import form_stamp


def aged_stamp(seconds: float = 30) -> str:
    """A form stamp as if the reader opened the form ``seconds`` ago."""
    with time_machine.travel(time.time() - seconds, tick=False):
        return form_stamp()
