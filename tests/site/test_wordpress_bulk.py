"""The WordPress import inserts a batch's new stories together, and leaves
each as a save would: unique slugs, the body cleaned and rendered, search
words, bylines, sections, tags, comments, a first revision, pages stale once.
A story the database refuses is reported; the rest of its batch lands."""

import json

import pytest
import reversion
from django.contrib.redirects.models import Redirect
from django.db import connection
from django.test.utils import CaptureQueriesContext
from reversion.models import Version

from articles.models import Article, Comment, VersionTags
from articles.models.search import SearchDocument
from articles.search import search_articles
from magazine import cache as page_cache
from magazine.site.models import ImportedItem
from magazine.site.wordpress.importer import WordPressImport
from tests.factories import ArticleFactory
from tests.site import wxr_builder as w

pytestmark = pytest.mark.django_db

BODY = (
    "Boats came in.\n\nThe harbour <b>filled</b> up."
    '<script>alert("x")</script><a href="https://example.org/" onclick="x()">'
    "a link</a>"
)


def stories_export(tmp_path, posts=6):
    return w.export(
        tmp_path / "export.xml",
        w.author("jdoe", "Jane Doe"),
        w.category(10, "news", "News"),
        w.category(11, "boats", "Boats"),
        *(
            w.item(
                n,
                f"Story {n}",
                # Two stories want the same address: the second is made unique.
                name="harbour" if n in (1, 2) else f"story-{n}",
                body=BODY,
                categories=[("news", "News"), ("boats", "Boats")],
                tags=[("yachts", "Yachts")],
                comments=[
                    w.comment(n * 10, "First"),
                    w.comment(n * 10 + 1, "Reply", parent=n * 10),
                ],
            )
            for n in range(1, posts + 1)
        ),
    )


def inserts_into(queries, table):
    return [
        q["sql"]
        for q in queries.captured_queries
        if q["sql"].startswith(f'INSERT INTO "{table}"')
    ]


def test_new_stories_of_a_batch_are_one_insert_and_whole(tmp_path, monkeypatch):
    export = stories_export(tmp_path)
    bumps = []
    monkeypatch.setattr(page_cache, "_invalidated", lambda: bumps.append(1))
    with CaptureQueriesContext(connection) as queries:
        report = WordPressImport(export, batch_size=50).run()

    assert report.counts["posts"] == {"imported": 6}
    assert len(inserts_into(queries, "articles_article")) == 1
    assert report.held_invalidations > 0
    assert len(bumps) == 1  # held: one at the end (and one after the commit)

    first, second = Article.objects.filter(headline__in=["Story 1", "Story 2"])
    assert {first.slug, second.slug} == {"harbour", "harbour-2"}
    story = Article.objects.get(headline="Story 3")
    assert "<script" not in story.body
    assert "onclick" not in story.body
    assert "<p>Boats came in.</p>" in story.body
    assert story.rendered_body
    assert "<script" not in story.rendered_body
    assert story.category.slug == "news"
    assert [c.slug for c in story.secondary_categories.all()] == ["boats"]
    assert set(story.tags.names()) == {"Yachts"}
    assert story.byline == "Jane Doe"
    assert story.comment_count == 2
    reply = Comment.objects.get(article=story, parent__isnull=False)
    assert reply.depth == 1
    assert reply.parent.article == story
    assert ImportedItem.objects.get(kind="post", wp_id="3").object_id == story.pk
    assert Redirect.objects.filter(
        old_path="/2024/03/story-3/", new_path=story.get_absolute_url()
    ).exists()
    if connection.vendor == "postgresql":
        # Written by the database's trigger on the INSERT, as on any save.
        assert SearchDocument.objects.filter(article__in=[first, story]).count() == 2
        assert search_articles("filled").filter(pk=story.pk).exists()


def test_each_new_story_gets_its_first_revision(tmp_path):
    export = stories_export(tmp_path, posts=3)
    with CaptureQueriesContext(connection) as queries:
        WordPressImport(export).run()
    assert len(inserts_into(queries, "reversion_revision")) == 1
    assert len(inserts_into(queries, "reversion_version")) == 1

    story = Article.objects.get(headline="Story 3")
    versions = Version.objects.get_for_object(story)
    assert len(versions) == 1
    imported = versions[0]
    assert imported.revision.comment == "Imported from WordPress."
    # Its tags are kept beside it, as a save's are (the version's preview shows them).
    assert len(inserts_into(queries, "articles_versiontags")) == 1
    assert [tag["name"] for tag in VersionTags.objects.get(version=imported).tags] == (
        list(story.tags.names())
    )
    # One revision per story: restoring it touches no other story.
    assert {v.object_id for v in imported.revision.version_set.all()} <= {
        str(story.pk),
        *map(str, story.articleauthor_set.values_list("pk", flat=True)),
    }

    # The same data as reversion's own, field for field.
    with reversion.create_revision():
        reversion.add_to_revision(story)
    own = Version.objects.get_for_object(story)[0]
    assert json.loads(imported.serialized_data) == json.loads(own.serialized_data)
    assert imported.serialized_data == own.serialized_data
    authors = {
        v.object_repr: v.serialized_data
        for v in imported.revision.version_set.exclude(object_id=str(story.pk))
    }
    assert authors == {
        v.object_repr: v.serialized_data
        for v in own.revision.version_set.exclude(object_id=str(story.pk))
    }

    story.headline = "Edited at the desk"
    story.save()
    imported.revision.revert()
    story.refresh_from_db()
    assert story.headline == "Story 3"


