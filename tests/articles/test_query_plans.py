"""No reader page reads the whole archive: SQLite's plans for every query.

A cold page must cost the same at 100,000 stories as at 1,000, and the one way
to know that without timing anything is the plan: each query a reader page
makes goes through SQLite's ``EXPLAIN`` and fails the test when it walks all of
the articles table or one of its indexes from one end (a full scan), or sorts
the rows of an index range that grows with the archive (a temp B-tree fed by a
whole edition or section, instead of by a bounded list of ids).

The archive is modest (the demo, 300 stories) so the test is quick, and the
planner is given the statistics of a large one: ``load_demo`` ends with
``ANALYZE`` (as ``migrate`` does), and the counts it found are then scaled to
100,000 stories (rows per section, per language, per tag grow with the archive;
rows per id or slug stay one). SQLite plans from those figures alone, so it
picks what it picks at 100,000 stories (compared by hand with a real
100,000-story copy, on which these same pages were profiled); left with the
true figures of 300 rows, it rightly reads such a small table end to end.
PostgreSQL is not checked this way: at a few hundred rows its planner rightly
prefers sequential scans, whatever the indexes, so its plans there say nothing
about 100,000 stories (the benchmark measures it instead).
"""

import re

import pytest
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from taggit.models import Tag

from articles.models import Article, Author, Category, RelatedArticle

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(
        connection.vendor != "sqlite", reason="SQLite's plans (see the docstring)"
    ),
]

ARTICLES_TABLE = "articles_article"
TEMP_SORT = re.compile(r"USE TEMP B-TREE FOR (ORDER BY|GROUP BY|DISTINCT)")
INDEX_ACCESS = re.compile(r"^(SEARCH|SCAN) \S+ USING (?:COVERING )?INDEX (\S+)(.*)")
# An equality on a unique column finds one row: sorting it costs nothing.
ONE_ROW = re.compile(r"\((slug)=\?\)")


STORIES = 300
AT_SCALE = 100_000


def statistics_at_scale(factor: float) -> None:
    """Multiply ANALYZE's figures as if every table were ``factor`` times as
    large (SQLite documents editing ``sqlite_stat1``; ``ANALYZE sqlite_schema``
    loads the edit). Figures of a few rows per key (ids, slugs, times) stay."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT tbl, idx, stat FROM sqlite_stat1")
        for table, index, stat in cursor.fetchall():
            figures, words = [], []
            for part in stat.split():
                (figures if part.isdigit() else words).append(part)
            scaled = [
                str(round(int(n) * factor)) if position == 0 or int(n) >= 5 else n
                for position, n in enumerate(figures)
            ]
            cursor.execute(
                "UPDATE sqlite_stat1 SET stat = %s WHERE tbl = %s AND idx IS %s",
                [" ".join([*scaled, *words]), table, index],
            )
        cursor.execute("ANALYZE sqlite_schema")


@pytest.fixture
def no_page_cache(settings):
    settings.PAGE_CACHE_SECONDS = 0


def article_structures() -> dict[int, str]:
    """Root page → name, for the articles table and each of its indexes."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT rootpage, name FROM sqlite_master WHERE tbl_name = %s",
            [ARTICLES_TABLE],
        )
        return dict(cursor.fetchall())


def full_scans(sql: str, structures: dict[int, str]) -> list[str]:
    """The articles table or indexes the bytecode walks from one end to the
    other: a cursor opened on them, rewound to the first (or last) row and
    stepped through, never positioned by a seek."""
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN " + sql)
        program = cursor.fetchall()
    opened = {}  # cursor → structure name
    whole_walks = set()
    stepped = set()
    for _addr, opcode, p1, p2, *_ in program:
        if opcode in ("OpenRead", "ReopenIdx") and p2 in structures:
            opened[p1] = structures[p2]
        elif opcode in ("Rewind", "Last") and p1 in opened:
            whole_walks.add(p1)
        elif opcode in ("Next", "Prev") and p1 in opened:
            stepped.add(p1)
    return sorted({opened[cursor] for cursor in whole_walks & stepped})


def unbounded_sorts(sql: str, indexes: set[str]) -> list[str]:
    """Temp B-trees (sorts) fed by a range of an articles index: that range is
    a whole edition or section, so the sort grows with the archive. A sort of
    rows found by their ids (picks, a page's candidates) is bounded."""
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN QUERY PLAN " + sql)
        plan = cursor.fetchall()
    siblings: dict[int, list[str]] = {}
    for _node, parent, _unused, detail in plan:
        siblings.setdefault(parent, []).append(detail)
    found = []
    for details in siblings.values():
        if not any(TEMP_SORT.match(detail) for detail in details):
            continue
        for detail in details:
            access = INDEX_ACCESS.match(detail)
            if access and access[2] in indexes and not ONE_ROW.search(access[3]):
                found.append(detail)
    return found


