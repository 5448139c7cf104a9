"""Tag and author pages and feeds read a rare tag's (or author's) stories by
its own rows and a common one's by walking the newest-first index: the same
stories in the same order either way."""

import re
from datetime import timedelta

import pytest
from django.core.cache import cache
from django.utils import timezone

from articles.models import listings, publication
from tests.factories import ArticleFactory, AuthorFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def no_page_cache(settings):
    settings.PAGE_CACHE_SECONDS = 0


def headlines(response) -> list[str]:
    assert response.status_code == 200
    return re.findall(r"Harbour story \d", response.content.decode())


def listed_both_ways(client, monkeypatch, url) -> tuple[list[str], list[str]]:
    few = headlines(client.get(url))
    monkeypatch.setattr(publication, "FEW_STORIES", 2)  # now more than a few
    crowded = headlines(client.get(url))
    return few, crowded


def stories(**kwargs):
    now = timezone.now()
    made = [
        ArticleFactory(
            headline=f"Harbour story {n}",
            publish_at=now - timedelta(hours=n + 1),
            **kwargs,
        )
        for n in (3, 1, 4, 2)
    ]
    ArticleFactory(headline="Harbour story 9", status="draft", **kwargs)
    ArticleFactory(
        headline="Harbour story 0", publish_at=now + timedelta(hours=1), **kwargs
    )
    return made


@pytest.mark.parametrize("url", ["/tag/harbour/", "/feed/tag/harbour/"])
def test_a_tag_page_lists_the_same_stories_for_a_rare_and_a_common_tag(
    client, monkeypatch, url
):
    for story in stories():
        story.tags.add("Harbour")
    ArticleFactory(headline="Harbour story 8").tags.add("Marina")

    few, crowded = listed_both_ways(client, monkeypatch, url)

    newest_first = [f"Harbour story {n}" for n in (1, 2, 3, 4)]
    assert few == crowded
    assert list(dict.fromkeys(few)) == newest_first


@pytest.mark.parametrize(
    "url", ["/author/harbour-writer/", "/feed/author/harbour-writer/"]
)
def test_an_author_page_lists_the_same_stories_for_a_rare_and_a_common_author(
    client, monkeypatch, url
):
    writer = AuthorFactory(slug="harbour-writer")
    stories(authors=[writer])
    ArticleFactory(headline="Harbour story 8", authors=[AuthorFactory()])

    few, crowded = listed_both_ways(client, monkeypatch, url)

    newest_first = [f"Harbour story {n}" for n in (1, 2, 3, 4)]
    assert few == crowded
    assert list(dict.fromkeys(few)) == newest_first


@pytest.mark.parametrize(
    "url",
    [
        "/tag/harbour/",
        "/feed/tag/harbour/",
        "/author/harbour-writer/",
        "/feed/author/harbour-writer/",
    ],
)
def test_a_common_tag_whose_stories_are_all_old_is_read_by_its_own_rows(
    client, monkeypatch, url
):
    """The walk of the edition's newest stories stops at the
    ``NEWEST_LOOKED_AT``-th; a tag or author with fewer than a page there is
    listed from its own rows, the same stories in the same order."""
    writer = AuthorFactory(slug="harbour-writer")
    for story in stories(authors=[writer]):
        story.tags.add("Harbour")
    for minutes in (5, 10, 15):  # newer than every Harbour story
        ArticleFactory(publish_at=timezone.now() - timedelta(minutes=minutes))
    few = headlines(client.get(url))
    monkeypatch.setattr(publication, "FEW_STORIES", 2)
    monkeypatch.setattr(listings, "NEWEST_LOOKED_AT", 3)
    shapes = []
    for query in (listings.TAG_PAGE, listings.AUTHOR_PAGE):
        monkeypatch.setattr(query, "rows", shapes_of(query.rows, shapes))

    crowded = headlines(client.get(url))

    assert crowded == few
    assert list(dict.fromkeys(few)) == [f"Harbour story {n}" for n in (1, 2, 3, 4)]
    if "/feed/" not in url:  # the walk found none of them, then the sort
        assert shapes == [(0, 21, False), (0, 21, True)]


def shapes_of(rows, shapes: list):
    def recording(*args, shape, **kwargs):
        shapes.append(shape)
        return rows(*args, shape=shape, **kwargs)

    return recording


def test_a_common_current_tag_is_read_in_one_walk(client, monkeypatch):
    now = timezone.now()
    for n in range(22):  # more than a page
        ArticleFactory(publish_at=now - timedelta(hours=n + 1)).tags.add("Harbour")
    monkeypatch.setattr(publication, "FEW_STORIES", 2)
    shapes = []
    monkeypatch.setattr(
        listings.TAG_PAGE, "rows", shapes_of(listings.TAG_PAGE.rows, shapes)
    )

    assert client.get("/tag/harbour/").status_code == 200
    assert shapes == [(0, 21, False)]
    cache.clear()  # page 2 asked straight away: by offset, walked, never sorted
    assert client.get("/tag/harbour/?page=2").status_code == 200
    assert shapes == [(0, 21, False), (20, 41, False)]
