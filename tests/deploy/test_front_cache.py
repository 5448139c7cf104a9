"""The kit's nginx front cache in front of two app servers, for real.

Pages for anonymous readers are answered by nginx (``X-Front-Cache: HIT``)
without reaching gunicorn; every change the app's page cache hears of purges
them before the save returns; personal requests pass through; forms on kept
pages still post; a stopped app leaves kept pages answering and a page saying
we'll be right back for the rest.
"""

import gzip
import http.client
import io
import re
import ssl
import subprocess
import sys
import time
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path
from urllib.parse import urlencode

import brotli
import pytest
from django.core.management import call_command
from django.db import connection
from django.utils import timezone

from articles.models import Comment
from magazine.bots import FORM_MIN_SECONDS
from tests.deploy.topology import Topology, database_url
from tests.factories import ArticleFactory, CommentFactory
from tests.helpers import wait_until
from tests.newsletter.smtp_sink import free_port

pytestmark = [pytest.mark.stage("topology"), pytest.mark.django_db(transaction=True)]

ROOT = Path(__file__).resolve().parents[2]


@dataclass
class Answer:
    status: int
    headers: dict[str, str]
    body: bytes

    @property
    def front(self) -> str:
        return self.headers.get("x-front-cache", "")


class Front:
    """An HTTPS client of the front server, one kept-alive connection."""

    def __init__(self, origin: str):
        self.host, port = origin.removeprefix("https://").split(":")
        context = ssl.create_default_context()
        context.check_hostname = False
        context.verify_mode = ssl.CERT_NONE
        self.connection = http.client.HTTPSConnection(
            self.host, int(port), context=context, timeout=20
        )

    def ask(self, path: str, method: str = "GET", headers=None, body=None) -> Answer:
        self.connection.request(method, path, body=body, headers=headers or {})
        response = self.connection.getresponse()
        content = response.read()
        headers = {}  # a repeated header's values joined, as RFC 9110 allows
        for name, value in response.getheaders():
            name = name.lower()
            headers[name] = f"{headers[name]}, {value}" if name in headers else value
        return Answer(response.status, headers, content)


@pytest.fixture(scope="module")
def collected_static() -> Path:
    """The release's static files, collected as a deploy does (the app servers
    run with DEBUG off: hashed names from the manifest), served by nginx."""
    environment = Topology.with_environment(Path("/nonexistent")).environment
    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"],
        cwd=ROOT,
        env={**environment, "DATABASE_URL": "sqlite:///:memory:"},
        check=True,
    )
    return ROOT / "var" / "static"


@pytest.fixture
def site(tmp_path, redis_url, settings, collected_static):
    """Two app servers from the kit's unit and the kit's nginx, sharing Redis
    and the test database with this process (whose saves purge the front)."""
    purge_port = free_port()
    purge_url = f"http://127.0.0.1:{purge_port}"
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": redis_url,
        }
    }
    settings.FRONT_CACHE_PURGE_URLS = [purge_url]
    settings.FRONT_CACHE_PURGERS = ["magazine.frontcache.NginxPurger"]
    static_root = collected_static
    topology = Topology.with_environment(
        tmp_path,
        DATABASE_URL=database_url(connection),
        ALLOWED_HOSTS="127.0.0.1,localhost",
        SITE_URL="http://127.0.0.1",
        EMAIL_URL="smtp://127.0.0.1:25",
        CACHE_URL=redis_url,
        FRONT_CACHE_PURGE_URLS=purge_url,
    )
    try:
        for name in ("app1", "app2"):
            topology.add_app_server(name)
        origin = topology.add_front(static_root, tmp_path / "media", purge_port)
        front = Front(origin)
        yield topology, front
        front.connection.close()
    finally:
        topology.stop()


def app_requests(topology: Topology, path: str) -> int:
    """Requests for ``path`` the app servers answered so far (their access logs)."""
    return sum(
        (topology.folder / f"{name}.access.log").read_text().count(f" {path}")
        for name in ("app1", "app2")
    )


