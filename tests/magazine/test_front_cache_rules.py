"""What the app tells a front cache (the kit's nginx, a CDN) and when it purges it.

The front server itself is tested for real in the topology stage
(``tests/deploy/test_front_cache.py``); here a purger that notes what it is
asked (a purger is any class with the two methods) shows the rules.
"""

import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from articles.models import Comment, PreviewLink
from magazine import frontcache
from magazine.cache import TRACKING_PARAMETERS
from magazine.frontcache import Address
from magazine.models import SiteSettings
from tests.deploy.kit import KIT
from tests.factories import ArticleFactory, CategoryFactory, CommentFactory

pytestmark = pytest.mark.django_db

ASKED: list[tuple] = []


class NotingPurger(frontcache.Purger):
    def purge_everything(self):
        ASKED.append(("everything",))

    def purge_scopes(self, scopes, addresses):
        ASKED.append(("scopes", scopes, addresses))


@pytest.fixture
def front(settings):
    settings.FRONT_CACHE_PURGERS = [f"{__name__}.NotingPurger"]
    frontcache.purgers.cache_clear()
    ASKED.clear()
    yield ASKED
    frontcache.purgers.cache_clear()


@pytest.fixture
def story():
    SiteSettings.load()
    boats = CategoryFactory(name="Boats", slug="boats")
    return ArticleFactory(category=boats, slug="record-show")


def test_without_a_front_cache_no_header_names_one(client, story):
    answer = client.get("/boats/record-show/")

    assert "X-Accel-Expires" not in answer
    assert "Surrogate-Key" not in answer


def test_reader_pages_may_be_kept_as_long_as_the_app_keeps_them(
    client, story, front, settings
):
    drawn = client.get("/boats/record-show/")
    replayed = client.get("/boats/record-show/")

    assert drawn["X-Accel-Expires"] == str(settings.PAGE_CACHE_SECONDS)
    # A replay: what is left of the app's own copy's lifetime.
    assert 0 < int(replayed["X-Accel-Expires"]) <= settings.PAGE_CACHE_SECONDS
    for answer in (drawn, replayed):
        max_age = answer["X-Accel-Expires"]
        assert answer["CDN-Cache-Control"] == f"public, max-age={max_age}"
        keys = answer["Surrogate-Key"].split()
        assert keys[0] == "site"
        assert f"comments:{story.pk}" in keys
        assert answer["Cache-Tag"] == ",".join(keys)
    assert replayed["X-Page-Cache"] == "hit"


def test_no_kept_page_outlives_the_next_scheduled_story(client, story, front):
    # Published, going live in 90 seconds: scheduled.
    ArticleFactory(
        category=story.category, publish_at=timezone.now() + timedelta(seconds=90)
    )

    answer = client.get("/boats/")

    assert 0 < int(answer["X-Accel-Expires"]) <= 90


@pytest.mark.parametrize(
    ("address", "cookie"),
    [
        ("/boats/record-show/", "sessionid=abc"),
        ("/boats/record-show/", "messages=abc"),
        ("/boats/record-show/?junk=1", ""),
        ("/admin/login/", ""),
        ("/healthz/live/", ""),
    ],
)
def test_personal_and_odd_requests_may_not_be_kept(
    client, story, front, address, cookie
):
    if cookie:
        name, value = cookie.split("=")
        client.cookies[name] = value

    answer = client.get(address)

    assert answer["X-Accel-Expires"] == "0"


def test_tracking_parameters_are_not_part_of_the_page(client, story, front):
    client.get("/boats/record-show/")

    shared = client.get("/boats/record-show/?utm_source=social&fbclid=IwAR0xyz")

    assert shared["X-Page-Cache"] == "hit"
    assert int(shared["X-Accel-Expires"]) > 0


def test_a_change_of_a_story_purges_everything(story, front):
    story.headline = "Even bigger crowds"
    story.save()

    assert ("everything",) in front


def test_a_comment_purges_the_pages_that_showed_its_thread(client, story, front):
    client.get("/boats/record-show/")
    front.clear()

    CommentFactory(article=story, status=Comment.Status.APPROVED)

    asked = [entry for entry in front if entry[0] == "scopes"]
    assert asked
    assert ("everything",) not in front
    _, scopes, addresses = asked[-1]
    assert f"comments:{story.pk}" in scopes
    assert Address("http", "testserver", "/boats/record-show/") in addresses


def test_a_comment_waiting_for_moderation_purges_nothing(client, story, front):
    client.get("/boats/record-show/")
    front.clear()

    CommentFactory(article=story, status=Comment.Status.PENDING)

    assert front == []


def test_the_kits_nginx_drops_the_same_tracking_parameters():
    site = (KIT / "nginx-magazine.conf").read_text()
    table = re.search(r"local tracking = \{(.*?)\}", site, re.S).group(1)

    assert set(re.findall(r"(\w+) = true", table)) == set(TRACKING_PARAMETERS)


def test_the_kits_nginx_passes_the_same_personal_cookies_through(settings):
    site = (KIT / "nginx-magazine.conf").read_text()
    names = re.search(
        r"map \$http_cookie \$magazine_personal \{.*?\((\w+(?:\|\w+)*)\)=", site, re.S
    )

    assert set(names.group(1).split("|")) == set(settings.PAGE_CACHE_BYPASS_COOKIES)


def test_a_shared_preview_link_is_never_kept(client, story, front):
    draft = ArticleFactory(category=story.category, status="draft")
    link = PreviewLink.objects.create(
        article=draft, expires_at=timezone.now() + timedelta(days=1)
    )

    answer = client.get(reverse("articles:shared_preview", args=[link.token]))

    assert answer.status_code == 200
    assert answer["X-Accel-Expires"] == "0"
    assert "Surrogate-Key" not in answer
