"""The page cache: fast for anonymous readers, never a wrong or a personal page."""

import re

import pytest
import time_machine
from django.core.cache import caches
from django.http import HttpResponse
from django.test import RequestFactory
from django.utils import timezone

from articles.models import Article, Comment
from articles.models.listings import SectionCards
from magazine.cache import (
    GENERATION_KEY,
    PageCacheMiddleware,
    cached_for_readers,
    generation,
    invalidate_pages,
    one_generation_per_request,
)
from magazine.models import SiteSettings
from magazine.site.models import Page
from newsletter.models import Subscriber
from tests.factories import (
    ArticleFactory,
    AuthorFactory,
    CategoryFactory,
    CommentFactory,
    ImageFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def story():
    SiteSettings.load()  # created once, on a site's very first request
    boats = CategoryFactory(name="Boats", slug="boats", in_navigation=True)
    return ArticleFactory(
        category=boats,
        slug="record-show",
        headline="Record crowds at the boat show",
        lead_image=ImageFactory(credit="Ana Ruiz"),
        authors=[AuthorFactory(name="Elena Marquez", slug="elena")],
    )


def test_a_second_reader_gets_the_stored_page_without_a_query(
    client, story, django_assert_num_queries
):
    first = client.get("/boats/record-show/")
    with django_assert_num_queries(0):
        second = client.get("/boats/record-show/")

    assert first["X-Page-Cache"] == "miss"
    assert second["X-Page-Cache"] == "hit"
    assert second.content == first.content
    assert second["Content-Security-Policy"] == first["Content-Security-Policy"]
    assert second["Cache-Control"] == "public, max-age=60"


def test_a_page_reads_the_site_generation_from_the_cache_once(
    client, story, monkeypatch
):
    """With Redis every read is a round trip; a page shares one."""
    client.get("/boats/record-show/")  # the process's fragments are built
    CommentFactory(article=story)
    read_keys = []
    backend = caches["default"]
    read = backend.get

    def counted_get(key, *args, **kwargs):
        read_keys.append(key)
        return read(key, *args, **kwargs)

    monkeypatch.setattr(backend, "get", counted_get)
    response = client.get("/boats/record-show/")

    assert response["X-Page-Cache"] == "miss"  # a fresh generation: a full render
    assert read_keys.count(GENERATION_KEY) == 1


def test_a_request_sees_its_own_writes_and_the_next_request_a_fresh_read():
    with one_generation_per_request():
        before = generation()
        invalidate_pages()  # e.g. a comment saved while the request runs
        during = generation()

    def failing_view():
        with one_generation_per_request():
            generation()
            raise RuntimeError

    with pytest.raises(RuntimeError):
        failing_view()  # leaves no memo behind
    caches["default"].incr(GENERATION_KEY)  # another process's write

    assert during > before
    assert generation() == during + 1  # outside a request: read from the cache


def test_editing_the_story_shows_at_once(client, story):
    client.get("/boats/record-show/")

    save(story, headline="Changed headline")

    assert "Changed headline" in client.get("/boats/record-show/").content.decode()


def save(obj, **fields):
    for name, value in fields.items():
        setattr(obj, name, value)
    obj.save()


@pytest.mark.parametrize(
    ("url", "change", "shown"),
    [
        (
            "/boats/record-show/",
            lambda s: save(s.category, name="Sailboats"),
            "Sailboats",
        ),
        (
            "/boats/record-show/",
            lambda s: save(s.authors.get(), name="Elena M. Marquez"),
            "Elena M. Marquez",
        ),
        ("/boats/record-show/", lambda s: s.tags.add("Regatta"), "Regatta"),
        (
            "/boats/record-show/",
            lambda s: CommentFactory(article=s, body="First to comment!"),
            "First to comment!",
        ),
        (
            "/boats/record-show/",
            lambda s: save(s.lead_image, credit="Photo desk"),
            "Photo desk",
        ),
        (
            "/boats/",
            lambda s: save(SiteSettings.load(), about_blurb="Now in Palm Beach too."),
            "Now in Palm Beach too.",
        ),
        (
            "/boats/",
            lambda s: ArticleFactory(category=s.category, headline="Fresh news"),
            "Fresh news",
        ),
        (
            "/boats/",
            lambda s: Article.objects.get(pk=s.pk).delete(),
            "No stories here yet.",
        ),
    ],
)
def test_anything_shown_on_a_page_refreshes_it_when_saved(
    client, story, url, change, shown
):
    assert shown not in client.get(url).content.decode()

    change(story)

    assert shown in client.get(url).content.decode()


def test_an_edited_page_refreshes(client):
    page = Page.objects.create(slug="about", title="About", body="<p>Old words.</p>")
    client.get("/about/")

    save(page, body="<p>New words.</p>")

    assert "New words." in client.get("/about/").content.decode()


def test_a_comment_approved_later_appears(client, story):
    pending = CommentFactory(
        article=story, body="Pending words", status=Comment.Status.PENDING
    )
    assert "Pending words" not in client.get(story.get_absolute_url()).content.decode()

    save(pending, status=Comment.Status.APPROVED)

    assert "Pending words" in client.get(story.get_absolute_url()).content.decode()


def test_a_scheduled_story_appears_on_time(client, story):
    soon = timezone.now() + timezone.timedelta(minutes=5)
    ArticleFactory(category=story.category, headline="Due soon", publish_at=soon)

    first = client.get("/boats/")

    assert "Due soon" not in first.content.decode()
    with time_machine.travel(soon + timezone.timedelta(seconds=1)):
        later = client.get("/boats/")
    assert later["X-Page-Cache"] == "miss"
    assert "Due soon" in later.content.decode()


def test_a_page_drawn_while_a_story_goes_live_is_not_kept(client, story, monkeypatch):
    soon = timezone.now() + timezone.timedelta(minutes=5)
    ArticleFactory(category=story.category, headline="Due soon", publish_at=soon)
    drawing = SectionCards.__getitem__

    def slow(cards, window):
        rows = drawing(cards, window)
        traveller.move_to(soon + timezone.timedelta(seconds=1))  # a second's render
        return rows

    with time_machine.travel(
        soon - timezone.timedelta(seconds=1), tick=False
    ) as traveller:
        monkeypatch.setattr(SectionCards, "__getitem__", slow)
        drawn = client.get("/boats/")
        monkeypatch.undo()
        again = client.get("/boats/")

    assert "Due soon" not in drawn.content.decode()  # read before it went live
    assert again["X-Page-Cache"] == "miss"
    assert "Due soon" in again.content.decode()


@pytest.mark.parametrize("page_cache_seconds", [600, 0])
def test_latest_headlines_on_every_article_follow_the_clock(
    client, story, settings, page_cache_seconds
):
    # Kept per process for all article pages, and still on time without a save.
    settings.PAGE_CACHE_SECONDS = page_cache_seconds
    soon = timezone.now() + timezone.timedelta(minutes=5)
    ArticleFactory(headline="Due soon", publish_at=soon)

    assert "Due soon" not in client.get(story.get_absolute_url()).content.decode()
    with time_machine.travel(soon + timezone.timedelta(seconds=1)):
        html = client.get(story.get_absolute_url()).content.decode()
    assert re.search(r'<ol class="headline-list">.*Due soon', html, re.DOTALL)


def test_a_story_leaves_when_its_licence_ends(client, story):
    ends = timezone.now() + timezone.timedelta(minutes=3)
    save(story, licence_expires_at=ends)
    client.get("/boats/")

    with time_machine.travel(ends + timezone.timedelta(seconds=1)):
        html = client.get("/boats/").content.decode()
        gone = client.get(story.get_absolute_url())

    assert "Record crowds at the boat show" not in html
    assert gone.status_code == 410


def test_a_story_leaves_at_its_unpublish_time_through_the_page_cache(client, story):
    leaves = timezone.now() + timezone.timedelta(minutes=3)
    save(story, unpublish_at=leaves)
    assert "Record crowds at the boat show" in client.get("/boats/").content.decode()

    with time_machine.travel(leaves + timezone.timedelta(seconds=1)):
        html = client.get("/boats/").content.decode()
        gone = client.get(story.get_absolute_url())

    assert "Record crowds at the boat show" not in html
    assert gone.status_code == 404


def test_browser_cache_lifetime_is_cut_short_by_the_next_unpublish_time(client, story):
    save(story, unpublish_at=timezone.now() + timezone.timedelta(seconds=30))

    response = client.get("/boats/")

    max_age = int(re.search(r"max-age=(\d+)", response["Cache-Control"]).group(1))
    assert 25 <= max_age <= 30


def test_browser_cache_lifetime_is_cut_short_by_the_next_scheduled_story(client, story):
    ArticleFactory(publish_at=timezone.now() + timezone.timedelta(seconds=30))

    response = client.get("/boats/")

    max_age = int(re.search(r"max-age=(\d+)", response["Cache-Control"]).group(1))
    assert 25 <= max_age <= 30


@pytest.mark.parametrize("cookie", ["sessionid", "messages", "comment_pending"])
def test_personal_requests_are_neither_served_nor_stored(client, story, cookie):
    client.cookies[cookie] = "anything"
    personal = client.get("/boats/")
    assert "X-Page-Cache" not in personal
    assert personal["Cache-Control"] == "private, no-cache"
    del client.cookies[cookie]

    reader = client.get("/boats/")

    assert reader["X-Page-Cache"] == "miss"  # nothing was stored for the cookie


def test_staff_see_live_pages(client, story, admin_user):
    client.get("/boats/")  # cached for readers
    Article.objects.filter(pk=story.pk).update(headline="Quietly changed")
    client.force_login(admin_user)

    response = client.get("/boats/")

    assert "Quietly changed" in response.content.decode()
    assert "X-Page-Cache" not in response


def test_a_response_that_sets_a_cookie_is_never_stored():
    @cached_for_readers
    def view(request):
        response = HttpResponse("hello")
        response.set_cookie("flavour", "vanilla")
        return response

    middleware = PageCacheMiddleware(view)
    request = RequestFactory().get("/cookie/")

    assert middleware(request).cookies["flavour"].value == "vanilla"
    assert "X-Page-Cache" not in middleware(RequestFactory().get("/cookie/"))


def test_only_marked_pages_and_successful_answers_are_stored(client, story):
    assert "X-Page-Cache" not in client.get("/newsletter/")
    assert "X-Page-Cache" not in client.get("/boats/nothing-here/")
    assert "X-Page-Cache" not in client.get("/healthz/")


def test_unchanged_page_is_answered_304(client, story):
    etag = client.get("/boats/")["ETag"]

    cached = client.get("/boats/", HTTP_IF_NONE_MATCH=etag)
    assert cached.status_code == 304
    assert cached["ETag"] == etag

    save(story, headline="A new headline")
    fresh = client.get("/boats/", HTTP_IF_NONE_MATCH=etag)
    assert fresh.status_code == 200


def test_a_signup_from_a_cached_page_is_accepted(client, story):
    client.get("/boats/")
    html = client.get("/boats/").content.decode()  # the stored copy
    issued = re.search(r'name="issued" value="([^"]+)"', html).group(1)

    with time_machine.travel(timezone.now() + timezone.timedelta(hours=1)):
        response = client.post(
            "/newsletter/",
            {
                "email": "reader@example.com",
                "consent": "on",
                "next": "/boats/",
                "issued": issued,
            },
            HTTP_ORIGIN="http://testserver",
            HTTP_SEC_FETCH_SITE="same-origin",
        )

    assert response.status_code == 200
    assert Subscriber.objects.filter(email="reader@example.com").exists()
