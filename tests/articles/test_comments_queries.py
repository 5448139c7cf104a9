"""An article page with 500 comments costs the same few queries as one with none."""

import time

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from articles.models import Comment
from articles.signals import count_comments
from magazine.plaintext import comment_html
from tests.factories import (
    ArticleFactory,
    AuthorFactory,
    CategoryFactory,
    CommentFactory,
)

pytestmark = pytest.mark.django_db


def discussion(article, size: int) -> None:
    """``size`` comments: two fifths top-level, two fifths replies, the rest replies
    to replies, one in ten still waiting (and so not shown)."""

    def batch(count, parents):
        made = Comment.objects.bulk_create(
            Comment(
                article=article,
                parent=parents[n % len(parents)] if parents else None,
                depth=parents[0].depth + 1 if parents else 0,
                name=f"Reader {n}",
                email=f"reader{n}@example.com",
                body=f"Comment {n}, see https://example.com/{n}",
                body_html=comment_html(f"Comment {n}, see https://example.com/{n}"),
                status=Comment.Status.PENDING
                if n % 10 == 9
                else Comment.Status.APPROVED,
            )
            for n in range(count)
        )
        return [c for c in made if c.status == Comment.Status.APPROVED]

    fifth = size // 5
    replies = batch(2 * fifth, batch(2 * fifth, []))
    batch(size - 4 * fifth, replies)
    count_comments([article.pk])  # bulk_create sends no signals
    article.refresh_from_db()


@pytest.fixture(autouse=True)
def _no_page_cache(settings):
    settings.PAGE_CACHE_SECONDS = 0  # the page cache would hide what the page costs


def page_queries(client, article) -> list[str]:
    client.get(article.get_absolute_url())  # navigation and site settings get cached
    with CaptureQueriesContext(connection) as captured:
        response = client.get(article.get_absolute_url())
    assert response.status_code == 200
    return [query["sql"] for query in captured.captured_queries]


def test_the_thread_costs_one_query_however_long_it_is(client):
    quiet, busy = ArticleFactory(), ArticleFactory()
    CommentFactory(article=quiet)
    discussion(busy, 500)

    assert len(page_queries(client, quiet)) == len(page_queries(client, busy))


def test_a_story_without_approved_comments_reads_no_thread(client):
    silent, quiet = ArticleFactory(), ArticleFactory()
    CommentFactory(article=quiet)
    CommentFactory(article=silent, status=Comment.Status.PENDING)

    html = client.get(silent.get_absolute_url()).content.decode()

    assert len(page_queries(client, silent)) == len(page_queries(client, quiet)) - 1
    assert "No comments yet." in html
    assert 'id="respond"' in html or "Leave a Reply" in html


def test_article_page_query_count_with_500_comments(client, django_assert_num_queries):
    article = ArticleFactory()
    ArticleFactory(authors=[AuthorFactory()])  # so "Latest news" has a story
    discussion(article, 500)
    approved = Comment.objects.approved().filter(article=article).count()
    client.get(article.get_absolute_url())

    # 1 the article with category and lead image, 2 its authors and tags
    # 3 related stories: editor's picks, sharing a tag, same section (one UNION
    # on PostgreSQL, three queries elsewhere; none found, so no cards to load)
    # 4 the comment thread: every shown comment in one query
    # 5 its translations' addresses (alternates, for hreflang and the switcher)
    # (latest headlines are shared by every article page: read once per change)
    # (sections and site settings are kept per process; breadcrumbs come from
    # the category's stored path)
    started = time.perf_counter()
    with django_assert_num_queries(5 if connection.vendor == "postgresql" else 7):
        response = client.get(article.get_absolute_url())
    elapsed = time.perf_counter() - started

    html = response.content.decode()
    assert approved == 450
    assert html.count('class="comment"') == approved
    assert f"{approved} comments" in html
    print(f"article page with 500 comments: 5 queries, {elapsed * 1000:.0f} ms")


def listing_queries(client, category) -> tuple[str, int]:
    client.get(category.get_absolute_url())
    with CaptureQueriesContext(connection) as captured:
        html = client.get(category.get_absolute_url()).content.decode()
    return html, len(captured)


def test_lists_show_approved_comment_counts_without_a_query_per_article(client):
    section = CategoryFactory()
    busy = ArticleFactory(category=section, headline="Busy story")
    CommentFactory.create_batch(3, article=busy)
    CommentFactory.create_batch(2, article=busy, status=Comment.Status.PENDING)
    CommentFactory(article=ArticleFactory(category=section))

    html, few = listing_queries(client, section)
    assert html.count(">3 comments</a>") == 1
    assert html.count(">1 comment</a>") == 1

    for article in ArticleFactory.create_batch(10, category=section):
        CommentFactory(article=article)
    _, many = listing_queries(client, section)
    assert many == few
