"""Deep pages of a section, tag or author start where the page before ended.

Each page keeps where the next one starts (``listings.window_rows``); paging on
from there must list exactly what the offset would: every story once, in the
same order, ties of publish time included, and nothing kept across a change.
"""

import re
from datetime import timedelta

import pytest
from django.core.cache import cache
from django.utils import timezone

from articles.models import Category, listings, publication
from tests.factories import ArticleFactory, AuthorFactory, CategoryFactory

pytestmark = pytest.mark.django_db

STORIES = 63  # four pages of 20 for the tag and the author, three for news
IN_NEWS = 52  # news 21, headlines 21, 10 of boats' filed under news too


@pytest.fixture(autouse=True)
def no_page_cache(settings):
    settings.PAGE_CACHE_SECONDS = 0  # the lists' own work, not pages kept


@pytest.fixture
def crowded_lists():
    """A section with a sub-section and a secondary filing, a tag and an
    author, their stories in pairs published at the very same moment."""
    now = timezone.now()
    news = CategoryFactory(name="News", slug="news")
    headlines = CategoryFactory(name="Headlines", slug="headlines", parent=news)
    boats = CategoryFactory(name="Boats", slug="boats")
    writer = AuthorFactory(slug="harbour-writer")
    for n in range(STORIES):
        story = ArticleFactory(
            headline=f"Harbour story {n:02}",
            category=[news, headlines, boats][n % 3],
            publish_at=now - timedelta(minutes=n // 2),
            authors=[writer],
        )
        story.tags.add("Harbour")
        if n % 3 == 2 and n % 6 == 5:
            story.secondary_categories.add(news)
    ArticleFactory(headline="Harbour story 99", category=news, status="draft")
    return now


def headlines(client, url) -> list[str]:
    response = client.get(url)
    assert response.status_code == 200, url
    return list(
        dict.fromkeys(re.findall(r"Harbour story \d\d", response.content.decode()))
    )


def pages_of(client, url) -> dict[int, list[str]]:
    pages, number = {}, 1
    while (response := client.get(f"{url}?page={number}")).status_code == 200:
        found = re.findall(r"Harbour story \d\d", response.content.decode())
        pages[number] = list(dict.fromkeys(found))
        number += 1
    return pages


def counted(rows, calls: list):
    def counting(*args, **kwargs):
        calls.append(kwargs)
        return rows(*args, **kwargs)

    return counting


@pytest.mark.parametrize("url", ["/news/", "/tag/harbour/", "/author/harbour-writer/"])
@pytest.mark.parametrize("few", [True, False])
def test_paging_on_lists_what_the_offsets_list(
    client, crowded_lists, monkeypatch, url, few
):
    if not few:
        monkeypatch.setattr(publication, "FEW_STORIES", 2)
    last = 3 if url == "/news/" else 4
    by_offset = {}
    for number in range(last, 0, -1):
        cache.clear()  # nothing kept: each page read by its offset
        by_offset[number] = headlines(client, f"{url}?page={number}")
    cache.clear()
    seeks = []
    for name in ("SECTION_PAGE_AFTER", "TAG_PAGE_AFTER", "AUTHOR_PAGE_AFTER"):
        query = getattr(listings, name)
        monkeypatch.setattr(query, "rows", counted(query.rows, seeks))

    paged_on = pages_of(client, url)

    assert paged_on == by_offset
    # Pages 3 on started where the one before ended (page 2 where page 1
    # did not keep it; past the last page nothing was kept).
    assert len(seeks) == last - 2
    listed = [title for page in paged_on.values() for title in page]
    assert len(listed) == len(set(listed)) == (IN_NEWS if url == "/news/" else STORIES)


def test_a_change_forgets_where_the_pages_ended(client, crowded_lists):
    before = headlines(client, "/news/?page=2")  # keeps where page 3 starts
    ArticleFactory(
        headline="Harbour story 98",
        category=Category.objects.get(slug="headlines"),
        publish_at=crowded_lists - timedelta(minutes=20, seconds=30),
    )

    after = headlines(client, "/news/?page=3")

    assert after[0] == before[-1]  # moved down one by the new story on page 2
