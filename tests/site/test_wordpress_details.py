"""The WordPress import's details: ``/?author=ID``, scheduled pages, and a
reply's depth when its parent came in an earlier run."""

import datetime as dt

import pytest
import time_machine

from articles.models import Author, Comment
from magazine import cache as page_cache
from magazine.site.models import ImportedItem, Page
from magazine.site.wordpress.importer import WordPressImport
from tests.site import wxr_builder as w

pytestmark = pytest.mark.django_db


def location(client, url):
    response = client.get(url)
    assert response.status_code == 301, url
    return response["Location"]


def test_a_numeric_author_id_redirects_to_the_authors_page(client, tmp_path):
    export = w.export(
        tmp_path / "export.xml",
        w.author("jdoe", "Jane Doe", wp_id=7),
        w.author("mroe", "Mark Roe", wp_id=8),
        w.item(1, "Story", creator="jdoe"),
    )
    WordPressImport(export).run()

    assert location(client, "/?author=7") == "/author/jdoe/"
    assert location(client, "/?author=8") == "/author/mroe/"
    assert location(client, "/?author=99") == "/"  # unknown: the home page
    assert location(client, "/?author=x") == "/"


def test_an_author_imported_before_the_id_was_kept_gets_it(client, tmp_path):
    export = w.export(
        tmp_path / "export.xml",
        w.author("jdoe", "Jane Doe", wp_id=7),
        w.item(1, "Story", creator="jdoe"),
    )
    WordPressImport(export).run()
    ImportedItem.objects.filter(kind="author").update(custom_fields={})
    assert location(client, "/?author=7") == "/"

    report = WordPressImport(export).run()
    assert report.counts["authors"] == {"unchanged": 1}
    assert location(client, "/?author=7") == "/author/jdoe/"
    assert Author.objects.count() == 1


def test_a_scheduled_page_keeps_its_time_and_goes_public_then(client, tmp_path):
    export = w.export(
        tmp_path / "export.xml",
        w.item(
            20,
            "Summer issue",
            post_type="page",
            status="future",
            name="summer",
            date="2099-06-01 09:00:00",
        ),
        w.item(21, "About", post_type="page", name="about-us"),
    )
    WordPressImport(export).run()
    page = Page.objects.get(slug="summer")
    launch = dt.datetime(2099, 6, 1, 9, tzinfo=dt.UTC)
    assert page.status == Page.Status.PUBLISHED
    assert page.publish_at == launch
    assert Page.objects.get(slug="about-us").publish_at is None

    assert client.get("/summer/").status_code == 404
    assert client.get("/about-us/").status_code == 200
    assert location(client, "/?page_id=20") == "/"  # not public yet
    # No cached page outlives the moment it goes live.
    assert page_cache.next_change_at() == launch

    with time_machine.travel(launch + dt.timedelta(minutes=1), tick=False):
        assert client.get("/summer/").status_code == 200
        assert location(client, "/?page_id=20") == "/summer/"
        assert list(Page.objects.published().order_by("slug")) == [
            Page.objects.get(slug="about-us"),
            page,
        ]


def test_a_locked_scheduled_page_stays_a_draft(tmp_path):
    export = w.export(
        tmp_path / "export.xml",
        w.item(
            20,
            "Members",
            post_type="page",
            status="future",
            password="secret",
            date="2099-06-01 09:00:00",
        ),
    )
    WordPressImport(export).run()
    page = Page.objects.get()
    assert page.status == Page.Status.DRAFT
    assert page.publish_at is None


def thread(tmp_path, *comments):
    return w.export(tmp_path / "export.xml", w.item(1, "Story", comments=comments))


def test_a_replys_depth_holds_when_its_parent_came_in_an_earlier_run(tmp_path):
    WordPressImport(
        thread(
            tmp_path,
            w.comment(100, "Top"),
            w.comment(101, "Reply", parent=100),
            w.comment(102, "Reply to the reply", parent=101),
        )
    ).run()
    top = Comment.objects.get(body="Top")

    # The top comment was binned in WordPress since: it is skipped now, and
    # the replies below it keep their place in the thread we hold.
    report = WordPressImport(
        thread(
            tmp_path,
            w.comment(100, "Top", approved="trash"),
            w.comment(101, "Reply, edited", parent=100),
            w.comment(102, "Reply to the reply", parent=101),
        )
    ).run()
    assert report.counts["comments"]["updated"] == 2
    reply = Comment.objects.get(body="Reply, edited")
    assert (reply.parent_id, reply.depth) == (top.pk, 1)
    deeper = Comment.objects.get(body="Reply to the reply")
    assert (deeper.parent_id, deeper.depth) == (reply.pk, 2)


def test_a_reply_to_a_comment_deleted_here_becomes_a_top_comment(tmp_path):
    WordPressImport(
        thread(tmp_path, w.comment(100, "Top"), w.comment(101, "Reply", parent=100))
    ).run()
    Comment.objects.filter(body="Top").update(parent=None)
    Comment.objects.filter(body="Reply").update(parent=None)
    Comment.objects.filter(body="Top").delete()  # a moderator removed it here

    WordPressImport(
        thread(
            tmp_path,
            w.comment(100, "Top", approved="trash"),
            w.comment(101, "Reply, edited", parent=100),
        )
    ).run()
    reply = Comment.objects.get()
    assert (reply.body, reply.parent_id, reply.depth) == ("Reply, edited", None, 0)
