"""The kit's nginx in front of two app servers started from the kit's unit."""

import ssl
import threading
import urllib.request

import pytest
from django.db import connection

from tests.deploy.topology import Topology, database_url

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
            topology.restart("app1")
            topology.restart("app2")
        finally:
            stop.set()
            asker.join()

        assert len(answers) > 10
        assert set(answers) == {200}
    finally:
        topology.stop()