def query_plan(sql: str) -> list[str]:
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN QUERY PLAN " + sql)
        return [detail for *_, detail in cursor.fetchall()]


def reader_pages() -> dict[str, str]:
    """Every kind of reader page, as the demo fills them."""
    tree = Category.objects.tree()
    section = tree.navigation()[0]
    subsection = tree.children(section)[0]
    live = Article.objects.published().select_related("category")
    newest = live.filter(language="en").first()
    oldest = live.filter(language="en").last()
    picked = live.get(
        pk=RelatedArticle.objects.values("article_id").first()["article_id"]
    )
    spanish = live.filter(language="es").first()
    translated = live.filter(translation_of__isnull=False).first()
    also_filed = Article.secondary_categories.through.objects.first()
    tag = Tag.objects.filter(taggit_taggeditem_items__isnull=False).first()
    author = Author.objects.filter(articleauthor__isnull=False).first()
    return {
        "home": "/",
        "Spanish home": "/es/",
        "section": section.get_absolute_url(),
        "section, page 2": section.get_absolute_url() + "?page=2",
        # After page 2: from where it ended (listings.window_rows).
        "section, page 3": section.get_absolute_url() + "?page=3",
        "subsection": subsection.get_absolute_url(),
        "section with a secondary filing": tree.by_pk[
            also_filed.category_id
        ].get_absolute_url(),
        "newest article": newest.get_absolute_url(),
        "oldest article": oldest.get_absolute_url(),
        "article with picks": picked.get_absolute_url(),
        "Spanish article": spanish.get_absolute_url(),
        "translated article": translated.get_absolute_url(),
        "tag": f"/tag/{tag.slug}/",
        "author": f"/author/{author.slug}/",
        "search": "/search/?q=seawall",
        "search, common word": "/search/?q=miami",
        "feed": "/feed/",
        "section feed": f"/feed/{section.path}/",
        "tag feed": f"/feed/tag/{tag.slug}/",
        "author feed": f"/feed/author/{author.slug}/",
        "sitemap index": "/sitemap.xml",
        "sitemap page": "/sitemap-articles.xml",
        "news sitemap": "/sitemap-news.xml",
    }


@pytest.mark.usefixtures("no_page_cache")
def test_no_reader_page_scans_or_sorts_the_archive():
    call_command("load_demo", articles=STORIES, stdout=None)
    statistics_at_scale(AT_SCALE / STORIES)
    structures = article_structures()
    indexes = {name for name in structures.values() if name != ARTICLES_TABLE}
    client = Client()
    offences = {}
    checked = 0
    for name, url in reader_pages().items():
        client.get(url)  # the navigation and settings are read once per process
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        assert response.status_code == 200, (name, url, response.status_code)
        for query in queries.captured_queries:
            sql = query["sql"]
            if ARTICLES_TABLE not in sql or not sql.lstrip().startswith("SELECT"):
                continue
            checked += 1
            scans = full_scans(sql, structures)
            sorts = unbounded_sorts(sql, indexes)
            if scans or sorts:
                offences.setdefault(f"{name} {url}", []).append(
                    {
                        "scans": scans,
                        "sorts": sorts,
                        "plan": query_plan(sql),
                        "sql": sql,
                    }
                )
    assert checked >= 20  # every page above reads stories
    assert not offences, "\n\n".join(
        f"{page}: {offence}" for page, found in offences.items() for offence in found
    )


def test_the_plan_check_sees_a_full_scan_and_a_whole_edition_sorted():
    """The checks above would catch what they are for."""
    call_command("load_demo", articles=60, stdout=None)
    statistics_at_scale(AT_SCALE / 60)
    structures = article_structures()
    indexes = {name for name in structures.values() if name != ARTICLES_TABLE}
    with CaptureQueriesContext(connection) as queries:
        list(Article.objects.order_by("headline"))
        list(Article.objects.published().in_language("en").order_by("headline")[:5])
    by_headline, newest_by_headline = (q["sql"] for q in queries.captured_queries)

    assert ARTICLES_TABLE in full_scans(by_headline, structures)
    assert unbounded_sorts(newest_by_headline, indexes)
