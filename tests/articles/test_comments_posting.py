"""Leaving a reply: threading, approval, closing and the pending-comment cookie."""

import re

import pytest
import time_machine
from django.test import Client
from django.utils import timezone

from articles.comments.signing import PENDING_COOKIE
from articles.models import Article, Comment
from tests.articles.commenting import (
    comment_data,
    confirmed_in_this_browser,
    post_comment,
)
from tests.factories import ArticleFactory, CommentFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def article():
    return ArticleFactory()


def test_a_first_comment_waits_and_only_its_author_sees_it(client, article):
    response = post_comment(client, article)

    comment = Comment.objects.get()
    assert comment.status == Comment.Status.PENDING
    assert response.status_code == 302
    assert response["Location"] == f"{article.get_absolute_url()}#comment-{comment.pk}"
    assert PENDING_COOKIE in response.cookies

    own_view = client.get(article.get_absolute_url()).content.decode()
    assert f'id="comment-{comment.pk}"' in own_view
    assert "waiting for moderation" in own_view
    assert "Sunset Harbour floods" in own_view

    client.cookies.clear()
    others_view = client.get(article.get_absolute_url()).content.decode()
    assert "Sunset Harbour floods" not in others_view
    assert "No comments yet." in others_view


def test_a_forged_pending_cookie_shows_nothing(client, article):
    waiting = CommentFactory(article=article, status=Comment.Status.PENDING)
    client.cookies[PENDING_COOKIE] = f"{waiting.pk}:forged"

    html = client.get(article.get_absolute_url()).content.decode()

    assert f'id="comment-{waiting.pk}"' not in html


def test_an_address_with_an_approved_comment_is_approved_at_once(client, article):
    CommentFactory(email="rosa@example.com", status=Comment.Status.APPROVED)
    confirmed_in_this_browser(client, "rosa@example.com")

    response = post_comment(client, article, email="Rosa@Example.com")

    comment = Comment.objects.get(article=article)
    assert comment.status == Comment.Status.APPROVED
    assert PENDING_COOKIE not in response.cookies
    html = client.get(article.get_absolute_url()).content.decode()
    assert "Sunset Harbour floods" in html
    assert "1 comment" in html


def test_pending_or_spam_history_does_not_earn_trust(client, article):
    CommentFactory(email="rosa@example.com", status=Comment.Status.PENDING)
    CommentFactory(email="rosa@example.com", status=Comment.Status.SPAM)

    post_comment(client, article)

    assert Comment.objects.get(article=article).status == Comment.Status.PENDING


def test_a_moderated_story_holds_even_trusted_commenters(client):
    article = ArticleFactory(comments=Article.Comments.MODERATED)
    CommentFactory(email="rosa@example.com", status=Comment.Status.APPROVED)

    html = client.get(article.get_absolute_url()).text
    assert "Every comment on this story waits for a moderator." in html
    post_comment(client, article)

    assert Comment.objects.get(article=article).status == Comment.Status.PENDING


def test_logged_in_staff_find_their_details_filled_in_and_are_approved(
    client, article, django_user_model
):
    editor = django_user_model.objects.create_user(
        "elena",
        email="elena@miamicurrent.example",
        first_name="Elena",
        last_name="Márquez",
        is_staff=True,
    )
    client.force_login(editor)

    html = client.get(article.get_absolute_url()).content.decode()
    assert 'value="Elena Márquez"' in html
    assert 'value="elena@miamicurrent.example"' in html

    post_comment(client, article, name="Elena Márquez", email=editor.email)
    assert Comment.objects.get().status == Comment.Status.APPROVED


def test_replies_sit_under_their_parent_in_order(client, article):
    first = CommentFactory(article=article, body="First.")
    second = CommentFactory(article=article, body="Second.")
    CommentFactory(email="tom@example.com")
    post_comment(client, article, parent=first.pk, email="tom@example.com", body="A.")
    post_comment(client, article, parent=first.pk, email="tom@example.com", body="B.")

    html = client.get(article.get_absolute_url()).content.decode()

    positions = [html.index(f"<p>{text}</p>") for text in ("First.", "A.", "B.")]
    assert positions == sorted(positions)
    assert html.index("<p>B.</p>") < html.index("<p>Second.</p>")
    reply_a = Comment.objects.get(body="A.")
    assert (reply_a.parent, reply_a.depth) == (first, 1)
    assert second.replies.count() == 0


def test_replies_past_the_depth_limit_attach_to_the_deepest_allowed_level(
    client, article, settings
):
    settings.COMMENTS_MAX_DEPTH = 3
    top = CommentFactory(article=article)
    middle = CommentFactory(article=article, parent=top)
    deepest = CommentFactory(article=article, parent=middle)
    CommentFactory(email="tom@example.com")

    post_comment(client, article, parent=deepest.pk, email="tom@example.com")

    reply = Comment.objects.get(email="tom@example.com", article=article)
    assert (deepest.depth, reply.depth, reply.parent) == (2, 2, middle)