def test_a_story_the_database_refuses_is_reported_and_the_rest_land(tmp_path):
    export = stories_export(tmp_path, posts=6)
    importer = WordPressImport(export, batch_size=50)
    original = importer._insert_stories

    def slug_taken_meanwhile(rows, new_stories):
        if new_stories:  # another editor takes that address meanwhile
            ArticleFactory(slug="story-4")
        return original(rows, new_stories)

    importer._insert_stories = slug_taken_meanwhile
    report = importer.run()

    assert report.counts["posts"] == {"imported": 5, "skipped": 1}
    assert report.counts["comments"] == {"imported": 10}
    assert any(line.startswith("posts 4 (line") for line in report.skipped)
    assert not Article.objects.filter(headline="Story 4").exists()
    assert Comment.objects.count() == 10
    assert not ImportedItem.objects.filter(kind="post", wp_id="4").exists()
    assert not ImportedItem.objects.filter(kind="comment", wp_id="40").exists()
    assert not Redirect.objects.filter(old_path="/2024/03/story-4/").exists()
    assert Article.objects.get(headline="Story 5").comment_count == 2
    assert Version.objects.count() == 5 * 2  # each story and its byline

    # The next run brings it across at a free address.
    again = WordPressImport(export).run()
    assert again.counts["posts"] == {"unchanged": 5, "imported": 1}
    assert Article.objects.get(headline="Story 4").slug == "story-4-2"
    assert Comment.objects.count() == 12


def savepoints(queries):
    return [q for q in queries.captured_queries if q["sql"].startswith("SAVEPOINT")]


def test_a_clean_batch_opens_no_savepoint_per_item(tmp_path):
    export = stories_export(tmp_path, posts=12)
    with CaptureQueriesContext(connection) as queries:
        report = WordPressImport(export, batch_size=50).run()
    assert report.counts["posts"] == {"imported": 12}
    # Per batch and per section made, none per story (the test's own
    # transaction makes each batch's a savepoint too).
    assert len(savepoints(queries)) < 12


def test_a_broken_item_sends_its_batch_round_again_with_savepoints(tmp_path):
    export = w.export(
        tmp_path / "export.xml",
        w.author("", "Nobody"),  # no login: reported
        w.item(1, "First", categories=[("new-on-items", "New on items")]),
        w.item(2, "Second", categories=[("new-on-items", "New on items")]),
        w.item(2, "Second again"),  # the same post twice: reported
        w.item(3, "Third", tags=[("fresh", "Fresh")]),
    )
    with CaptureQueriesContext(connection) as queries:
        report = WordPressImport(export, batch_size=50).run()

    assert report.counts["posts"] == {"imported": 3}
    assert report.counts["item"] == {"skipped": 1}
    assert report.counts["author"] == {"skipped": 1}
    assert any("comes twice" in line for line in report.skipped)
    assert any("without a login" in line for line in report.skipped)
    assert sorted(Article.objects.values_list("headline", flat=True)) == [
        "First",
        "Second",
        "Third",
    ]
    # The section and tag made in the first attempt were rolled back and made
    # again: one each, and the stories point at them.
    assert Article.objects.get(headline="Second").category.slug == "new-on-items"
    assert Article.objects.get(headline="Third").tags.get().slug == "fresh"
    assert report.counts["categories"] == {"imported": 2}  # and "uncategorized"
    assert report.counts["tags"] == {"imported": 1}
    assert ImportedItem.objects.filter(kind="post").count() == 3
    assert len(savepoints(queries)) >= 5  # the second attempt: one per item


def test_a_story_an_edited_export_updates_gets_a_revision(tmp_path):
    export = stories_export(tmp_path, posts=2)
    WordPressImport(export).run()
    export.write_text(export.read_text().replace("Story 2", "Story 2, corrected"))
    report = WordPressImport(export).run()
    assert report.counts["posts"] == {"unchanged": 1, "updated": 1}

    story = Article.objects.get(headline="Story 2, corrected")
    comments = [v.revision.comment for v in Version.objects.get_for_object(story)]
    assert comments == ["Updated from WordPress.", "Imported from WordPress."]
    latest = Version.objects.get_for_object(story)[0]
    assert latest.field_dict["headline"] == "Story 2, corrected"
    assert Version.objects.get_for_object(Article.objects.get(headline="Story 1"))
    assert (
        len(Version.objects.get_for_object(Article.objects.get(headline="Story 1")))
        == 1
    )
