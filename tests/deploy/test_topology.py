"""The kit's nginx in front of two app servers started from the kit's unit."""

import http.client
import ssl
import threading
import urllib.parse
import urllib.request

import pytest
from django.db import connection

from tests.deploy.browser import Browser
from tests.deploy.test_front_cache import collected_static  # noqa: F401
from tests.deploy.topology import Topology, database_url, grown_by

pytestmark = [pytest.mark.stage("topology"), pytest.mark.django_db(transaction=True)]


def fetch(url: str) -> int:
    insecure = ssl.create_default_context()
    insecure.check_hostname = False
    insecure.verify_mode = ssl.CERT_NONE
    try:
        return urllib.request.urlopen(url, timeout=10, context=insecure).status  # noqa: S310
    except urllib.error.HTTPError as error:
        return error.code


def test_every_node_answers_and_a_rolling_restart_drops_no_request(tmp_path):
    topology = Topology.with_environment(
        tmp_path,
        DATABASE_URL=database_url(connection),
        ALLOWED_HOSTS="127.0.0.1,localhost",
        SITE_URL="http://127.0.0.1",
        EMAIL_URL="smtp://127.0.0.1:25",
        CACHE_URL="",
    )
    try:
        for name in ("app1", "app2"):
            topology.add_app_server(name)
        front = topology.add_front(tmp_path / "static", tmp_path / "media")

        for node in ("app1", "app2"):
            address = topology.nodes[node].address
            assert fetch(f"http://{address}/healthz/ready/") == 200
        assert fetch(f"{front}/healthz/ready/") == 200

        answers, stop = [], threading.Event()

        def keep_asking():
            while not stop.is_set():
                answers.append(fetch(f"{front}/healthz/ready/"))

        asker = threading.Thread(target=keep_asking)
        asker.start()
        try:
            for node in ("app1", "app2"):
                topology.restart(
                    node,
                    while_down=lambda: grown_by(
                        answers, 5, what="answers while one is down"
                    ),
                )
            grown_by(answers, 5, what="answers after both restarts")
        finally:
            stop.set()
            asker.join()

        assert set(answers) == {200}
    finally:
        topology.stop()


def ask_with_host(front: str, path: str, host: str) -> int:
    """A GET through the front with a Host header of the asker's choosing."""
    parts = urllib.parse.urlsplit(front)
    insecure = ssl.create_default_context()
    insecure.check_hostname = False
    insecure.verify_mode = ssl.CERT_NONE
    connection = http.client.HTTPSConnection(
        parts.hostname, parts.port, timeout=10, context=insecure
    )
    try:
        connection.request("GET", path, headers={"Host": host})
        return connection.getresponse().status
    finally:
        connection.close()


def test_forms_work_on_an_https_port_other_than_443_and_strangers_hosts_do_not(
    tmp_path,
    collected_static,  # noqa: F811
):
    """SITE_URL without the port (CSRF_TRUSTED_ORIGINS left to its default): the
    kit's nginx tells the app the port it serves on, so the browser's Origin
    matches; a Host naming another site is refused by ALLOWED_HOSTS (400), and a
    port written in Host by the asker is not believed."""
    topology = Topology.with_environment(
        tmp_path,
        DATABASE_URL=database_url(connection),
        ALLOWED_HOSTS="127.0.0.1",
        SITE_URL="https://127.0.0.1",
        EMAIL_URL="smtp://127.0.0.1:25",
        CACHE_URL="",
    )
    try:
        topology.add_app_server("app1")
        front = topology.add_front(collected_static, tmp_path / "media")
        assert urllib.parse.urlsplit(front).port != 443

        browser = Browser(front)
        login = browser.get("/admin/login/")
        assert login.status == 200, login.status
        form = login.form(id="login-form")
        form.set("username", "nobody").set("password", "not-the-password")
        refused_sign_in = browser.submit(form)
        # Past the CSRF check: the form answers with its own error, the name kept.
        assert refused_sign_in.status == 200, refused_sign_in.status
        assert "errornote" in refused_sign_in.text
        assert 'value="nobody"' in refused_sign_in.text

        foreign_origin = browser.open(
            form.action,
            data=urllib.parse.urlencode(form.fields).encode(),
            headers={
                "Origin": "https://127.0.0.1:1",
                "Content-Type": "application/x-www-form-urlencoded",
            },
        )
        assert foreign_origin.status == 403

        port = urllib.parse.urlsplit(front).port
        assert ask_with_host(front, "/", "magazine.example.org") == 400
        assert ask_with_host(front, "/", f"magazine.example.org:{port}") == 400
        assert ask_with_host(front, "/healthz/ready/", "127.0.0.1:1") == 200
        spoofed_port = browser.open(
            "/admin/login/",
            data=urllib.parse.urlencode(form.fields).encode(),
            headers={
                "Host": "127.0.0.1:1",
                "Origin": "https://127.0.0.1:1",
                "Content-Type": "application/x-www-form-urlencoded",
            },
        )
        assert spoofed_port.status == 403
    finally:
        topology.stop()
