"""The planner's statistics: a reader page's plan depends on them (see
tests/articles/test_query_plans.py). SQLite keeps none by itself; PostgreSQL's
autovacuum hears of a bulk load a minute or more late."""

import pytest
from django.core.management import call_command
from django.db import connection

from magazine.periodic import configured_jobs
from tests.factories import ArticleFactory
from tests.site import wxr_builder as w

pytestmark = pytest.mark.django_db
SQLITE = connection.vendor == "sqlite"


def statistics_rows(table: str) -> int:
    """SQLite's rows of statistics on ``table``; on PostgreSQL the rows
    ANALYZE last counted in it (-1 before it was ever analysed)."""
    with connection.cursor() as cursor:
        if not SQLITE:
            cursor.execute("SELECT reltuples FROM pg_class WHERE relname = %s", [table])
            return int(cursor.fetchone()[0])
        cursor.execute("SELECT count(*) FROM sqlite_master WHERE name = 'sqlite_stat1'")
        if not cursor.fetchone()[0]:
            return 0
        cursor.execute("SELECT count(*) FROM sqlite_stat1 WHERE tbl = %s", [table])
        return cursor.fetchone()[0]


def test_the_command_gives_the_planner_statistics_of_the_stories(capsys):
    ArticleFactory.create_batch(3)

    call_command("analyze_database")

    assert statistics_rows("articles_article") > 0
    assert "Statistics refreshed." in capsys.readouterr().out


def test_a_wordpress_import_leaves_statistics_of_what_it_brought(tmp_path):
    """An import lands thousands of stories at once: the planner must not wait
    for the daily job (SQLite) or for autovacuum (PostgreSQL) to hear of them."""
    export = w.export(
        tmp_path / "old.xml",
        w.author("jdoe", "Jane Doe"),
        w.category(10, "news", "News"),
        *(w.item(n, f"Story {n}", categories=[("news", "News")]) for n in (1, 2)),
    )

    call_command("import_wordpress", str(export))

    assert statistics_rows("articles_article") > 0


def test_the_statistics_are_refreshed_daily_on_sqlite_only():
    jobs = {job.name: job for job in configured_jobs()}

    assert ("analyze_database" in jobs) is SQLITE
    if SQLITE:
        assert jobs["analyze_database"].every.days == 1
