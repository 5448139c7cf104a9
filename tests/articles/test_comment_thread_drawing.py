"""A story's comment thread is drawn once per process and kept by everything
it shows (issue 18): any change to a comment or a reply draws it anew."""

from datetime import timedelta

import pytest
from django.template.loader import render_to_string
from django.utils import translation

from articles.comments.thread import build_thread
from articles.models import Comment
from articles.templatetags.comments import drawn_thread
from tests.factories import ArticleFactory, CommentFactory

pytestmark = pytest.mark.django_db


def thread_of(article) -> list[Comment]:
    return build_thread(
        Comment.objects.filter(article=article)
        .exclude(status=Comment.Status.SPAM)
        .thread_fields()
    )


def fresh(thread, *, is_open) -> str:
    return render_to_string(
        "articles/comments/thread.html", {"comments": thread, "open": is_open}
    )


def test_a_thread_is_drawn_once_while_nothing_it_shows_changes():
    article = ArticleFactory()
    first = CommentFactory(article=article)
    CommentFactory(article=article, parent=first)
    drawn = drawn_thread(thread_of(article), is_open=True)
    assert drawn == fresh(thread_of(article), is_open=True)
    assert drawn_thread(thread_of(article), is_open=True) is drawn
    # Closed, or in Spanish, it is another drawing.
    assert drawn_thread(thread_of(article), is_open=False) is not drawn
    with translation.override("es"):
        assert drawn_thread(thread_of(article), is_open=True) is not drawn


def rename(comment):
    comment.name = "Another & name"


def website(comment):
    comment.website = "https://example.com/blog"


def body(comment):
    comment.body = "Changed <em>words</em>"


def remove(comment):
    comment.status = Comment.Status.REMOVED


def redate(comment):
    comment.created_at -= timedelta(minutes=5)


@pytest.mark.parametrize("change", [rename, website, body, remove, redate])
@pytest.mark.parametrize("which", ["first", "reply"])
def test_any_change_to_a_comment_or_a_reply_draws_the_thread_anew(change, which):
    article = ArticleFactory()
    first = CommentFactory(article=article)
    reply = CommentFactory(article=article, parent=first)
    CommentFactory(article=article, parent=reply)
    drawn_thread(thread_of(article), is_open=True)
    comment = first if which == "first" else reply
    change(comment)
    comment.save()
    assert drawn_thread(thread_of(article), is_open=True) == fresh(
        thread_of(article), is_open=True
    )


def test_a_new_reply_or_a_hidden_one_draws_the_thread_anew():
    article = ArticleFactory()
    first = CommentFactory(article=article)
    before = drawn_thread(thread_of(article), is_open=True)
    reply = CommentFactory(article=article, parent=first, name="Replier")
    with_reply = drawn_thread(thread_of(article), is_open=True)
    assert "Replier" in with_reply
    assert "Replier" not in before
    reply.status = Comment.Status.SPAM
    reply.save()
    assert drawn_thread(thread_of(article), is_open=True) == before
