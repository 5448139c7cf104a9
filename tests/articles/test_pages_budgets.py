"""What the reader's pages cost in queries, on a crowded magazine.

The crowded magazine is built once for the module, in a transaction rolled back
at its end; each test runs in a savepoint inside it (as Django's setUpTestData
does), so what a test adds is gone before the next one.
"""

import pytest
from django.db import connection, transaction
from django.test import override_settings

from articles.models import RelatedArticle
from tests.articles.stories import news_sections, seawall_story
from tests.factories import (
    ArticleFactory,
    AuthorFactory,
    CategoryFactory,
    CommentFactory,
    ImageFactory,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("no_page_cache")]

# The navigation and site settings come from the low-level cache once warm; each
# page is asked for twice and the second request is measured.
PG = connection.vendor == "postgresql"


@pytest.fixture
def no_page_cache(settings):
    """These tests measure the views themselves, not the page cache in front of them."""
    settings.PAGE_CACHE_SECONDS = 0


@pytest.fixture(scope="module")
def crowded(django_db_setup, django_db_blocker, tmp_path_factory):
    """Many tags, authors, comments and related stories: none may add a query."""
    with (
        django_db_blocker.unblock(),
        override_settings(
            MEDIA_ROOT=tmp_path_factory.mktemp("media"),
            CACHES={
                "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
            },
        ),
        transaction.atomic(),
    ):
        news = news_sections()
        story = seawall_story(news[1])
        authors = AuthorFactory.create_batch(5)
        for n in range(12):
            article = ArticleFactory(
                category=news[1], lead_image=ImageFactory(), authors=authors
            )
            article.tags.add(*[f"tag {n} {i}" for i in range(4)])
            RelatedArticle.objects.create(article=story, related=article, position=n)
            CommentFactory.create_batch(2, article=article)
        CommentFactory.create_batch(15, article=story)
        story.tags.add(*[f"extra {i}" for i in range(10)])
        yield story
        transaction.set_rollback(True)


def measured(client, url, budget, django_assert_max_num_queries):
    client.get(url)
    with django_assert_max_num_queries(budget):
        response = client.get(url)
    assert response.status_code == 200, url
    return response


@pytest.mark.parametrize(
    ("url", "budget"),
    [
        # one page of cards (the section, its children and breadcrumbs come
        # from the category tree; pictures and bylines from the cards' rows)
        ("/news/headlines/", 1),
        # the tag, one page of cards
        ("/tag/tag-1-1/", 2),
        # the author, one page of cards
        ("/author/elena/", 2),
        # (on PostgreSQL: the planner's estimate of the matches, which chooses
        # the plan; the newest matches, among the newest stories first, then
        # the whole archive when those hold too few) one page of ranked matches
        ("/search/?q=story", 4 if PG else 1),
        # the stories
        ("/feed/", 1),
        ("/feed/news/headlines/atom/", 2),
        # the dates of the articles and news sitemaps, the pages' lastmods,
        # the sections and pages listed in each language (read to be paired)
        ("/sitemap.xml", 5),
        # the stories, their translations' addresses (hreflang alternates)
        ("/sitemap-articles.xml", 2),
        ("/sitemap-news.xml", 1),
    ],
)
def test_every_listing_page_has_a_fixed_query_budget(
    client, crowded, url, budget, django_assert_max_num_queries
):
    measured(client, url, budget, django_assert_max_num_queries)


def test_article_page_has_a_fixed_query_budget(
    client, crowded, django_assert_max_num_queries
):
    # article with section and images; its authors and tags; related stories
    # with their cards (picks, shared tags, same section: one UNION on
    # PostgreSQL, three queries elsewhere); approved comments (latest headlines
    # are shared); its translations' addresses (alternates)
    response = measured(
        client,
        crowded.get_absolute_url(),
        5 if PG else 7,
        django_assert_max_num_queries,
    )
    assert response.content.decode().count('<article class="comment"') == 15


def test_home_page_has_a_fixed_query_budget(
    client, crowded, django_assert_max_num_queries
):
    CategoryFactory.create_batch(4, in_navigation=True)
    # lead and featured, which stories lead the main sections (one UNION on
    # PostgreSQL, one query each elsewhere) and those stories (latest headlines
    # are shared)
    sections = 5
    measured(client, "/", 3 if PG else 2 + sections, django_assert_max_num_queries)
