"""A small deployment on one machine, started from the kit: nodes can be added.

Each node is a process started exactly as its unit says (``kit.Unit``), with the
environment the unit's EnvironmentFile would give it (the kit's template, then
this run's addresses). The lead adds replica and storage nodes the same way.
"""

import os
import signal
import subprocess
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from tests.deploy.kit import KIT, ROOT, Unit, read_environment_file, render_nginx_site
from tests.helpers import wait_until
from tests.newsletter.smtp_sink import free_port


def database_url(connection) -> str:
    """The test database's URL, for the nodes to share it with the test."""
    db = connection.settings_dict
    if connection.vendor == "postgresql":
        return f"postgres://{db['USER']}:{db['PASSWORD']}@{db['HOST']}:{db['PORT']}/{db['NAME']}"
    return f"sqlite:///{db['NAME']}"


def grown_by(answers: list, more: int, *, what: str) -> None:
    """Returns once a reader's thread has added ``more`` to ``answers``: each phase
    of a restart waits for its own answers, not for a restart long enough."""
    seen = len(answers)
    wait_until(lambda: len(answers) >= seen + more, timeout=60, what=what)


@dataclass
class Node:
    name: str
    process: subprocess.Popen
    address: str = ""
    log: object = None

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            self.process.wait(timeout=60)
        if self.log is not None:
            self.log.close()


@dataclass
class Topology:
    folder: Path
    environment: dict[str, str]
    nodes: dict[str, Node] = field(default_factory=dict)

    @classmethod
    def with_environment(cls, folder: Path, **overrides: str) -> "Topology":
        environment = {
            "PATH": os.environ["PATH"],
            "ENV_FILE": os.devnull,
            **read_environment_file(KIT / "magazine.env.example"),
            "SECRET_KEY": "a-long-random-topology-secret-key-0123456789-abcdefghijklmn",
            "GUNICORN_WORKERS": "2",
            **overrides,
        }
        # Unset means the default (an empty value is not): a node's own choice.
        environment = {key: value for key, value in environment.items() if value}
        return cls(folder=folder, environment=environment)

    def start(self, name: str, unit: Unit, address: str = "", **env: str) -> Node:
        log = (self.folder / f"{name}.log").open("a")
        process = subprocess.Popen(
            unit.command(),
            cwd=ROOT,
            env={**self.environment, **env},
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        self.nodes[name] = Node(name, process, address, log)
        return self.nodes[name]

    def add_app_server(self, name: str, **env: str) -> Node:
        address = f"127.0.0.1:{free_port()}"
        node = self.start(
            name,
            Unit.read("magazine-web.service"),
            address,
            GUNICORN_BIND=address,
            GUNICORN_ACCESS_LOG=str(self.folder / f"{name}.access.log"),
            GUNICORN_ERROR_LOG=str(self.folder / f"{name}.error.log"),
            **env,
        )
        self.wait_answering(f"http://{address}/healthz/live/")
        return node

    def restart(self, name: str, while_down: Callable[[], None] = lambda: None) -> None:
        """Stops app server ``name``, calls ``while_down()``, starts it again at
        the same address and returns once it answers."""
        node = self.nodes[name]
        node.stop()
        while_down()
        self.add_app_server_at(name, node.address)

    def add_app_server_at(self, name: str, address: str) -> None:
        self.start(
            name,
            Unit.read("magazine-web.service"),
            address,
            GUNICORN_BIND=address,
            GUNICORN_ACCESS_LOG=str(self.folder / f"{name}.access.log"),
            GUNICORN_ERROR_LOG=str(self.folder / f"{name}.error.log"),
        )
        self.wait_answering(f"http://{address}/healthz/live/")

    def add_front(
        self,
        static_root: Path,
        media_root: Path,
        purge_port: int | None = None,
        workers: int = 1,
        https_port: int | None = None,
    ) -> str:
        """nginx from the kit in front of every app server; its HTTPS origin.
        ``purge_port``: where its purge listener answers (the app servers'
        FRONT_CACHE_PURGE_URLS); ``https_port``: chosen before the app servers
        start when they must know the origin (CSRF_TRUSTED_ORIGINS)."""
        http_port, https_port = free_port(), https_port or free_port()
        upstreams = [n.address for n in self.nodes.values() if n.address]
        config = render_nginx_site(
            self.folder,
            upstreams=upstreams,
            http_port=http_port,
            https_port=https_port,
            static_root=static_root,
            media_root=media_root,
            purge_port=purge_port or free_port(),
            workers=workers,
        )
        log = (self.folder / "nginx.log").open("w")
        process = subprocess.Popen(
            ["nginx", "-c", str(config), "-p", str(self.folder)],
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        self.nodes["front"] = Node("front", process, log=log)
        origin = f"http://127.0.0.1:{http_port}"
        self.wait_answering(f"{origin}/.well-known/acme-challenge/none", ok=(403, 404))
        return f"https://127.0.0.1:{https_port}"

    @staticmethod
    def wait_answering(url: str, ok=(200,)) -> None:
        def answers() -> bool:
            try:
                return urllib.request.urlopen(url, timeout=2).status in ok  # noqa: S310
            except urllib.error.HTTPError as error:
                return error.code in ok
            except OSError:
                return False

        wait_until(answers, timeout=60, what=f"{url} answers")

    def stop(self) -> None:
        for node in reversed(list(self.nodes.values())):
            node.stop()
