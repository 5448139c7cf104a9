"""Run by the ``replica`` stage (tests/magazine/test_replica_stage.py) in a
Django of its own, whose environment names a primary and its streaming
replica: walks the reader pages and the primary-only paths, pauses the
replica's replay around an edit, and prints what each alias answered as JSON.
"""

import itertools
import json
import logging
import os
import subprocess
import time
from pathlib import Path

import django

django.setup()

import psycopg  # noqa: E402
from django.conf import settings  # noqa: E402
from django.contrib.auth import get_user_model  # noqa: E402
from django.db import connections  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.urls import reverse  # noqa: E402
from taggit.models import Tag  # noqa: E402

from articles.models import Article, Author, Category  # noqa: E402
from magazine import replicas  # noqa: E402
from tests.helpers import wait_until  # noqa: E402

REPLICA_ADMIN = os.environ["REPLICA_ADMIN_DSN"]
PG_BIN = Path("/usr/lib/postgresql/15/bin")
AS_POSTGRES = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []


def visit(client: Client, path: str, **extra) -> dict:
    with (
        CaptureQueriesContext(connections["default"]) as primary,
        CaptureQueriesContext(connections["replica_1"]) as replica,
    ):
        response = client.get(path, **extra)
    return {
        "path": path,
        "status": response.status_code,
        "cache": response.get("X-Page-Cache", ""),
        "primary": len(primary),
        "replica": len(replica),
        "body": response.content.decode(errors="replace") if path == EDITED else "",
    }


def reader_paths() -> list[str]:
    paths = ["/", "/search/?q=miami", "/feed/", "/sitemap.xml"]
    paths += [c.get_absolute_url() for c in Category.objects.order_by("pk")[:6]]
    paths += [a.get_absolute_url() for a in Article.objects.published()[:20]]
    paths += [f"/tag/{t.slug}/" for t in Tag.objects.order_by("pk")[:3]]
    paths += [a.get_absolute_url() for a in Author.objects.order_by("pk")[:3]]
    return paths


def replay(pause: bool) -> None:
    with psycopg.connect(REPLICA_ADMIN, autocommit=True) as admin:
        admin.execute(
            "SELECT pg_wal_replay_pause()" if pause else "SELECT pg_wal_replay_resume()"
        )


def wait_for_replay() -> None:
    target = replicas.primary_position()
    deadline = time.monotonic() + 30
    while replicas.replayed_position("replica_1") < target:
        if time.monotonic() > deadline:
            raise SystemExit("the replica did not catch up in 30 s")
        time.sleep(0.05)
    connections["replica_1"].close()


report = {}
story = Article.objects.published().order_by("-publish_at").first()
EDITED = story.get_absolute_url()
wait_for_replay()
reader = Client()
report["walk"] = [visit(reader, path) for path in reader_paths()]

# Primary-only: the admin, a signed-in browser, a POST, and the reader's next page.
User = get_user_model()
staff = User.objects.filter(is_superuser=True).first() or User.objects.create_superuser(
    "replica-admin", "replica@example.com", "x-Very-long-passw0rd"
)
signed_in = Client()
signed_in.force_login(staff)
report["admin"] = visit(signed_in, "/admin/login/")
report["signed_in_page"] = visit(signed_in, "/news/")
poster = Client()
with (
    CaptureQueriesContext(connections["replica_1"]) as replica_during_post,
):
    posted = poster.post(
        reverse("articles:comment_form", args=[story.pk]), {"body": "x"}
    )
report["post"] = {
    "status": posted.status_code,
    "replica": len(replica_during_post),
    "cookie": replicas.PRIMARY_COOKIE in posted.cookies,
}
report["after_post"] = visit(poster, "/search/?q=seawall")

# Deliberate lag: the replica stops replaying, a story is retitled on the primary.
replay(pause=True)
story.headline = "Retitled while the replica lags"
story.save()
report["lagging_first"] = visit(Client(), EDITED)
report["lagging_again"] = visit(Client(), EDITED)
replay(pause=False)
wait_for_replay()
report["caught_up"] = visit(Client(), "/search/?q=retitled")


