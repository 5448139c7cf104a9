"""A comment changes only the cached pages that show it or its count.

A comment waiting for moderation changes no page (a spammer cannot keep the
site cold); an approval, a removal or an edit readers see refreshes the story's
page and, when the count changes, every page with the story's card (its
section, the home page, the stories that list it as related), and nothing else.
"""

import uuid

import pytest
from django.http import HttpResponse
from django.test import Client, RequestFactory

from articles.comments.services import approve, mark_spam
from articles.models import Comment
from magazine.cache import (
    PageCacheMiddleware,
    cached_for_readers,
    depends_on,
    invalidate_scopes,
)
from magazine.models import SiteSettings
from magazine.site.models import Page
from tests.articles.commenting import post_comment
from tests.factories import ArticleFactory, CategoryFactory, CommentFactory
from tests.redis_server import RedisServer, redis_cache, shared_redis_url

pytestmark = pytest.mark.django_db

STORY = "/boats/record-show/"
NEIGHBOUR = "/boats/new-marina/"  # same section: shows the story as related
ELSEWHERE = "/health/clinic-opens/"  # shows no card of the story
LISTS = ["/boats/", "/"]
UNTOUCHED = [ELSEWHERE, "/health/", "/about/", "/feed/"]
ONE_COMMENT_CARD = ">1 comment</a>"


@pytest.fixture
def site():
    SiteSettings.load()
    boats = CategoryFactory(name="Boats", slug="boats", in_navigation=True)
    health = CategoryFactory(name="Health", slug="health", in_navigation=True)
    story = ArticleFactory(category=boats, slug="record-show", headline="Record show")
    ArticleFactory(category=boats, slug="new-marina", headline="New marina")
    ArticleFactory(category=health, slug="clinic-opens", headline="Clinic opens")
    Page.objects.create(slug="about", title="About", body="<p>Who we are.</p>")
    return story


@pytest.fixture
def reader():
    """A reader with no cookie: the one the page cache serves."""
    return Client()


def warm(reader, urls) -> None:
    for url in urls:
        reader.get(url)
        assert reader.get(url)["X-Page-Cache"] == "hit", url


def hits(reader, urls) -> dict[str, bool]:
    return {url: reader.get(url)["X-Page-Cache"] == "hit" for url in urls}


def html(reader, url) -> str:
    return reader.get(url).content.decode()


ALL = [STORY, NEIGHBOUR, *LISTS, *UNTOUCHED]


def test_a_comment_waiting_for_moderation_leaves_every_page_warm(client, reader, site):
    warm(reader, ALL)

    posted = post_comment(client, site, body="Buy cheap pills at spam.example")

    assert posted.status_code in (200, 302)
    assert Comment.objects.get().status == Comment.Status.PENDING
    assert hits(reader, ALL) == dict.fromkeys(ALL, True)
    assert "cheap pills" not in html(reader, STORY)


@pytest.fixture(params=["locmem", "redis"])
def any_cache(request, settings):
    """The test's cache, then a real Redis (REDIS_TEST_URL's, or one of our own)."""
    if request.param == "locmem":
        yield
        return
    server = None
    url = shared_redis_url()
    if url is None:
        server = RedisServer().start()
        url = server.url
    try:
        settings.CACHES = redis_cache(url, prefix=f"test-{uuid.uuid4().hex}")
        yield
    finally:
        if server is not None:
            server.remove()


def test_an_approval_refreshes_the_story_and_the_pages_with_its_count_only(
    any_cache, reader, site
):
    waiting = CommentFactory(
        article=site, body="The pumps must run", status=Comment.Status.PENDING
    )
    warm(reader, ALL)

    approve(Comment.objects.filter(pk=waiting.pk))

    assert hits(reader, UNTOUCHED) == dict.fromkeys(UNTOUCHED, True)
    assert "The pumps must run" in html(reader, STORY)
    assert ONE_COMMENT_CARD in html(reader, NEIGHBOUR)  # its related card
    for url in LISTS:
        assert ONE_COMMENT_CARD in html(reader, url), url
    assert hits(reader, [STORY, NEIGHBOUR, *LISTS]) == dict.fromkeys(
        [STORY, NEIGHBOUR, *LISTS], True
    )


def test_an_edit_readers_see_refreshes_the_story_page_but_not_the_lists(reader, site):
    comment = CommentFactory(article=site, body="First words")
    warm(reader, ALL)

    comment.body = "Second thoughts"
    comment.save()

    assert "Second thoughts" in html(reader, STORY)
    unchanged = [NEIGHBOUR, *LISTS, *UNTOUCHED]  # the count is the same
    assert hits(reader, unchanged) == dict.fromkeys(unchanged, True)


def test_a_removal_takes_the_comment_and_its_count_away(reader, site):
    CommentFactory(article=site, body="Not spam, surely")
    warm(reader, ALL)
    assert ONE_COMMENT_CARD in html(reader, "/boats/")

    mark_spam(Comment.objects.all())

    assert "Not spam, surely" not in html(reader, STORY)
    for url in [NEIGHBOUR, *LISTS]:
        assert ONE_COMMENT_CARD not in html(reader, url), url
    assert hits(reader, UNTOUCHED) == dict.fromkeys(UNTOUCHED, True)


def test_a_waiting_comment_deleted_or_edited_changes_no_page(reader, site):
    waiting = CommentFactory(article=site, status=Comment.Status.PENDING)
    warm(reader, ALL)

    waiting.body = "Edited by a moderator, still waiting"
    waiting.save()
    Comment.objects.get(pk=waiting.pk).delete()

    assert hits(reader, ALL) == dict.fromkeys(ALL, True)


def test_a_page_drawn_while_a_scope_it_shows_changed_is_not_kept():
    """A moderator's approval committed while the page was being drawn: the page
    may hold what was there before, so it is answered but not stored."""
    drawn = []

    @cached_for_readers
    def view(request):
        depends_on("comments:1")
        if not drawn:
            invalidate_scopes({"comments:1"})  # committed while the page is drawn
        drawn.append(request)
        return HttpResponse("thread")

    middleware = PageCacheMiddleware(view)
    answers = [middleware(RequestFactory().get("/story/")) for _ in range(3)]

    assert [a["X-Page-Cache"] for a in answers] == ["miss", "miss", "hit"]
    assert len(drawn) == 2
