"""Run by the ``replica`` stage (tests/magazine/test_replica_stage.py) in a
Django of its own, whose environment names a primary and its streaming
replica: walks the reader pages and the primary-only paths, pauses the
replica's replay around an edit, and prints what each alias answered as JSON.
"""

import json
import os
import time

import django

django.setup()

import psycopg  # noqa: E402
from django.contrib.auth import get_user_model  # noqa: E402
from django.db import connections  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.urls import reverse  # noqa: E402
from taggit.models import Tag  # noqa: E402

from articles.models import Article, Author, Category  # noqa: E402
from magazine import replicas  # noqa: E402

REPLICA_ADMIN = os.environ["REPLICA_ADMIN_DSN"]


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
print(json.dumps(report))
