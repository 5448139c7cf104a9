"""Search picks its newest matches among the page's edition only (issue 15):
a word both languages share ("Miami") must not let one edition's newer
stories take every place before the other's are looked at."""

from datetime import timedelta

import pytest
from django.db import connection
from django.utils import timezone, translation

from articles import search
from articles.models import SearchDocument
from tests.factories import ArticleFactory

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="full-text search is PostgreSQL's"
    ),
]

# Each of the three ways recent_matches finds the newest matches.
PATHS = {
    "newest stories first": {"INDEX_FIRST_UP_TO": -1},
    "the recent window": {"INDEX_FIRST_UP_TO": 10**9, "RECENT_WINDOW": 1000},
    "the whole archive": {"INDEX_FIRST_UP_TO": 10**9, "RECENT_WINDOW": 1},
}


@pytest.fixture
def editions():
    """Four English stories about Miami, newer than the one Spanish story."""
    now = timezone.now()
    spanish = ArticleFactory(
        language="es",
        headline="Miami de noche",
        publish_at=now - timedelta(days=10),
    )
    english = [
        ArticleFactory(
            headline=f"Miami at night, part {number}",
            publish_at=now - timedelta(hours=number + 1),
        )
        for number in range(4)
    ]
    return spanish, english


@pytest.mark.parametrize("path", PATHS)
def test_the_newest_matches_are_of_the_pages_edition(monkeypatch, editions, path):
    spanish, english = editions
    monkeypatch.setattr(search, "RANKED_MATCHES", 3)
    for name, value in PATHS[path].items():
        monkeypatch.setattr(search, name, value)

    with translation.override("es"):
        assert search.recent_matches("miami") == [spanish.pk]
        assert [story.pk for story in search.search_articles("miami")] == [spanish.pk]
    assert search.recent_matches("miami") == [story.pk for story in english[:3]]


def test_the_search_document_follows_the_storys_language(editions):
    spanish, english = editions

    assert SearchDocument.objects.get(article=spanish).language == "es"
    assert SearchDocument.objects.get(article=english[0]).language == "en"
    english[0].language = "es"
    english[0].save()
    assert SearchDocument.objects.get(article=english[0]).language == "es"
