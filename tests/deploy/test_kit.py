"""Every file of the deployment kit is checked by the tool that will read it."""

import shutil
import subprocess

import pytest
from django.test import override_settings

from tests.deploy.kit import (
    KIT,
    ROOT,
    UNITS,
    Unit,
    read_environment_file,
    render_nginx_site,
)

SERVICES = sorted(path.name for path in UNITS.glob("*.service"))


@pytest.mark.skipif(not shutil.which("nginx"), reason="nginx is not installed")
def test_the_nginx_site_passes_nginx_t(tmp_path):
    config = render_nginx_site(
        tmp_path,
        upstreams=["127.0.0.1:8001", "127.0.0.1:8002"],
        http_port=8080,
        https_port=8443,
        static_root=tmp_path / "static",
        media_root=tmp_path / "media",
    )

    checked = subprocess.run(
        ["nginx", "-t", "-c", str(config), "-p", str(tmp_path)],
        capture_output=True,
        text=True,
    )

    assert checked.returncode == 0, checked.stderr
    assert "syntax is ok" in checked.stderr


@pytest.mark.skipif(
    not shutil.which("systemd-analyze"), reason="systemd-analyze is not installed"
)
@pytest.mark.parametrize("name", SERVICES)
def test_the_systemd_units_pass_systemd_analyze_verify(tmp_path, name):
    """The units as shipped, with the install paths pointed at this checkout."""
    unit = Unit.read(name)
    text = (UNITS / name).read_text()
    for installed, local in {
        "/srv/magazine/venv/bin/": f"{unit.command()[0].rsplit('/', 1)[0]}/",
        "/srv/magazine/app": str(ROOT),
        "/etc/magazine/magazine.env": str(KIT / "magazine.env.example"),
    }.items():
        text = text.replace(installed, local)
    (tmp_path / name).write_text(text)

    verified = subprocess.run(
        ["systemd-analyze", "verify", "--man=no", str(tmp_path / name)],
        capture_output=True,
        text=True,
    )

    problems = [
        line
        for line in verified.stderr.splitlines()
        # The machine has no running systemd and no "magazine" user.
        if "magazine" in line and "User" not in line
    ]
    assert verified.returncode == 0, verified.stderr
    assert not problems, verified.stderr


def test_the_units_run_gunicorn_with_the_kits_config_and_named_workers():
    web = Unit.read("magazine-web.service")
    worker = Unit.read("magazine-worker@.service", instance="2", host="app1")

    assert web.command()[1:] == [
        "--config",
        str(ROOT / "magazine" / "deploy" / "gunicorn.conf.py"),
    ]
    assert worker.command()[1:] == ["manage.py", "task_worker", "--worker-id", "app1-2"]
    assert (
        web.environment_file == worker.environment_file == "/etc/magazine/magazine.env"
    )


def test_the_environment_template_names_every_required_setting():
    template = read_environment_file(KIT / "magazine.env.example")

    for required in ["SECRET_KEY", "ALLOWED_HOSTS", "SITE_URL", "EMAIL_URL"]:
        assert required in template
    assert template["TRUSTED_PROXIES"] == "1"  # nginx is the one proxy
    assert template["SERVE_MEDIA"] == "false"  # nginx serves MEDIA_ROOT


@pytest.mark.django_db
@override_settings(DEBUG=False)
def test_uploads_on_disk_are_served_without_a_front_server(client, settings):
    (settings.MEDIA_ROOT / "images").mkdir(parents=True)
    (settings.MEDIA_ROOT / "images" / "heron.jpg").write_bytes(b"\xff\xd8\xff jpeg")

    found = client.get("/media/images/heron.jpg")
    missing = client.get("/media/images/ibis.jpg")
    outside = client.get("/media/../settings.py")

    assert found.status_code == 200
    assert b"".join(found.streaming_content) == b"\xff\xd8\xff jpeg"
    assert found["Content-Type"] == "image/jpeg"
    assert missing.status_code == 404
    assert outside.status_code == 400  # Django refuses a path out of MEDIA_ROOT


def test_the_app_purges_where_the_kits_nginx_listens_for_purges():
    template = read_environment_file(KIT / "magazine.env.example")
    site = (KIT / "nginx-magazine.conf").read_text()

    purge_server = site[site.index("# Purges, from the app servers only") :]
    listen = purge_server.split("listen ", 1)[1].split(";", 1)[0]

    assert template["FRONT_CACHE_PURGE_URLS"] == f"http://{listen}"
