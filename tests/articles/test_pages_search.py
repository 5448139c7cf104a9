"""Search: ranked full text on PostgreSQL, a working fallback on SQLite, calm on junk."""

import re
from datetime import timedelta

import pytest
from django.db import connection

from articles import search
from articles.models import Article, SearchDocument
from articles.search import as_search_query, matching
from tests.factories import ArticleFactory

pytestmark = [pytest.mark.django_db]
postgres_only = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="full-text search is PostgreSQL's"
)


@pytest.fixture
def stories():
    return {
        "boat": ArticleFactory(
            headline="Record crowds at the boat show",
            standfirst="Dealers sold more yachts than ever on the last day.",
        ),
        "seawall": ArticleFactory(
            headline="Miami Beach votes for a seawall",
            standfirst="Boat owners worry about the new docks.",
        ),
        "draft": ArticleFactory(
            headline="Boat show secrets", status=Article.Status.DRAFT
        ),
    }


def headlines(response) -> list[str]:
    return [article.headline for article in response.context["page_obj"]]


def test_search_finds_published_stories_only(client, stories):
    response = client.get("/search/", {"q": "boat"})

    assert response.status_code == 200
    assert set(headlines(response)) == {
        "Record crowds at the boat show",
        "Miami Beach votes for a seawall",
    }
    assert 'value="boat"' in response.content.decode()


def test_every_word_is_looked_for_in_any_order(client, stories):
    for query in ("seawall miami", "miami seawall"):
        assert headlines(client.get("/search/", {"q": query})) == [
            "Miami Beach votes for a seawall"
        ]
    assert headlines(client.get("/search/", {"q": "seawall yachts"})) == []


@postgres_only
def test_search_ranks_headline_matches_first_and_highlights_snippets(client, stories):
    response = client.get("/search/", {"q": "boats"})  # stemmed: boat, boats
    html = response.content.decode()

    assert headlines(response)[0] == "Record crowds at the boat show"
    assert "<mark>Boat</mark> owners worry about the new docks." in html


@postgres_only
@pytest.mark.parametrize("query", ["boat", "boats show", "owners"])
def test_common_and_rare_words_find_the_same_stories(stories, monkeypatch, query):
    # However the newest matches are found (text index first, or newest stories
    # first), the answer is the same.
    def found(common_from: int, window: int = search.RECENT_WINDOW) -> list[str]:
        monkeypatch.setattr(search, "INDEX_FIRST_UP_TO", common_from)
        monkeypatch.setattr(search, "RECENT_WINDOW", window)
        return [a.headline for a in search.search_articles(query)]

    everything_common, nothing_common = found(0), found(10**9)

    assert everything_common == nothing_common
    assert everything_common
    # The newest stories searched first, however many: enough there, or not.
    monkeypatch.setattr(search, "RANKED_MATCHES", 1)
    assert found(10**9, window=1) == found(10**9, window=10**6) == found(0)


@postgres_only
def test_search_matches_through_the_gin_index(stories):
    # The very filter the search uses, without the publication filter a table
    # of three rows would rather use.
    query = matching(Article.objects.all(), as_search_query("boat"))
    with connection.cursor() as cursor:
        # A handful of rows would be scanned anyway; ask what plan an archive gets.
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("SET LOCAL enable_indexscan = off")
        plan = query.explain()

    assert "search_document_words" in plan


@postgres_only
def test_the_search_document_follows_every_kind_of_write(stories):
    """Kept by the database: a save, a bulk insert and a raw update all count."""
    story = ArticleFactory(headline="Quiet harbour")
    Article.objects.filter(pk=story.pk).update(standfirst="Manatees return.")
    bulk = Article.objects.bulk_create(
        [ArticleFactory.build(headline="Regatta week", category=story.category)]
    )[0]

    def found(words):
        return set(matching(Article.objects.all(), as_search_query(words)))

    assert found("manatee") == {story}
    assert found("regatta") == {bulk}
    # The publish time rides along: the newest matches are picked by it.
    later = story.publish_at + timedelta(days=3)
    Article.objects.filter(pk=story.pk).update(publish_at=later)
    assert SearchDocument.objects.get(article=story).publish_at == later
    assert SearchDocument.objects.get(article=bulk).publish_at == bulk.publish_at
    # Only while published: a draft never takes a newest match's place.
    Article.objects.filter(pk=story.pk).update(status=Article.Status.DRAFT)
    assert SearchDocument.objects.get(article=story).publish_at is None
    Article.objects.filter(pk=story.pk).update(status=Article.Status.PUBLISHED)
    assert SearchDocument.objects.get(article=story).publish_at == later
    story.delete()
    assert found("manatee") == set()


@pytest.mark.parametrize(
    "query",
    [
        "",
        "   ",
        "!!!",
        "' OR 1=1 --",
        "<script>alert(1)</script>",
        "a" * 5000,
        "\x00",
        "sea\x85\ufdd0\uffffwall",
    ],
)
def test_empty_long_and_junk_queries_are_answered_calmly(client, stories, query):
    response = client.get("/search/", {"q": query})

    assert response.status_code == 200
    assert "<script>alert(1)</script>" not in response.text
    assert not re.search("[\x00\x85\ufdd0\uffff]", response.text)  # not allowed in HTML


def test_a_query_with_no_match_says_so(client, stories):
    html = client.get("/search/", {"q": "zeppelin"}).content.decode()

    assert "No stories match “zeppelin”" in html


def test_search_pages_keep_the_query(client):
    ArticleFactory.create_batch(21, headline="Sailing news")

    html = client.get("/search/", {"q": "sailing"}).content.decode()

    assert '<a rel="next" href="/search/?q=sailing&amp;page=2">More results</a>' in html
