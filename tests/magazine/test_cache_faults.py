"""When the shared cache fails, readers still get every page, never a stale one.

Real faults only: a cache folder that cannot be written, entries overwritten
with garbage, a real Redis stopped in the middle of a test and started again
with its snapshot (old pages and all).
"""

import contextlib
import logging
import os
import subprocess
from pathlib import Path

import pytest
import time_machine
from django.core.cache import cache
from django.utils import timezone

from magazine import cache_guard
from magazine.cache import GENERATION_KEY, generation
from magazine.models import SiteSettings
from tests.factories import ArticleFactory, CategoryFactory
from tests.redis_server import RedisServer, redis_cache

pytestmark = pytest.mark.django_db

STORY = "/boats/record-show/"


@pytest.fixture
def story():
    SiteSettings.load()
    boats = CategoryFactory(name="Boats", slug="boats", in_navigation=True)
    return ArticleFactory(
        category=boats, slug="record-show", headline="Record crowds at the boat show"
    )


@pytest.fixture
def file_cache(settings, tmp_path) -> Path:
    folder = tmp_path / "cache"
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": str(folder),
        }
    }
    return folder


@contextlib.contextmanager
def unwritable(folder: Path):
    """The folder cannot be written to, even by root (who ignores file modes):
    the immutable attribute then, the mode otherwise."""
    if os.geteuid() == 0:
        subprocess.run(["chattr", "+i", str(folder)], check=True)
        try:
            yield
        finally:
            subprocess.run(["chattr", "-i", str(folder)], check=True)
    else:
        folder.chmod(0o555)
        try:
            yield
        finally:
            folder.chmod(0o755)


def cache_logs(caplog, level: int) -> list[logging.LogRecord]:
    return [
        r for r in caplog.records if r.name == "magazine.cache" and r.levelno == level
    ]


def after_the_retry_pause():
    later = timezone.now() + timezone.timedelta(seconds=cache_guard.RETRY_SECONDS + 1)
    return time_machine.travel(later)


def save_headline(story, headline: str) -> None:
    story.headline = headline
    story.save()


def test_an_unwritable_cache_folder_serves_fresh_pages_and_logs_once(
    client, story, file_cache, caplog
):
    client.get(STORY)
    assert client.get(STORY)["X-Page-Cache"] == "hit"

    with unwritable(file_cache):
        save_headline(story, "Changed while the cache was read-only")
        pages = [client.get(STORY) for _ in range(3)] + [client.get("/boats/")]

        assert [page.status_code for page in pages] == [200] * 4
        assert all("read-only" in page.content.decode() for page in pages)
        assert all("X-Page-Cache" not in page for page in pages)
        assert len(cache_logs(caplog, logging.ERROR)) == 1

    with after_the_retry_pause():
        back = client.get(STORY)
        again = client.get(STORY)

    assert "read-only" in back.content.decode()
    assert again["X-Page-Cache"] == "hit"
    assert len(cache_logs(caplog, logging.WARNING)) == 1  # "answers again"
    assert len(cache_logs(caplog, logging.ERROR)) == 1


def test_corrupt_entries_are_dropped_and_the_page_served(
    client, story, file_cache, caplog
):
    client.get("/boats/")  # the generation and its companions are written
    before = set(file_cache.iterdir())
    client.get("/robots.txt")
    (entry,) = set(file_cache.iterdir()) - before  # robots.txt's page, nothing else
    entry.write_bytes(b"\x80\x04 not a cache entry")

    served = client.get("/robots.txt")
    again = client.get("/robots.txt")

    assert served.status_code == 200
    assert served["X-Page-Cache"] == "miss"
    assert again["X-Page-Cache"] == "hit"
    assert len(cache_logs(caplog, logging.WARNING)) == 1  # the entry deleted
    assert not cache_logs(caplog, logging.ERROR)  # one bad entry is no outage


def test_a_cache_of_nothing_but_garbage_serves_every_page(client, story, file_cache):
    for url in (STORY, "/boats/", "/", "/robots.txt"):
        client.get(url)
    old_generation = generation()
    for path in file_cache.iterdir():
        path.write_bytes(os.urandom(64))

    pages = {url: client.get(url) for url in (STORY, "/boats/", "/", "/robots.txt")}

    assert {url: page.status_code for url, page in pages.items()} == dict.fromkeys(
        pages, 200
    )
    assert generation() != old_generation  # a corrupt generation starts afresh
    assert client.get(STORY)["X-Page-Cache"] == "hit"


@pytest.fixture
def own_redis(settings):
    """A Redis this test may stop (never the shared one of REDIS_TEST_URL)."""
    server = RedisServer()
    try:
        settings.CACHES = redis_cache(server.start().url)
        yield server
    finally:
        server.remove()


def test_redis_stopped_and_started_again_never_serves_a_stale_page(
    client, story, own_redis, caplog
):
    client.get(STORY)
    assert client.get(STORY)["X-Page-Cache"] == "hit"
    old_generation = generation()

    own_redis.stop()
    save_headline(story, "Changed while Redis was down")
    down = {
        url: client.get(url)
        for url in (
            STORY,
            STORY,
            "/boats/",
            "/",
            "/sitemap.xml",
            "/sitemap-articles.xml",
        )
    }
    head = client.head(STORY)

    assert all(page.status_code == 200 for page in down.values())
    assert head.status_code == 200
    assert "Changed while Redis was down" in down[STORY].content.decode()
    assert len(cache_logs(caplog, logging.ERROR)) == 1  # once, not per request

    own_redis.start()  # with its snapshot: the old generation and the old page
    assert cache.get(GENERATION_KEY) == old_generation
    with after_the_retry_pause():
        back = client.get(STORY)
        again = client.get(STORY)

    assert "Changed while Redis was down" in back.content.decode()
    assert again["X-Page-Cache"] == "hit"
    assert "Changed while Redis was down" in again.content.decode()
    assert generation() != old_generation  # moved on at recovery
    assert len(cache_logs(caplog, logging.WARNING)) == 1


def test_health_checks_while_redis_is_down(
    client, own_redis, django_assert_num_queries
):
    assert client.get("/healthz/ready/").json() == {"database": "ok", "cache": "ok"}

    own_redis.stop()

    with django_assert_num_queries(0):
        live = [
            client.get("/healthz/"),
            client.head("/healthz/"),
            client.get("/healthz/live/"),
        ]
    ready = client.get("/healthz/ready/")
    assert [response.status_code for response in live] == [200, 200, 200]
    assert ready.status_code == 200  # pages are still served, uncached
    assert ready.json() == {"database": "ok", "cache": "unavailable"}
