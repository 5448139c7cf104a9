"""The moderation queue: editors clear waiting comments in a few clicks."""

import pytest

from articles.models import Blocked, Comment
from tests.factories import ArticleFactory, CommentFactory

pytestmark = pytest.mark.django_db

QUEUE = "/admin/articles/comment/"


def test_the_queue_opens_on_waiting_comments_with_their_article(admin_client):
    article = ArticleFactory(headline="Seawall plan approved")
    CommentFactory(article=article, body="Waiting here.", status="pending")
    CommentFactory(article=article, body="Already live.", status="approved")

    html = admin_client.get(QUEUE).content.decode()

    assert "Waiting here." in html
    assert "Already live." not in html
    assert f'href="{article.get_absolute_url()}#comment-' in html
    assert "Seawall plan approved" in html
    everything = admin_client.get(QUEUE, {"status": "all"}).content.decode()
    assert "Waiting here." in everything
    assert "Already live." in everything
    spam_only = admin_client.get(QUEUE, {"status": "spam"}).content.decode()
    assert "Waiting here." not in spam_only


def test_the_queue_costs_the_same_queries_for_50_comments_as_for_5(
    admin_client, django_assert_max_num_queries
):
    CommentFactory.create_batch(5, status="pending")
    admin_client.get(QUEUE)
    with django_assert_max_num_queries(12) as few:
        admin_client.get(QUEUE)
    CommentFactory.create_batch(45, status="pending")
    with django_assert_max_num_queries(len(few)):
        admin_client.get(QUEUE)


@pytest.mark.parametrize(
    ("action", "status"), [("approve", "approved"), ("mark_spam", "spam")]
)
def test_bulk_actions(admin_client, action, status):
    chosen = CommentFactory.create_batch(3, status="pending")
    untouched = CommentFactory(status="pending")

    response = admin_client.post(
        QUEUE, {"action": action, "_selected_action": [c.pk for c in chosen]}
    )

    assert response.status_code == 302
    assert set(Comment.objects.filter(status=status)) == set(chosen)
    untouched.refresh_from_db()
    assert untouched.status == "pending"


def test_bulk_delete(admin_client):
    chosen = CommentFactory.create_batch(2, status="spam")
    kept = CommentFactory(status="spam")

    admin_client.post(
        f"{QUEUE}?status=spam",  # where the editor is: the spam filter
        {
            "action": "delete_selected",
            "_selected_action": [c.pk for c in chosen],
            "post": "yes",
        },
    )

    assert list(Comment.objects.all()) == [kept]


def test_editors_add_to_the_blocklist_and_bad_ranges_are_refused(admin_client):
    response = admin_client.post(
        "/admin/articles/blocked/add/", {"kind": "network", "value": "10.0.0.300/8"}
    )
    assert response.status_code == 200
    assert "Enter an IP address or a range" in response.content.decode()

    admin_client.post(
        "/admin/articles/blocked/add/", {"kind": "network", "value": "203.0.113.9/24"}
    )
    assert Blocked.objects.get().value == "203.0.113.0/24"


@pytest.mark.parametrize("term", ["rosa", "198.51.100.4"])
def test_the_queue_searches_names_addresses_text_and_ips(admin_client, term):
    CommentFactory(name="Rosa", ip_address="198.51.100.4", status="pending")
    CommentFactory(name="Tom", ip_address="203.0.113.1", status="pending")

    html = admin_client.get(QUEUE, {"q": term}).content.decode()

    assert "Rosa" in html
    assert "Tom" not in html


def test_moderation_changes_what_readers_see_at_once(client, admin_client):
    """Through the reader's client, so the cached page (issue 5) is covered too."""
    waiting = CommentFactory(body="Worth reading.", status="pending")
    page = waiting.article.get_absolute_url()
    assert "Worth reading." not in client.get(page).content.decode()

    admin_client.post(QUEUE, {"action": "approve", "_selected_action": [waiting.pk]})
    assert "Worth reading." in client.get(page).content.decode()

    admin_client.post(
        f"{QUEUE}?status=approved",
        {"action": "mark_spam", "_selected_action": [waiting.pk]},
    )
    assert "Worth reading." not in client.get(page).content.decode()


def test_a_comments_page_is_titled_by_its_author_and_words(admin_client):
    comment = CommentFactory(
        name="Rosa Delgado",
        body="Finally. Our street in Sunset Harbour floods every October and nobody "
        "seemed to care.",
        ip_address="203.0.113.9",
    )

    html = admin_client.get(f"{QUEUE}{comment.pk}/change/").text

    assert (
        "<h2>Rosa Delgado: Finally. Our street in Sunset Harbour floods ever…</h2>"
        in (html)
    )
    assert ">IP address:</label>" in html
