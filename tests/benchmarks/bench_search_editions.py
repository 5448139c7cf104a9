#!/usr/bin/env python
"""Search's newest-matches pre-filter, per edition: before and after it took
the language (issue 15), side by side in one run.

    BENCH_DATABASE_URL=postgres://…/db .venv/bin/python tests/benchmarks/bench_search_editions.py [--repeat 30]

Needs a PostgreSQL database already built with ``manage.py load_demo``
(``--articles 20000`` or more: the bigger, the more the English edition
crowds out the Spanish one). For each word and edition it prints the median
and p99 time of ``recent_matches`` (the pre-filter), how many of the ids it
hands over are of the page's edition, and how many stories the page then
shows; "before" is the pre-filter as it was, without the language.
"""

import argparse
import os
import statistics
import sys
import time
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "magazine.settings")
if "BENCH_DATABASE_URL" in os.environ:
    os.environ["DATABASE_URL"] = os.environ["BENCH_DATABASE_URL"]

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402
from django.db.models import DateTimeField, ExpressionWrapper, F, Subquery  # noqa: E402
from django.utils import translation  # noqa: E402

from articles import search  # noqa: E402
from articles.models import Article, SearchDocument  # noqa: E402

WORDS = ["miami", "brickell", "biscayne", "condo", "seawall", "condo tower", "yate"]


def recent_matches_among_before(limit, window, *, words, now):
    """The pre-filter as it was: the newest matches of both editions."""
    window_start = (
        SearchDocument.objects.filter(publish_at__lte=now)
        .order_by("-publish_at")
        .values("publish_at")[window - 1 : window]
    )
    return (
        SearchDocument.objects.filter(
            document=search.as_search_query(words),
            publish_at__lte=now,
            publish_at__gte=Subquery(window_start),
        )
        .order_by("-publish_at", "-article_id")
        .values_list("article_id")[:limit]
    )


def all_matches_before(limit, *, words, now):
    published = ExpressionWrapper(
        F("publish_at") + timedelta(0), output_field=DateTimeField()
    )
    return (
        SearchDocument.objects.alias(published=published)
        .filter(document=search.as_search_query(words), published__lte=now)
        .order_by(F("published").desc(), "-article_id")
        .values_list("article_id")[:limit]
    )


VERSIONS = {
    "before": (recent_matches_among_before, all_matches_before),
    "after": (search.recent_matches_among, search.all_matches),
}


def measure(words: str, language: str, version: str, repeat: int) -> dict:
    among, everything = VERSIONS[version]
    search.recent_matches_among, search.all_matches = among, everything
    with translation.override(language):
        search.recent_matches(words)  # warm: both versions read from memory
        timings = []
        for _ in range(repeat):
            started = time.perf_counter()
            ids = search.recent_matches(words)
            timings.append((time.perf_counter() - started) * 1000)
        of_edition = Article.objects.filter(pk__in=ids, language=language).count()
        shown = len(list(search.search_articles(words)))
    timings.sort()
    return {
        "median": statistics.median(timings),
        "p99": timings[min(len(timings) - 1, int(len(timings) * 0.99))],
        "ids": len(ids),
        "of_edition": of_edition,
        "shown": shown,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=30)
    args = parser.parse_args()
    if connection.vendor != "postgresql":
        sys.exit("bench_search_editions: needs PostgreSQL (BENCH_DATABASE_URL).")
    counts = {
        code: Article.objects.published().filter(language=code).count()
        for code in ("en", "es")
    }
    print(f"Published stories: {counts['en']} English, {counts['es']} Spanish.")
    print(f"{args.repeat} runs each; times of recent_matches in ms.\n")
    header = (
        f"{'words':<12} {'ed.':<3} {'version':<7} {'median':>7} {'p99':>7} "
        f"{'ids':>4} {'of ed.':>6} {'shown':>5}"
    )
    print(header)
    print("-" * len(header))
    for words in WORDS:
        for language in ("en", "es"):
            for version in VERSIONS:
                row = measure(words, language, version, args.repeat)
                print(
                    f"{words:<12} {language:<3} {version:<7} {row['median']:>7.2f} "
                    f"{row['p99']:>7.2f} {row['ids']:>4} {row['of_edition']:>6} "
                    f"{row['shown']:>5}"
                )


if __name__ == "__main__":
    main()
