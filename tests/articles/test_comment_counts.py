"""The approved-comment count kept on each story, which cards and editions show."""

import pytest
import reversion
from reversion.models import Version

from articles.models import Article, Comment
from tests.factories import ArticleFactory, CommentFactory

pytestmark = pytest.mark.django_db


def count_of(article) -> int:
    return Article.objects.values_list("comment_count", flat=True).get(pk=article.pk)


def test_only_approved_comments_count_through_moderation_and_deletion():
    story = ArticleFactory()
    first = CommentFactory(article=story, status=Comment.Status.APPROVED)
    waiting = CommentFactory(article=story, status=Comment.Status.PENDING)
    assert count_of(story) == 1

    waiting.status = Comment.Status.APPROVED
    waiting.save()
    assert count_of(story) == 2

    first.status = Comment.Status.SPAM
    first.save()
    assert count_of(story) == 1

    Comment.objects.filter(article=story).delete()
    assert count_of(story) == 0


def test_an_editors_older_copy_never_undoes_a_newer_count():
    story = ArticleFactory()
    open_in_the_editor = Article.objects.get(pk=story.pk)
    CommentFactory(article=story, status=Comment.Status.APPROVED)

    open_in_the_editor.headline = "A sharper headline"
    open_in_the_editor.save()

    assert count_of(story) == 1
    assert Article.objects.get(pk=story.pk).headline == "A sharper headline"


def test_a_restored_revision_keeps_todays_count():
    with reversion.create_revision():
        story = ArticleFactory(headline="First words")
    CommentFactory.create_batch(2, article=story, status=Comment.Status.APPROVED)
    with reversion.create_revision():
        story.headline = "Second words"
        story.save()

    Version.objects.get_for_object(story).last().revision.revert()

    story.refresh_from_db()
    assert (story.headline, story.comment_count) == ("First words", 2)


def test_cards_show_the_count(client, settings):
    settings.PAGE_CACHE_SECONDS = 0
    story = ArticleFactory()
    CommentFactory.create_batch(3, article=story, status=Comment.Status.APPROVED)
    html = client.get(story.category.get_absolute_url()).content.decode()
    assert f'<a href="{story.get_absolute_url()}#comments">3 comments</a>' in html