def test_kept_pages_are_answered_by_nginx_alone(site):
    topology, front = site
    story = ArticleFactory(headline="Manatees return to the bay")
    path = story.get_absolute_url()

    first = front.ask(path)
    # gunicorn logs a request once it has answered it.
    wait_until(lambda: app_requests(topology, path) == 1, timeout=10, what="logged")
    again = front.ask(path)
    shared = front.ask(path + "?utm_source=x&fbclid=IwAR0abc")
    head = front.ask(path, method="HEAD")
    conditional = front.ask(path, headers={"If-None-Match": first.headers["etag"]})

    assert first.status == 200
    assert first.front == "MISS"
    assert (again.front, shared.front, head.front) == ("HIT", "HIT", "HIT")
    assert again.body == shared.body == first.body
    assert head.body == b""
    assert conditional.status == 304
    assert app_requests(topology, path) == 1  # none of them reached gunicorn
    assert "x-accel-expires" not in again.headers
    # The CDN's headers are the app's (a CDN in front reads them); the kit's
    # nginx, the edge here, keeps them from readers as a CDN's edge does.
    from_app = http.client.HTTPConnection(topology.nodes["app1"].address, timeout=20)
    from_app.request("GET", path, headers={"X-Forwarded-Proto": "https"})
    answer = from_app.getresponse()
    answer.read()
    from_app.close()
    assert "site" in answer.getheader("Surrogate-Key").split()
    assert answer.getheader("Cache-Tag")
    assert answer.getheader("CDN-Cache-Control")
    for header in ("surrogate-key", "cache-tag", "cdn-cache-control"):
        assert header not in first.headers
        assert header not in again.headers


def test_browsers_get_a_copy_kept_in_each_encoding(site):
    _topology, front = site
    story = ArticleFactory(headline="Sargassum on the beaches again")
    path = story.get_absolute_url()
    plain = front.ask(path, headers={"Accept-Encoding": "identity"})
    decode = {"br": brotli.decompress, "gzip": gzip.decompress}

    for accept, encoding in (
        ("gzip, deflate, br, zstd", "br"),  # what browsers send
        ("gzip, deflate", "gzip"),
        ("br;q=0.5, gzip", "gzip"),  # the reader's preference
        ("gzip;q=0, *", "br"),
        ("br;q=0, gzip;q=0", "plain"),  # refused
    ):
        kept = front.ask(path, headers={"Accept-Encoding": accept})
        assert kept.front in ("MISS", "HIT"), accept
        kept = front.ask(path, headers={"Accept-Encoding": accept})

        assert kept.front == "HIT", accept
        assert kept.headers.get("content-encoding", "plain") == encoding, accept
        assert "Accept-Encoding" in kept.headers["vary"], accept
        assert decode.get(encoding, bytes)(kept.body) == plain.body, accept
        # Sent with its length, as a static file is, never chunked.
        assert kept.headers["content-length"] == str(len(kept.body)), accept
        assert "transfer-encoding" not in kept.headers, accept
        conditional = {"Accept-Encoding": accept, "If-None-Match": kept.headers["etag"]}
        assert front.ask(path, headers=conditional).status == 304, accept
    assert plain.front == "MISS"
    assert "content-encoding" not in plain.headers
    assert "Accept-Encoding" in plain.headers["vary"]


def test_personal_requests_and_strangers_queries_are_never_kept(site):
    _topology, front = site
    story = ArticleFactory()
    path = story.get_absolute_url()
    front.ask(path)

    for cookie in ("sessionid=abc", "messages=xyz", "other=1; comment_pending=7"):
        answer = front.ask(path, headers={"Cookie": cookie})
        assert answer.front == "BYPASS", cookie
        assert "private" in answer.headers["cache-control"]
    front.ask(path + "?junk=1")
    assert front.ask(path + "?junk=1").front == "MISS"  # answered, never kept
    assert front.ask("/admin/login/").front in ("MISS", "")
    assert front.ask("/admin/login/").front in ("MISS", "")


def test_a_save_purges_every_page_before_it_returns(site):
    _topology, front = site
    story = ArticleFactory(headline="Boat show opens on Thursday")
    pages = [story.get_absolute_url(), story.category.get_absolute_url(), "/"]
    for page in pages:
        front.ask(page)
        assert front.ask(page).front == "HIT"

    story.headline = "Boat show opens on Friday"
    story.save()

    stale = 0
    for _ in range(100):
        for page in pages:
            body = front.ask(page).body
            stale += b"Boat show opens on Thursday" in body
    assert stale == 0
    assert all(b"Boat show opens on Friday" in front.ask(p).body for p in pages)


