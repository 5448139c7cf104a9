"""A throw-away PostgreSQL 15 primary and a streaming standby of it.

The standby is made with ``pg_basebackup -R`` as README's replica section says;
both listen on free ports in a temporary folder and run as ``postgres`` (the
server refuses root). A replica cannot hold pytest's throw-away test database,
so the stages that need one (``replica``, ``topology``) get a database of
their own, ``magazine``.
"""

import os
import pwd
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from tests.newsletter.smtp_sink import free_port

BIN = Path("/usr/lib/postgresql/15/bin")
PASSWORD = "throw-away-cluster"


@dataclass(frozen=True)
class Pair:
    primary_port: int
    standby_port: int
    folder: Path

    def url(self, port: int) -> str:
        return f"postgres://postgres:{PASSWORD}@127.0.0.1:{port}/magazine"

    @property
    def primary_url(self) -> str:
        return self.url(self.primary_port)

    @property
    def standby_url(self) -> str:
        return self.url(self.standby_port)

    def statements(self, port: int, *, besides: tuple[str, ...]) -> int:
        """Statements the server on ``port`` has logged so far, but for those
        of clients whose application name starts with one of ``besides``."""
        log = self.folder / (
            "primary.log" if port == self.primary_port else "standby.log"
        )
        count = 0
        for line in log.read_text(errors="replace").splitlines():
            name, _, rest = line.partition("|")
            if name.startswith(besides) or not rest:
                continue
            count += "statement: " in rest or "execute " in rest
        return count

    def dsn(self, port: int) -> str:
        return (
            f"host=127.0.0.1 port={port} dbname=magazine "
            f"user=postgres password={PASSWORD}"
        )


def as_postgres(*command: str) -> subprocess.CompletedProcess:
    prefix = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
    return subprocess.run(
        [*prefix, *command],
        check=True,
        capture_output=True,
        text=True,
        env={**os.environ, "PGPASSWORD": PASSWORD},
    )


@contextmanager
def primary_and_standby(*, log_statements: bool = False) -> Iterator[Pair]:
    """``log_statements``: both servers log every statement, each line
    prefixed with the client's application name (``Pair.statements``)."""
    if not (BIN / "pg_basebackup").exists():
        raise RuntimeError("PostgreSQL 15 is not installed in /usr/lib/postgresql/15")
    folder = Path(tempfile.mkdtemp(prefix="postgres-pair-"))
    (folder / "password").write_text(PASSWORD)
    if os.geteuid() == 0:
        user = pwd.getpwnam("postgres")
        for path in (folder, folder / "password"):
            os.chown(path, user.pw_uid, user.pw_gid)
    primary, standby = folder / "primary", folder / "standby"
    pair = Pair(free_port(), free_port(), folder)
    started = []
    try:
        as_postgres(
            str(BIN / "initdb"), "-D", str(primary), "-U", "postgres",
            "--auth=scram-sha-256", f"--pwfile={folder / 'password'}", "--no-sync",
        )  # fmt: skip
        with (primary / "postgresql.conf").open("a") as conf:
            conf.write(
                f"port = {pair.primary_port}\nlisten_addresses = '127.0.0.1'\n"
                f"unix_socket_directories = '{folder}'\nfsync = off\n"
                "max_connections = 200\n"
            )
            if log_statements:
                # Who asked what, per server: a node's PGAPPNAME starts each line.
                conf.write("log_statement = 'all'\nlog_line_prefix = '%a|'\n")
        as_postgres(
            str(BIN / "pg_ctl"), "-D", str(primary), "-l", str(folder / "primary.log"),
            "-w", "start",
        )  # fmt: skip
        started.append(primary)
        as_postgres(
            str(BIN / "psql"), "-h", "127.0.0.1", "-p", str(pair.primary_port),
            "-U", "postgres", "-c", "CREATE DATABASE magazine",
        )  # fmt: skip
        as_postgres(
            str(BIN / "pg_basebackup"), "-h", "127.0.0.1", "-p",
            str(pair.primary_port), "-U", "postgres", "-D", str(standby), "-R",
            "-X", "stream",
            # At once: a spread checkpoint kept every stage waiting 90 s here.
            "--checkpoint=fast",
        )  # fmt: skip
        with (standby / "postgresql.conf").open("a") as conf:
            conf.write(f"port = {pair.standby_port}\n")
        as_postgres(
            str(BIN / "pg_ctl"), "-D", str(standby), "-l", str(folder / "standby.log"),
            "-w", "start",
        )  # fmt: skip
        started.append(standby)
        yield pair
    finally:
        for data in reversed(started):
            as_postgres(str(BIN / "pg_ctl"), "-D", str(data), "-m", "immediate", "stop")
        shutil.rmtree(folder, ignore_errors=True)
