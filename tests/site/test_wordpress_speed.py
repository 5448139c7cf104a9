"""The WordPress import writes a batch's rows together: statements per story
stay a handful whatever the comments, and the rows are the same as ever."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from articles.models import Article, Comment
from magazine.site.models import ImportedItem
from magazine.site.wordpress.importer import WordPressImport
from tests.benchmarks.bench_wordpress import write_export
from tests.site import wxr_builder as w

pytestmark = pytest.mark.django_db

POSTS = 60


def test_statements_per_story_stay_few_and_threads_stay_whole(tmp_path):
    export = write_export(tmp_path / "export.xml", POSTS, 3)
    with CaptureQueriesContext(connection) as queries:
        report = WordPressImport(export, batch_size=20).run()
    statements = len(queries.captured_queries)
    print(f"{statements} statements, {statements / POSTS:.1f} per story")
    # 459 when a batch's stories became one INSERT (with a first revision
    # each) and its items lost their savepoints; the terms (10 authors, 20
    # sections, 50 tags declared and named on posts) about 370 of them: 1.2 a
    # story at batches of 20, all of it the batch's statements shared (748
    # with a savepoint per item, 3.8 a story). Before batching one INSERT per
    # comment and per link, and a slug, section and link-target SELECT per
    # story, added about 9 a story.
    assert statements <= 500
    assert report.counts["posts"]["imported"] == POSTS
    assert report.counts["comments"]["imported"] == POSTS * 3

    story = Article.objects.get(headline="Story number 7")
    thread = list(Comment.objects.filter(article=story).order_by("depth"))
    assert [c.depth for c in thread] == [0, 1, 2]
    assert thread[0].parent_id is None
    assert thread[1].parent_id == thread[0].pk
    assert thread[2].parent_id == thread[1].pk
    assert story.byline == "Writer 7"
    assert story.comment_count == 3
    assert set(story.tags.names()) == {"Tag 7"}
    assert ImportedItem.objects.filter(kind="post").count() == POSTS
    assert ImportedItem.objects.filter(kind="comment").count() == POSTS * 3
    noted = ImportedItem.objects.get(kind="post", wp_id="8")
    assert noted.object_id == story.pk
    assert noted.digest

    with CaptureQueriesContext(connection) as again:
        report = WordPressImport(export, batch_size=20).run()
    assert report.counts["posts"] == {"unchanged": POSTS}
    assert Comment.objects.count() == POSTS * 3
    assert len(again.captured_queries) < statements / 2


def test_a_comment_id_twice_in_one_batch_is_one_comment(tmp_path):
    export = w.export(
        tmp_path / "twice.xml",
        w.item(1, "First", comments=[w.comment(5, "Early text")]),
        w.item(2, "Second", comments=[w.comment(5, "Later text")]),
    )
    report = WordPressImport(export).run()
    assert report.counts["comments"] == {"imported": 1, "updated": 1}
    comment = Comment.objects.get()
    assert comment.body == "Later text"
    assert comment.article.headline == "First"
    assert ImportedItem.objects.get(kind="comment").object_id == comment.pk
