"""A local SMTP server that records what it accepts (aiosmtpd, in a thread).

``hold_at=n`` makes the n-th message hang before the server answers its DATA
command, so a test can kill the sending worker in the middle of a conversation.
"""

import asyncio
import re
import socket
import threading
from collections import Counter

from aiosmtpd.controller import Controller

MESSAGE_ID = re.compile(rb"^Message-ID: *(<[^>\r\n]+>)", re.IGNORECASE | re.MULTILINE)


class _Controller(Controller):
    """aiosmtpd's controller, told the port the system chose when asked for 0."""

    def _trigger_server(self):
        self.port = self.server.sockets[0].getsockname()[1]
        super()._trigger_server()


class Sink:
    """Listens on a free port (``port=0``, the default): read it from ``sink.port``."""

    def __init__(self, port: int = 0, *, hold_at: int | None = None):
        self.recipients: Counter[str] = Counter()
        self.message_ids: Counter[bytes] = Counter()
        self.accepted = 0
        self.hold_at = hold_at
        self.holding = threading.Event()
        self.release = threading.Event()
        self.controller = _Controller(
            self, hostname="127.0.0.1", port=port, data_size_limit=0
        )

    @property
    def port(self) -> int:
        return self.controller.port

    def __enter__(self):
        self.controller.start()
        return self

    def __exit__(self, *exc_info):
        self.release.set()
        self.controller.stop()

    async def handle_DATA(self, server, session, envelope):
        if self.hold_at is not None and self.accepted + 1 == self.hold_at:
            self.hold_at = None
            self.holding.set()
            await asyncio.get_running_loop().run_in_executor(None, self.release.wait)
            return "451 4.3.0 Connection lost before the message was accepted"
        found = MESSAGE_ID.search(envelope.original_content or envelope.content)
        self.message_ids[found.group(1) if found else b""] += 1
        self.recipients.update(envelope.rcpt_tos)
        self.accepted += 1
        return "250 2.0.0 Accepted"


def free_port() -> int:
    """A port nobody listens on now, for a sink of one test (no fixed ports)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]
