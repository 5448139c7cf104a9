"""Reader search over published stories.

On PostgreSQL: full-text search over each story's stored, GIN-indexed
:class:`~articles.models.SearchDocument` (headline weighted above standfirst
above body, kept by a trigger), ranked by ``ts_rank``, with highlighted
snippets. On SQLite (the embedded development default) each word is looked
for with ``icontains`` in headline and standfirst, newest first.
"""

import json
import re
from datetime import timedelta

from django.contrib.postgres.search import SearchHeadline, SearchQuery, SearchRank
from django.db import connection, connections
from django.db.models import (
    DateTimeField,
    ExpressionWrapper,
    F,
    Q,
    QuerySet,
    Subquery,
)
from django.db.models.expressions import RawSQL
from django.utils import timezone
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from articles.models import Article, ArticleAuthor, Author, SearchDocument
from articles.models.categories import active_language
from articles.models.publication import NEWEST_FIRST

# Each edition's text-search configuration: the trigger (migration 0019)
# reads a story in its language's, the query is read in the active one's.
SEARCH_CONFIGS = {"en": "english", "es": "magazine_spanish"}


def search_config() -> str:
    return SEARCH_CONFIGS[active_language()]


MAX_QUERY_LENGTH = 200
# Only the most recent matches are ranked: a word found in most of a large
# archive stays as quick to search for as a rare one.
RANKED_MATCHES = 200
# Up to this many expected matches, the text index hands them all over and the
# newest are picked; past it, stories are read newest first until enough match.
INDEX_FIRST_UP_TO = 5000
# How many of the newest stories are searched first (see recent_matches).
RECENT_WINDOW = 4000
# Sentinels that cannot occur in stored text; replaced by <mark> after escaping.
_START, _STOP = "\x02", "\x03"
_WORDS = re.compile(r"\w+")
# A query as clean_query() leaves it: the only form of ``q`` the page cache stores.
CANONICAL_QUERY = re.compile(rf"(?=.{{1,{MAX_QUERY_LENGTH}}}\Z)\w+(?: \w+)*")
# What HTML does not allow in text: control characters and noncharacters.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufdd0-\ufdef\ufffe\uffff]")


def typed_query(raw: str) -> str:
    """What the reader typed, to show back in the search box: cut to length,
    control characters (not allowed in HTML) dropped."""
    return _CONTROL.sub("", raw[:MAX_QUERY_LENGTH])


def clean_query(raw: str) -> str:
    """The words a reader typed, junk and excess length dropped ("" when nothing is left)."""
    return " ".join(_WORDS.findall(raw[:MAX_QUERY_LENGTH]))


def search_articles(query: str):
    """Published stories matching ``query`` (already cleaned), best first among
    the ``RANKED_MATCHES`` most recent.

    Each row has ``snippet``: the standfirst with the matched words marked.
    """
    published = Article.objects.published().in_language().for_listing()
    if connection.vendor != "postgresql":
        for word in query.split():  # every word, in any order, as PostgreSQL does
            published = published.filter(
                Q(headline__icontains=word) | Q(standfirst__icontains=word)
            )
        return published.annotate(snippet=F("standfirst")).order_by(*NEWEST_FIRST)
    search_query = as_search_query(query)
    return (
        published.filter(
            # One array parameter, not 200: cheaper to send and to compile.
            pk__in=RawSQL("SELECT unnest(%s::bigint[])", (recent_matches(query),))
        )
        .annotate(rank=SearchRank(F("search_document__document"), search_query))
        .annotate(
            snippet=SearchHeadline(
                "standfirst",
                search_query,
                config=search_config(),
                start_sel=_START,
                stop_sel=_STOP,
                highlight_all=True,
            )
        )
        .order_by("-rank", *NEWEST_FIRST)
    )


