"""The deployment kit (``magazine/deploy/``) read and rendered for a test machine.

Tests start the app exactly as the kit's units say: the command, its arguments and
the environment file come from the unit files, with only the install paths
(``/srv/magazine/…``, ``/etc/…``) mapped to this checkout and a temporary folder.
"""

import configparser
import os
import re
import shlex
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
KIT = ROOT / "magazine" / "deploy"
UNITS = KIT / "systemd"
INSTALLED_APP = "/srv/magazine/app"
INSTALLED_VENV = "/srv/magazine/venv"


@dataclass
class Unit:
    """What a systemd unit runs: command line, working directory, environment file."""

    name: str
    exec_start: list[str]
    working_directory: str
    environment_file: str
    user: str

    @classmethod
    def read(cls, name: str, instance: str = "1", host: str = "test") -> "Unit":
        parser = configparser.ConfigParser(interpolation=None, strict=False)
        parser.optionxform = str
        parser.read(UNITS / name)
        service = parser["Service"]

        def expand(value: str) -> str:
            return value.replace("%i", instance).replace("%H", host)

        return cls(
            name=name,
            exec_start=[expand(part) for part in shlex.split(service["ExecStart"])],
            working_directory=service["WorkingDirectory"],
            environment_file=service["EnvironmentFile"],
            user=service["User"],
        )

    def command(self) -> list[str]:
        """The unit's command line on this machine: the checkout's venv and code."""
        venv_bin = str(Path(sys.executable).parent)
        return [
            part.replace(f"{INSTALLED_VENV}/bin", venv_bin).replace(
                INSTALLED_APP, str(ROOT)
            )
            for part in self.exec_start
        ]


def read_environment_file(path: Path) -> dict[str, str]:
    """``KEY=value`` lines as systemd's EnvironmentFile reads them (no quoting used)."""
    pairs = {}
    for line in path.read_text().splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            key, _, value = line.partition("=")
            pairs[key.strip()] = value.strip()
    return pairs


def self_signed_certificate(folder: Path) -> tuple[Path, Path]:
    certificate, key = folder / "fullchain.pem", folder / "privkey.pem"
    subprocess.run(
        [
            "openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes",
            "-keyout", str(key), "-out", str(certificate), "-days", "1",
            "-subj", "/CN=magazine.test",
        ],
        check=True,
        capture_output=True,
    )  # fmt: skip
    return certificate, key


# What Debian's modules-enabled/ loads for the packages the kit names.
NGINX_MODULES = """load_module /usr/lib/nginx/modules/ndk_http_module.so;
load_module /usr/lib/nginx/modules/ngx_http_lua_module.so;
load_module /usr/lib/nginx/modules/ngx_http_cache_purge_module.so;
load_module /usr/lib/nginx/modules/ngx_http_brotli_filter_module.so;"""


def render_nginx_site(
    folder: Path,
    *,
    upstreams: list[str],
    http_port: int,
    https_port: int,
    static_root: Path,
    media_root: Path,
    purge_port: int = 8081,
    workers: int = 1,
) -> Path:
    """The kit's site in a complete nginx.conf that runs unprivileged in ``folder``.

    Only addresses and paths change; every directive of the site stays as shipped.
    """
    certificate, key = self_signed_certificate(folder)
    site = (KIT / "nginx-magazine.conf").read_text()
    site = re.sub(
        r"(upstream magazine_app \{\n).*?(    keepalive)",
        lambda m: (
            m.group(1)
            + "".join(f"    server {address} max_fails=0;\n" for address in upstreams)
            + m.group(2)
        ),
        site,
        flags=re.S,
    )
    replacements = {
        "listen 80;": f"listen 127.0.0.1:{http_port};",
        "listen [::]:80;": "",
        "listen 443 ssl http2;": f"listen 127.0.0.1:{https_port} ssl http2;",
        "listen [::]:443 ssl http2;": "",
        "/etc/ssl/magazine/fullchain.pem": str(certificate),
        "/etc/ssl/magazine/privkey.pem": str(key),
        "/srv/magazine/app/var/static/": f"{static_root}/",
        "/srv/magazine/var/media/": f"{media_root}/",
        "/var/log/nginx/": f"{folder}/",
        "/var/www/acme": str(folder / "acme"),
        "/var/cache/nginx/magazine": str(folder / "front-cache"),
        "listen 127.0.0.1:8081;": f"listen 127.0.0.1:{purge_port};",
        "/run/nginx-magazine-compressor.sock": str(folder / "compressor.sock"),
        "/run/nginx-magazine-whole.sock": str(folder / "whole.sock"),
    }
    for installed, local in replacements.items():
        assert installed in site, f"the kit's nginx site no longer has {installed!r}"
        site = site.replace(installed, local)
    config = folder / "nginx.conf"
    # As root, workers would run as nobody, who cannot enter pytest's folders.
    user = "user root;" if os.geteuid() == 0 else ""
    config.write_text(
        f"""{NGINX_MODULES}
{user}
daemon off;
pid {folder}/nginx.pid;
error_log {folder}/error.log;
worker_processes {workers};
events {{ worker_connections 256; }}
http {{
    include /etc/nginx/mime.types;
    client_body_temp_path {folder}/body;
    proxy_temp_path {folder}/proxy;
    fastcgi_temp_path {folder}/fastcgi;
    uwsgi_temp_path {folder}/uwsgi;
    scgi_temp_path {folder}/scgi;
    access_log off;
{site}
}}
"""
    )
    return config
