"""A real Redis for tests: Debian's ``redis-server`` on a Unix socket (no port
to collide with), or the one ``REDIS_TEST_URL`` names (CI starts one).

A test that stops Redis mid-way always gets its own (:class:`RedisServer`):
stopping a shared one would pull it from under other tests. The server keeps
a snapshot in its folder, written when it stops and read when it starts
again, like a production Redis restarted with its data.
"""

import os
import shutil
import subprocess
import tempfile
import time
from pathlib import Path

import redis

REDIS_SERVER = shutil.which("redis-server") or "/usr/bin/redis-server"


class RedisServer:
    def __init__(self):
        # Short: a Unix socket's path holds at most 107 bytes.
        self.folder = Path(tempfile.mkdtemp(prefix="redis-"))
        self.socket = self.folder / "redis.sock"
        self.process = None

    @property
    def url(self) -> str:
        return f"unix://{self.socket}"

    def start(self) -> "RedisServer":
        self.process = subprocess.Popen(
            [
                REDIS_SERVER,
                "--port", "0",
                "--unixsocket", str(self.socket),
                "--unixsocketperm", "700",
                "--dir", str(self.folder),
                "--save", "3600 1",
                "--appendonly", "no",
            ],
            stdout=subprocess.DEVNULL,
        )  # fmt: skip
        client = redis.Redis(unix_socket_path=str(self.socket))
        deadline = time.monotonic() + 10
        while True:
            try:
                client.ping()
                break
            except redis.ConnectionError:
                if time.monotonic() > deadline or self.process.poll() is not None:
                    raise
                time.sleep(0.02)  # waiting for a process to start, not for time to pass
            finally:
                client.close()
        return self

    def stop(self) -> None:
        """Stops the server as an operator would (it writes its snapshot, so
        its folder must still be there)."""
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=10)
        self.process = None

    def remove(self) -> None:
        self.stop()
        shutil.rmtree(self.folder, ignore_errors=True)


def redis_cache(url: str, prefix: str = "") -> dict:
    """Django's Redis cache at ``url``; a ``prefix`` keeps a test's keys apart
    on a shared server (no flush that would pull another's from under it)."""
    return {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": url,
            "KEY_PREFIX": prefix,
        }
    }


def shared_redis_url() -> str | None:
    return os.environ.get("REDIS_TEST_URL") or None
