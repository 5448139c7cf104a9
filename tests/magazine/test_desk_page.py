"""The desk page (admin index): what waits, as counts with links, in a fixed
number of queries however much there is."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from articles.models import Article, Author, Comment
from magazine.site.desk import desk_summary
from newsletter.models import Delivery, Edition
from tests.articles.admin_helpers import staff
from tests.factories import ArticleFactory, AuthorFactory, CommentFactory
from tests.helpers import sign_in
from tests.newsletter.factories import EditionFactory, SubscriberFactory

pytestmark = pytest.mark.django_db


def desk(client) -> dict[str, tuple[int, str]]:
    rows = client.get("/admin/").context["desk_rows"]
    return {str(row.label): (row.count, row.url) for row in rows}


def fill_the_desk(editor, n: int) -> None:
    now = timezone.now()
    mine = Author.objects.filter(user=editor).first() or AuthorFactory(user=editor)
    for _ in range(n):
        ArticleFactory(status=Article.Status.IN_REVIEW)
        ArticleFactory(status=Article.Status.DRAFT, authors=[mine])
        ArticleFactory(status=Article.Status.DRAFT)  # someone else's
        ArticleFactory(publish_at=now + timedelta(hours=3))
        ArticleFactory(publish_at=now + timedelta(days=4))  # later on
        CommentFactory(status=Comment.Status.PENDING)
        sending = EditionFactory(status=Edition.Status.SENDING)
        Delivery.objects.create(
            edition=sending,
            subscriber=SubscriberFactory(),
            status=Delivery.Status.FAILED,
        )


def test_the_desk_counts_what_waits_and_links_to_it(client):
    editor = staff("eddie", "Editors")
    sign_in(client, editor)
    fill_the_desk(editor, 2)

    rows = desk(client)

    assert rows["Stories in review"] == (2, "/admin/articles/article/?status=review")
    assert rows["My drafts"][0] == 2
    assert rows["Scheduled today and tomorrow"] == (
        2,
        "/admin/articles/article/calendar/",
    )
    assert rows["Comments waiting"][0] == 2
    assert rows["Editions sending"][0] == 2
    assert rows["Editions with failed sends"][0] == 2
    for _count, url in rows.values():
        assert client.get(url).status_code == 200


def test_the_desk_takes_the_same_queries_for_one_or_many(client):
    editor = staff("eddie", "Editors")
    sign_in(client, editor)
    fill_the_desk(editor, 1)
    client.get("/admin/")  # warm the session and content types
    with CaptureQueriesContext(connection) as one:
        client.get("/admin/")
    fill_the_desk(editor, 5)
    with CaptureQueriesContext(connection) as many:
        client.get("/admin/")
    assert len(many) == len(one)


def test_the_desk_page_and_its_counts_have_a_pinned_number_of_queries(
    client, django_assert_num_queries
):
    editor = staff("eddie", "Editors")
    sign_in(client, editor)
    fill_the_desk(editor, 2)
    client.get("/admin/")  # warm the session and content types

    # session, user, permissions (2), the three counts, the recent-actions box
    with django_assert_num_queries(8):
        client.get("/admin/")
    editor.get_all_permissions()  # as the page's request has them by then
    with django_assert_num_queries(3):  # stories, comments, editions
        desk_summary(editor)


def test_a_contributor_sees_only_their_own_stories_counted(client):
    writer = staff("casey", "Contributors")
    sign_in(client, writer)
    ArticleFactory(status=Article.Status.IN_REVIEW, created_by=writer)
    ArticleFactory(status=Article.Status.IN_REVIEW)
    ArticleFactory(status=Article.Status.DRAFT, created_by=writer)

    rows = desk(client)

    assert rows["Stories in review"][0] == 1
    assert rows["My drafts"][0] == 1
    assert "Editions sending" not in rows
