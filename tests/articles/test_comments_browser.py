"""A reader comments and replies on a real article page in headless Chromium."""

import pytest

from articles.models import Comment
from tests.factories import ArticleFactory, CommentFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def fill(page, name, email, text):
    page.get_by_label("Name", exact=True).fill(name)
    page.get_by_label("E-mail (never shown)", exact=True).fill(email)
    page.get_by_label("Comment", exact=True).fill(text)
    page.get_by_label("Store my name").check()


def test_a_reader_posts_a_comment_and_a_reply(
    page, live_server, monkeypatch, screenshot
):
    monkeypatch.setattr("magazine.bots.FORM_MIN_SECONDS", 0)  # no 2 s wait per form
    article = ArticleFactory(headline="Seawall plan approved")
    tom = CommentFactory(article=article, name="Tom Becker", body="Who pays for this?")
    page.goto(live_server.url + article.get_absolute_url())

    fill(page, "Rosa Delgado", "rosa@example.com", "Finally.\nOur street floods.")
    page.get_by_role("button", name="Post comment").click()

    comment = Comment.objects.get(email="rosa@example.com")
    page.wait_for_url(f"**#comment-{comment.pk}")
    own = page.locator(f"#comment-{comment.pk}")
    assert "waiting for moderation" in own.inner_text()
    assert own.locator(".comment__body").inner_html() == (
        "<p>Finally.<br>Our street floods.</p>"
    )

    page.get_by_role("link", name="Reply to Tom Becker").click()
    assert page.get_by_role("heading", name="Reply to Tom Becker").is_visible()
    assert page.get_by_label("Name", exact=True).input_value() == ""
    fill(page, "Rosa Delgado", "rosa@example.com", "From the stormwater fee.")
    page.get_by_role("button", name="Post comment").click()

    reply = Comment.objects.get(body="From the stormwater fee.")
    assert reply.parent == tom
    page.wait_for_url(f"**#comment-{reply.pk}")
    nested = page.locator(f"#comment-{tom.pk} + .comment-thread #comment-{reply.pk}")
    assert nested.is_visible()
    assert "waiting for moderation" in nested.inner_text()
    screenshot(page, "comments-posted")
