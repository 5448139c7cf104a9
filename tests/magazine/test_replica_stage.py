"""Reader pages against a real streaming replica (the ``replica`` stage).

A throw-away PostgreSQL 15 primary in a temporary folder, and a standby made
from it with ``pg_basebackup -R``, each on a free port, run as the
``postgres`` user; ``migrate`` and ``load_demo`` run on the primary and reach
the standby through streaming. A Django of its own (tests/magazine/replica_walk.py)
walks the pages with both databases configured, and reports what each answered.

Run with ``.ci/test --stage replica tests/magazine/test_replica_stage.py``.
"""

import json
import os
import pwd
import shutil
import socket
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
BIN = Path("/usr/lib/postgresql/15/bin")
PASSWORD = "replica-stage"

# django_db: the suite's session fixtures expect the test database set up; these
# tests use databases of their own.
pytestmark = [pytest.mark.stage("replica"), pytest.mark.django_db]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def as_postgres(*command: str, **kwargs) -> subprocess.CompletedProcess:
    """PostgreSQL refuses to run as root: its tools run as ``postgres``."""
    prefix = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
    return subprocess.run(
        [*prefix, *command],
        check=True,
        capture_output=True,
        text=True,
        env={**os.environ, "PGPASSWORD": PASSWORD},
        **kwargs,
    )


@pytest.fixture(scope="module")
def streaming_replica():
    if not (BIN / "pg_basebackup").exists():
        pytest.fail("PostgreSQL 15 is not installed in /usr/lib/postgresql/15")
    folder = Path(tempfile.mkdtemp(prefix="replica-stage-"))
    if os.geteuid() == 0:
        user = pwd.getpwnam("postgres")
        os.chown(folder, user.pw_uid, user.pw_gid)
    primary, standby = folder / "primary", folder / "standby"
    primary_port, standby_port = free_port(), free_port()
    (folder / "password").write_text(PASSWORD)
    if os.geteuid() == 0:
        os.chown(folder / "password", user.pw_uid, user.pw_gid)
    started = []
    try:
        as_postgres(
            str(BIN / "initdb"), "-D", str(primary), "-U", "postgres",
            "--auth=scram-sha-256", f"--pwfile={folder / 'password'}", "--no-sync",
        )  # fmt: skip
        settings = (
            f"port = {primary_port}\nlisten_addresses = '127.0.0.1'\n"
            f"unix_socket_directories = '{folder}'\nfsync = off\n"
        )
        with (primary / "postgresql.conf").open("a") as conf:
            conf.write(settings)
        as_postgres(
            str(BIN / "pg_ctl"), "-D", str(primary), "-l", str(folder / "primary.log"),
            "-w", "start",
        )  # fmt: skip
        started.append(primary)
        as_postgres(
            str(BIN / "psql"), "-h", "127.0.0.1", "-p", str(primary_port), "-U",
            "postgres", "-c", "CREATE DATABASE magazine",
        )  # fmt: skip
        as_postgres(
            str(BIN / "pg_basebackup"), "-h", "127.0.0.1", "-p", str(primary_port),
            "-U", "postgres", "-D", str(standby), "-R", "-X", "stream",
        )  # fmt: skip
        with (standby / "postgresql.conf").open("a") as conf:
            conf.write(f"port = {standby_port}\n")
        as_postgres(
            str(BIN / "pg_ctl"), "-D", str(standby), "-l", str(folder / "standby.log"),
            "-w", "start",
        )  # fmt: skip
        started.append(standby)
        url = "postgres://postgres:{}@127.0.0.1:{}/magazine"
        environment = {
            **os.environ,
            "ENV_FILE": os.devnull,
            "DEBUG": "true",
            "DATABASE_URL": url.format(PASSWORD, primary_port),
            "DATABASE_REPLICA_URLS": url.format(PASSWORD, standby_port),
            "CACHE_URL": f"filecache://{folder / 'cache'}",
            "MEDIA_ROOT": str(folder / "media"),
            "REPLICA_ADMIN_DSN": (
                f"host=127.0.0.1 port={standby_port} dbname=magazine "
                f"user=postgres password={PASSWORD}"
            ),
        }
        manage = [sys.executable, "manage.py"]
        for command in (["migrate", "--no-input"], ["load_demo"]):
            subprocess.run(
                [*manage, *command], cwd=ROOT, env=environment, check=True,
                capture_output=True, timeout=600,
            )  # fmt: skip
        yield environment
    finally:
        for data in reversed(started):
            as_postgres(str(BIN / "pg_ctl"), "-D", str(data), "-m", "immediate", "stop")
        shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture(scope="module")
def report(streaming_replica) -> dict:
    result = subprocess.run(
        [sys.executable, "-m", "tests.magazine.replica_walk"],
        cwd=ROOT,
        env=streaming_replica,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert result.returncode == 0, result.stderr[-4000:]
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_reader_pages_read_the_replica(report):
    walk = report["walk"]
    assert all(visit["status"] == 200 for visit in walk), walk
    primary = sum(visit["primary"] for visit in walk)
    replica = sum(visit["replica"] for visit in walk)
    share = replica / (primary + replica)
    print(
        f"\nreplica share of reader queries over {len(walk)} pages: "
        f"{replica} of {primary + replica} ({share:.1%})"
    )
    assert share > 0.9, walk


def test_the_admin_a_signed_in_browser_and_writes_read_the_primary(report):
    assert report["admin"]["replica"] == 0
    assert report["admin"]["primary"] > 0
    assert report["signed_in_page"]["replica"] == 0
    assert report["post"]["status"] < 500
    assert report["post"]["replica"] == 0
    assert report["post"]["cookie"]


def test_a_reader_reads_the_primary_right_after_posting(report):
    assert report["after_post"]["status"] == 200
    assert report["after_post"]["replica"] == 0
    assert report["after_post"]["primary"] > 0


def test_a_lagging_replica_neither_serves_nor_caches_a_stale_page(report):
    first, again = report["lagging_first"], report["lagging_again"]
    assert first["cache"] == "miss"
    # Only the replay check reached the replica; the page came from the primary.
    assert first["replica"] == 1
    assert "Retitled while the replica lags" in first["body"]
    assert again["cache"] == "hit"
    assert "Retitled while the replica lags" in again["body"]


def test_a_replica_that_caught_up_is_read_again(report):
    caught_up = report["caught_up"]
    assert caught_up["status"] == 200
    assert caught_up["replica"] > 1
