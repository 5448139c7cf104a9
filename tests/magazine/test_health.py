"""Health checks: liveness touches nothing, readiness reports the database and
the cache apart and fails only without the database."""

import http.client
import os
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.django_db
@pytest.mark.parametrize("url", ["/healthz/", "/healthz/live/", "/healthz/ready/"])
def test_health_checks_answer_get_and_head_and_are_never_cached(client, url):
    got, head = client.get(url), client.head(url)

    assert (got.status_code, head.status_code) == (200, 200)
    assert "X-Page-Cache" not in got
    assert "no-cache" in got["Cache-Control"]


@pytest.mark.django_db
def test_liveness_touches_neither_the_database_nor_the_cache(
    client, django_assert_num_queries, settings
):
    settings.CACHES = {
        "default": {  # a cache that cannot answer anything
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "unix:///nonexistent/redis.sock",
        }
    }
    with django_assert_num_queries(0):
        assert client.get("/healthz/live/").content == b"ok"


class UnixHTTPConnection(http.client.HTTPConnection):
    def __init__(self, path: str):
        super().__init__("localhost", timeout=10)
        self.path = path

    def connect(self):
        self.sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        self.sock.connect(self.path)


def ask(path: str, method: str, url: str) -> tuple[int, bytes]:
    connection = UnixHTTPConnection(path)
    try:
        connection.request(method, url)
        response = connection.getresponse()
        return response.status, response.read()
    finally:
        connection.close()


@pytest.fixture
def server_without_database():
    """The production server (gunicorn, DEBUG off) whose PostgreSQL does not
    answer (nothing listens where DATABASE_URL points), on a Unix socket."""
    folder = Path(tempfile.mkdtemp(prefix="health-"))
    bind = folder / "web.sock"
    env = {
        **os.environ,
        "DEBUG": "false",
        "SECRET_KEY": "a-test-secret-that-is-long-enough-for-the-deploy-checks-123",
        "ALLOWED_HOSTS": "localhost",
        "SITE_URL": "http://localhost",
        "EMAIL_URL": "consolemail://",
        "DATABASE_URL": "postgres://nobody:nothing@127.0.0.1:1/nowhere",
        "CACHE_URL": "locmemcache://",
    }
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "magazine.wsgi", "--bind", f"unix:{bind}"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 30
    while not bind.exists():  # waiting for a process to start, not for time to pass
        assert server.poll() is None
        assert time.monotonic() < deadline
        time.sleep(0.05)
    yield str(bind)
    server.terminate()
    server.wait(timeout=10)
    bind.unlink(missing_ok=True)
    folder.rmdir()


def test_readiness_fails_without_the_database_and_liveness_does_not(
    server_without_database,
):
    ready = ask(server_without_database, "GET", "/healthz/ready/")
    answers = [
        ask(server_without_database, method, url)
        for url in ("/healthz/", "/healthz/live/")
        for method in ("GET", "HEAD")
    ]

    assert ready == (503, b'{"database": "unavailable", "cache": "ok"}')
    assert [status for status, _ in answers] == [200] * 4
    assert ask(server_without_database, "HEAD", "/healthz/ready/")[0] == 503