def recent_matches(words: str) -> list[int]:
    """The ids of the ``RANKED_MATCHES`` newest stories of the active edition
    that match (the caller keeps the published ones).

    When PostgreSQL expects many matches ("miami"), it reads the newest
    stories until enough match, and its plan is right. Otherwise the matches
    come from the text index, combined with the publish-time index: first
    among the ``RECENT_WINDOW`` newest stories, and from the whole archive
    only when those hold too few. Words PostgreSQL takes to be unrelated but
    which go together ("condo tower", in 9,000 of 100,000 stories where it
    expects 800) then read a few hundred stories instead of every match
    (2.4 ms instead of 8.7); a rare word ("seawall") costs one more quick query.

    Plain querysets: compiled once per process (``magazine.queries``) they
    saved about 15 % of the search page's CPU at 100,000 stories, short of
    the 25 % that would pay for the mechanism here.
    """
    values = {"words": words, "now": timezone.now()}
    if expected_matches(as_search_query(words)) > INDEX_FIRST_UP_TO:
        rows = newest_stories_matching(RANKED_MATCHES, **values)
    else:
        rows = list(recent_matches_among(RANKED_MATCHES, RECENT_WINDOW, **values))
        if len(rows) < RANKED_MATCHES:
            rows = all_matches(RANKED_MATCHES, **values)
    return [pk for (pk,) in rows]


def newest_stories_matching(limit: int, *, words: str, now) -> QuerySet:
    return (
        matching(Article.objects.published(now).in_language(), as_search_query(words))
        .order_by(*NEWEST_FIRST)
        .values_list("pk")[:limit]
    )


def recent_matches_among(limit: int, window: int, *, words: str, now) -> QuerySet:
    edition = SearchDocument.objects.filter(language=active_language())
    window_start = (
        edition.filter(publish_at__lte=now)
        .order_by("-publish_at")
        .values("publish_at")[window - 1 : window]
    )
    return (
        edition.filter(
            document=as_search_query(words),
            publish_at__lte=now,
            publish_at__gte=Subquery(window_start),
        )
        .order_by("-publish_at", "-article_id")
        .values_list("article_id")[:limit]
    )


def all_matches(limit: int, *, words: str, now) -> QuerySet:
    """The time is read through an expression the publish-time index cannot
    answer, so that PostgreSQL (whether it plans for these words or once for
    any, as for a prepared statement) sorts the matches the text index hands
    over instead of walking or intersecting the time index."""
    published = ExpressionWrapper(
        F("publish_at") + timedelta(0), output_field=DateTimeField()
    )
    return (
        SearchDocument.objects.alias(published=published)
        .filter(
            document=as_search_query(words),
            published__lte=now,
            language=active_language(),
        )
        .order_by(F("published").desc(), "-article_id")
        .values_list("article_id")[:limit]
    )


def expected_matches(search_query: SearchQuery) -> int:
    """How many stories PostgreSQL's statistics say match: free, and exact
    enough for one word."""
    found = SearchDocument.objects.filter(document=search_query)
    return json.loads(found.explain(format="json"))[0]["Plan"]["Plan Rows"]


def as_search_query(words: str) -> SearchQuery:
    """What a reader or editor typed, as web search engines read it (quotes, or, -)."""
    return SearchQuery(words, config=search_config(), search_type="websearch")


def matching(articles: QuerySet, search_query: SearchQuery) -> QuerySet:
    """``articles`` whose stored search document matches (PostgreSQL only)."""
    return articles.filter(search_document__document=search_query)


def desk_search(articles: QuerySet, raw: str) -> QuerySet | None:
    """The admin list's search: every word typed, each as a word prefix, over
    headline, standfirst and body (so "mana" finds "manatees" as it is typed),
    or the name of one of the story's authors.

    On PostgreSQL through the full-text index; None elsewhere, where the
    admin's own LIKE search is fine for a development database.
    """
    words = _WORDS.findall(raw[:MAX_QUERY_LENGTH])
    if connections[articles.db].vendor != "postgresql" or not words:
        return None
    prefixes = " & ".join(f"{word}:*" for word in words)
    by_text = matching(
        articles, SearchQuery(prefixes, config=search_config(), search_type="raw")
    )
    # Authors are few: found first, they cost the usual search nothing when
    # no name matches.
    writers = list(
        Author.objects.filter(*(Q(name__icontains=word) for word in words)).values_list(
            "pk", flat=True
        )[:50]
    )
    if not writers:
        return by_text
    by_writer = ArticleAuthor.objects.filter(author__in=writers).values("article")
    return articles.filter(Q(pk__in=by_text.values("pk")) | Q(pk__in=by_writer))


def highlighted(snippet: str) -> SafeString:
    """The snippet escaped, with the search engine's matches wrapped in <mark>."""
    return mark_safe(  # noqa: S308 - every character but our sentinels is escaped
        escape(snippet).replace(_START, "<mark>").replace(_STOP, "</mark>")
    )
