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
import subprocess
import sys
from pathlib import Path

import pytest

from tests.deploy.postgres_pair import primary_and_standby

ROOT = Path(__file__).resolve().parents[2]

# django_db: the suite's session fixtures expect the test database set up; these
# tests use databases of their own.
pytestmark = [pytest.mark.stage("replica"), pytest.mark.django_db]


@pytest.fixture(scope="module")
def streaming_replica():
    with primary_and_standby() as pair:
        environment = {
            **os.environ,
            "ENV_FILE": os.devnull,
            "DEBUG": "true",
            "DATABASE_URL": pair.primary_url,
            "DATABASE_REPLICA_URLS": pair.standby_url,
            "CACHE_URL": f"filecache://{pair.folder / 'cache'}",
            "MEDIA_ROOT": str(pair.folder / "media"),
            "REPLICA_ADMIN_DSN": pair.dsn(pair.standby_port),
            "STANDBY_DATA": str(pair.folder / "standby"),
            "STANDBY_LOG": str(pair.folder / "standby.log"),
        }
        manage = [sys.executable, "manage.py"]
        for command in (["migrate", "--no-input"], ["load_demo"]):
            subprocess.run(
                [*manage, *command], cwd=ROOT, env=environment, check=True,
                capture_output=True, timeout=600,
            )  # fmt: skip
        yield environment


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


def test_a_standby_lagging_past_max_lag_is_set_aside_for_a_window(report):
    lag = report["lag"]
    statuses = {page["status"] for page in lag["pages"]}
    assert statuses == {200}
    # Until MAX_LAG has passed, each page asks the standby its position only.
    before = [page for page in lag["pages"] if page["at"] < lag["max_lag"]]
    assert before, lag
    assert all(page["replica"] == 1 for page in before), lag
    assert lag["set_aside_after"] >= lag["max_lag"]
    # Set aside: pages read the primary without asking the standby at all.
    assert lag["aside_pages"] == [0, 0, 0]
    assert len(lag["warnings"]) == 2, lag["warnings"]
    assert "has lagged more than 1 s" in lag["warnings"][0]
    # Caught up, it is tried again once the window is over and read again.
    assert lag["read_again_after"] >= lag["window"]
    assert lag["pages"][-1]["replica"] > 1
    assert "is back" in lag["warnings"][1]


def test_a_stopped_standby_is_tried_once_per_window_and_read_again_once_back(report):
    down, back = report["down"], report["back"]
    assert set(down["statuses"]) == {200}
    assert len(down["statuses"]) == 20
    # One try when it went down, then one per window elapsed: not one per page.
    assert 1 <= down["attempts"] <= 1 + int(down["elapsed"] // down["window"])
    assert len(down["warnings"]) == 1
    assert "does not answer" in down["warnings"][0]

    assert set(back["statuses"]) == {200}
    assert back["after"] >= down["window"]
    assert len(back["warnings"]) == 2
    assert "is back" in back["warnings"][1]