# Back-off: the standby stops; pages keep answering from the primary, and this
# process tries the standby once per window, not once per page.
class Attempts:
    """Connections opened (or tried) to the replica by this process."""

    def __init__(self, wrapper):
        self.count = 0
        self.opening = wrapper.get_new_connection

        def counted(params):
            self.count += 1
            return self.opening(params)

        wrapper.get_new_connection = counted


class Warnings(logging.Handler):
    def __init__(self):
        super().__init__(logging.WARNING)
        self.messages = []
        logging.getLogger("magazine.replicas").addHandler(self)

    def emit(self, record):
        self.messages.append(record.getMessage())


def cold_page(client: Client, number: int) -> int:
    """A page no cache holds (a new search each time): its status."""
    return client.get(f"/search/?q=harbor{number}").status_code


def standby(action: str) -> None:
    subprocess.run(
        [*AS_POSTGRES, str(PG_BIN / "pg_ctl"), "-D", os.environ["STANDBY_DATA"],
         "-l", os.environ["STANDBY_LOG"], "-m", "fast", "-w", action],
        check=True, capture_output=True,
    )  # fmt: skip


WINDOW = 3
settings.DATABASE_REPLICA_RETRY_SECONDS = WINDOW

# Lag back-off: the standby answers but stops replaying; once it has been short of
# the pages' position for MAX_LAG seconds it is set aside for a window (pages no
# longer ask it even for its position), and read again once it has caught up.
settings.DATABASE_REPLICA_MAX_LAG = 1
lag_warnings, lag_pages = Warnings(), []
searches = itertools.count(1000)


def lag_page() -> dict:
    began = time.monotonic()
    with CaptureQueriesContext(connections["replica_1"]) as replica_reads:
        status = cold_page(Client(), next(searches))
    page = {
        "began": began,
        "at": time.monotonic(),
        "status": status,
        "replica": len(replica_reads),
    }
    lag_pages.append(page)
    return page


replay(pause=True)
story.headline = "Retitled again while the replica stops replaying"
story.save()
lag_started = time.monotonic()
wait_until(
    lambda: lag_page()["replica"] == 0,
    timeout=30,
    what="the lagging standby set aside",
)
set_aside_at = lag_pages[-1]["at"]
# The page before it (the last to ask the standby) set it aside while it ran:
# the window is timed from that page's start.
set_aside_began = lag_pages[-2]["began"]
aside_pages = [lag_page() for _ in range(3)]
replay(pause=False)
wait_for_replay()
wait_until(
    lambda: lag_page()["replica"] > 1,
    timeout=60,
    what="reads return to the standby that caught up",
)
report["lag"] = {
    "max_lag": settings.DATABASE_REPLICA_MAX_LAG,
    "window": WINDOW,
    "set_aside_after": set_aside_at - lag_started,
    "pages": [
        {"at": page["at"] - lag_started, **{k: page[k] for k in ("status", "replica")}}
        for page in lag_pages
    ],
    "aside_pages": [page["replica"] for page in aside_pages],
    "read_again_after": lag_pages[-1]["at"] - set_aside_began,
    "warnings": list(lag_warnings.messages),
}

attempts, warnings = Attempts(connections["replica_1"]), Warnings()
connections["replica_1"].close()
standby("stop")
started = time.monotonic()
statuses = [cold_page(Client(), number) for number in range(20)]
elapsed = time.monotonic() - started
report["down"] = {
    "statuses": statuses,
    "attempts": attempts.count,
    "elapsed": elapsed,
    "window": WINDOW,
    "warnings": list(warnings.messages),
}
standby("start")
numbers, statuses = itertools.count(100), []


def reads_the_standby() -> bool:
    with CaptureQueriesContext(connections["replica_1"]) as replica_reads:
        statuses.append(cold_page(Client(), next(numbers)))
    return len(replica_reads) > 1


wait_until(reads_the_standby, timeout=60, what="reads return to the restarted standby")
report["back"] = {
    "statuses": statuses,
    "after": time.monotonic() - started,
    "warnings": list(warnings.messages),
}
print(json.dumps(report))