def test_a_reply_page_works_without_javascript(client, article):
    parent = CommentFactory(article=article, name="Tom Becker", body="Who pays?")

    html = client.get(article.get_absolute_url()).content.decode()
    reply_url = f"/comments/{article.pk}/reply-to/{parent.pk}/"
    assert f'href="{reply_url}#respond"' in html

    page = client.get(reply_url)
    assert page.status_code == 200
    assert "Reply to Tom Becker" in page.content.decode()
    assert f'name="parent" value="{parent.pk}"' in page.content.decode()
    # One form per comment is no page for search engines; the story is.
    assert '<meta name="robots" content="noindex, follow">' in page.text


def test_replying_to_a_comment_that_is_not_shown_is_refused(client, article):
    spam = CommentFactory(article=article, status=Comment.Status.SPAM)

    response = post_comment(client, article, parent=spam.pk)

    assert response.status_code == 400
    assert "no longer on the page" in response.content.decode()
    assert Comment.objects.count() == 1
    assert client.get(f"/comments/{article.pk}/reply-to/{spam.pk}/").status_code == 404


def test_a_form_error_keeps_the_readers_text(client, article):
    response = post_comment(client, article, email="not an address")

    assert response.status_code == 400
    html = response.content.decode()
    assert "Enter a valid e-mail address, such as name@example.com." in html
    assert "Sunset Harbour floods every October." in html
    assert not Comment.objects.exists()


def test_the_consent_line_is_required(client, article):
    response = post_comment(client, article, consent="")

    assert response.status_code == 400
    assert "Tick the box so we may store and show your comment." in response.text
    assert not Comment.objects.exists()


def test_comments_closed_by_the_editor(client):
    article = ArticleFactory(comments=Article.Comments.CLOSED)

    html = client.get(article.get_absolute_url()).content.decode()
    assert "Comments are closed on this story." in html
    assert 'id="respond"' not in html

    response = post_comment(client, article)
    assert response.status_code == 403
    assert not Comment.objects.exists()


def test_comments_close_by_themselves_after_the_set_number_of_days(client, settings):
    settings.COMMENTS_CLOSE_AFTER_DAYS = 30
    article = ArticleFactory(publish_at=timezone.now() - timezone.timedelta(days=29))

    assert 'id="respond"' in client.get(article.get_absolute_url()).content.decode()
    assert post_comment(client, article).status_code == 302

    with time_machine.travel(timezone.now() + timezone.timedelta(days=2)):
        html = client.get(article.get_absolute_url()).content.decode()
        assert "Comments are closed on this story." in html
        assert post_comment(client, article, body="Too late.").status_code == 403
    assert Comment.objects.count() == 1


def test_no_closing_age_when_the_setting_is_zero(client, settings):
    settings.COMMENTS_CLOSE_AFTER_DAYS = 0
    article = ArticleFactory(publish_at=timezone.now() - timezone.timedelta(days=900))

    assert post_comment(client, article).status_code == 302


def test_unpublished_stories_take_no_comments(client):
    draft = ArticleFactory(status=Article.Status.DRAFT)

    assert post_comment(client, draft).status_code == 404


def test_posting_a_comment_updates_the_cached_article_page(client, article):
    """Anonymous readers get the page from the cache (issue 5); an approved comment
    must appear for them at once, through the same client a reader uses."""
    CommentFactory(email="rosa@example.com")
    confirmed_in_this_browser(client, "rosa@example.com")
    before = client.get(article.get_absolute_url()).content.decode()
    assert "Sunset Harbour floods" not in before

    post_comment(client, article)
    client.cookies.clear()

    after = client.get(article.get_absolute_url()).content.decode()
    assert "Sunset Harbour floods" in after
    assert "1 comment" in after


def test_a_tampered_reply_field_is_a_clear_400(client, article):
    response = post_comment(client, article, parent="1 OR 1=1")

    assert response.status_code == 400
    assert "Enter a whole number." in response.content.decode()
    assert not Comment.objects.exists()


def test_the_form_works_from_a_page_cached_for_everyone(article):
    """The form carries no per-reader token: a copy served from the cache to a
    stranger, minutes later, still posts (same-origin, as browsers send it)."""
    cached_html = Client().get(article.get_absolute_url()).content.decode()
    form = re.search(r'<form class="comment-form".*?</form>', cached_html, re.S)[0]
    assert "csrfmiddlewaretoken" not in form
    issued = re.search(r'name="issued" value="([^"]+)"', form)[1]

    stranger = Client(enforce_csrf_checks=True)
    with time_machine.travel(timezone.now() + timezone.timedelta(minutes=5)):
        response = stranger.post(
            f"/comments/{article.pk}/",
            comment_data(issued=issued),
            headers={"Origin": "http://testserver", "Sec-Fetch-Site": "same-origin"},
        )

    assert response.status_code == 302
    assert Comment.objects.get().name == "Rosa Delgado"


def test_a_name_is_kept_to_one_line(client, article):
    post_comment(client, article, name="Rosa\r\nBcc: everyone@example.com")

    assert Comment.objects.get().name == "Rosa Bcc: everyone@example.com"
