"""Reader search over published stories.

On PostgreSQL: full-text search ranked by ``ts_rank`` with highlighted snippets.
The document is an expression, not a stored column: ``SEARCH_DOCUMENT`` below is
indexed as-is by a GIN expression index (migration ``articles.0002``), and the
query compiles the very same expression, so PostgreSQL uses the index with no
column to keep in step on save, bulk load or raw update. On SQLite (the
embedded development default) a plain ``icontains`` on headline and standfirst.
"""

import re

from django.contrib.postgres.search import (
    SearchHeadline,
    SearchQuery,
    SearchRank,
    SearchVector,
)
from django.db import connection, connections
from django.db.models import F
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from articles.models import Article

SEARCH_CONFIG = "english"
MAX_QUERY_LENGTH = 200
# Weighted: a word in the headline counts most, then the standfirst, then the body.
SEARCH_DOCUMENT = (
    SearchVector("headline", weight="A", config=SEARCH_CONFIG)
    + SearchVector("standfirst", weight="B", config=SEARCH_CONFIG)
    + SearchVector("body", weight="C", config=SEARCH_CONFIG)
)
# Ranking recomputes the vector of every match (an index cannot rank), so it
# reads the short fields only: a headline hit still ranks first, and the body,
# tens of times longer, is matched through the index but never re-parsed.
RANK_DOCUMENT = SearchVector(
    "headline", weight="A", config=SEARCH_CONFIG
) + SearchVector("standfirst", weight="B", config=SEARCH_CONFIG)
# Sentinels that cannot occur in stored text; replaced by <mark> after escaping.
_START, _STOP = "\x02", "\x03"
_WORDS = re.compile(r"\w+")


def clean_query(raw: str) -> str:
    """The words a reader typed, junk and excess length dropped ("" when nothing is left)."""
    return " ".join(_WORDS.findall(raw[:MAX_QUERY_LENGTH]))


def search_articles(query: str):
    """Published stories matching ``query`` (already cleaned), best first.

    Each row has ``snippet``: the standfirst with the matched words marked.
    """
    published = Article.objects.published().for_listing()
    if connection.vendor != "postgresql":
        matches = published.filter(headline__icontains=query) | published.filter(
            standfirst__icontains=query
        )
        return matches.annotate(snippet=F("standfirst"))
    search_query = SearchQuery(query, config=SEARCH_CONFIG, search_type="websearch")
    return (
        matching(published, search_query)
        .annotate(rank=SearchRank(RANK_DOCUMENT, search_query))
        .annotate(
            snippet=SearchHeadline(
                "standfirst",
                search_query,
                config=SEARCH_CONFIG,
                start_sel=_START,
                stop_sel=_STOP,
                highlight_all=True,
            )
        )
        .order_by("-rank", "-publish_at", "-pk")
    )


def matching(articles, search_query: SearchQuery):
    """``articles`` whose headline, standfirst or body match, through the GIN
    index on ``SEARCH_DOCUMENT`` (PostgreSQL only)."""
    return articles.alias(document=SEARCH_DOCUMENT).filter(document=search_query)


def desk_search(articles, raw: str):
    """The admin list's search: every word typed, each as a word prefix, over
    headline, standfirst and body (so "mana" finds "manatees" as it is typed).

    On PostgreSQL through the full-text index; None elsewhere, where the
    admin's own LIKE search is fine for a development database.
    """
    words = _WORDS.findall(raw[:MAX_QUERY_LENGTH])
    if connections[articles.db].vendor != "postgresql" or not words:
        return None
    prefixes = " & ".join(f"{word}:*" for word in words)
    return matching(
        articles, SearchQuery(prefixes, config=SEARCH_CONFIG, search_type="raw")
    )


def highlighted(snippet: str) -> SafeString:
    """The snippet escaped, with the search engine's matches wrapped in <mark>."""
    return mark_safe(  # noqa: S308 - every character but our sentinels is escaped
        escape(snippet).replace(_START, "<mark>").replace(_STOP, "</mark>")
    )