def test_a_comment_purges_its_story_page_only(site):
    _topology, front = site
    story = ArticleFactory(headline="Hurricane season ends quietly")
    other = ArticleFactory()  # another section: its page shows no card of the story
    copies = {  # each kept copy: what the reader asks for, how it is decoded
        "br": ({"Accept-Encoding": "br"}, brotli.decompress),
        "gzip": ({"Accept-Encoding": "gzip"}, gzip.decompress),
        "plain": ({}, bytes),
    }
    for page in (story, other):
        for headers, _decode in copies.values():
            front.ask(page.get_absolute_url(), headers=headers)
            # A hit: nginx now holds the kept copy open (open_file_cache), in a
            # cache index still cold (its loader starts a minute after nginx).
            assert front.ask(page.get_absolute_url(), headers=headers).front == "HIT"

    CommentFactory(article=story, body="Thank you for the update, neighbours.")

    for encoding, (headers, decode) in copies.items():
        assert front.ask(other.get_absolute_url(), headers=headers).front == "HIT"
        answer = front.ask(story.get_absolute_url(), headers=headers)
        assert answer.front == "MISS", encoding
        assert answer.headers.get("content-encoding", "plain") == encoding
        assert b"Thank you for the update, neighbours." in decode(answer.body)


def test_a_form_on_a_kept_page_still_posts(site):
    _topology, front = site
    story = ArticleFactory()
    path = story.get_absolute_url()
    front.ask(path)
    drawn = time.time()  # the page's stamp was issued before its answer came back
    # While the reader writes (FORM_MIN_SECONDS), others keep getting the kept copy.
    while time.time() - drawn < FORM_MIN_SECONDS + 0.5:
        page = front.ask(path)
        assert page.front == "HIT"

    form = _form_fields(page.body.decode(), "comment")
    answer = front.ask(
        form.pop("__action__"),
        method="POST",
        body=urlencode(
            {
                **form,
                "name": "Ana",
                "email": "ana@example.com",
                "body": "Good story.",
                "consent": "on",
            }
        ),
        headers={"Content-Type": "application/x-www-form-urlencoded"},
    )

    errors = re.findall(rb'class="[^"]*error[^"]*"[^>]*>([^<]*)', answer.body)
    assert answer.status in (200, 302, 303), errors
    assert answer.front != "HIT"
    assert Comment.objects.filter(article=story, name="Ana").exists()


def test_a_stopped_app_leaves_kept_pages_and_a_styled_page_for_the_rest(site):
    topology, front = site
    story = ArticleFactory()
    path = story.get_absolute_url()
    front.ask(path)

    topology.nodes["app1"].stop()
    topology.nodes["app2"].stop()
    kept = front.ask(path)
    other = front.ask("/about-nothing-kept/")

    assert kept.status == 200
    assert kept.front == "HIT"
    assert other.status == 503
    assert b"right back" in other.body
    assert b"Volveremos" in other.body
    assert other.headers["retry-after"] == "30"


def _form_fields(html: str, marker: str) -> dict[str, str]:
    """The hidden fields and action of the first form whose action names ``marker``."""
    for form in re.finditer(r"<form[^>]*>.*?</form>", html, re.S):
        tag = form.group(0)
        action = re.search(r'action="([^"]*)"', tag)
        if action and marker in action.group(1):
            fields = dict(
                re.findall(
                    r'<input[^>]*type="hidden"[^>]*name="([^"]+)"[^>]*value="([^"]*)"',
                    tag,
                )
            )
            return {"__action__": action.group(1).replace("&amp;", "&"), **fields}
    raise AssertionError(f"no form posting to {marker!r}")


def test_a_scheduled_story_is_on_kept_pages_when_it_goes_live(site):
    _topology, front = site
    live = ArticleFactory(headline="Dolphins spotted off Key Biscayne")
    publish_at = timezone.now() + timedelta(seconds=4)
    ArticleFactory(
        category=live.category, headline="Coral nursery opens", publish_at=publish_at
    )
    section = live.category.get_absolute_url()
    front.ask(section)
    assert b"Coral nursery opens" not in front.ask(section).body

    # Readers keep reading until the publish time (a read that ends after it may
    # show either); no kept copy outlives it.
    while True:
        body = front.ask(section).body
        if timezone.now() >= publish_at:
            break
        assert b"Coral nursery opens" not in body

    answer = front.ask(section)
    assert b"Coral nursery opens" in answer.body, (
        answer.front,
        answer.headers.get("x-page-cache"),
        answer.headers.get("age"),
    )


def test_a_deploy_purges_every_kept_page(site):
    _topology, front = site
    story = ArticleFactory()
    path = story.get_absolute_url()
    front.ask(path)
    assert front.ask(path).front == "HIT"

    call_command("purge_front_cache", stdout=io.StringIO())

    assert front.ask(path).front == "MISS"
