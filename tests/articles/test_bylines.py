"""The byline kept on each story: cards, feeds and the desk read it with the row."""

import pytest
import reversion
from django.core.management import call_command
from reversion.models import Version

from articles.models import Article, ArticleAuthor
from tests.factories import ArticleFactory, AuthorFactory

pytestmark = pytest.mark.django_db


def byline_of(article) -> str:
    return Article.objects.values_list("byline", flat=True).get(pk=article.pk)


def test_the_byline_follows_the_authors_in_the_editors_order():
    elena, sam = AuthorFactory(name="Elena Márquez"), AuthorFactory(name="Sam Ortiz")
    story = ArticleFactory(authors=[elena, sam])
    assert byline_of(story) == "Elena Márquez, Sam Ortiz"

    ArticleAuthor.objects.filter(article=story, author=elena).update(position=5)
    ArticleAuthor.objects.get(
        article=story, author=sam
    ).save()  # as the admin's inline does
    assert byline_of(story) == "Sam Ortiz, Elena Márquez"

    ArticleAuthor.objects.get(article=story, author=sam).delete()
    assert byline_of(story) == "Elena Márquez"


def test_adding_and_removing_authors_from_either_side_rewrites_bylines():
    ana, ben = AuthorFactory(name="Ana"), AuthorFactory(name="Ben")
    first, second = ArticleFactory(), ArticleFactory()

    first.authors.add(ana)
    ben.articles.add(first, second)
    assert {byline_of(first), byline_of(second)} == {"Ana, Ben", "Ben"}

    first.authors.remove(ana)
    assert byline_of(first) == "Ben"
    ben.articles.clear()
    assert (byline_of(first), byline_of(second)) == ("", "")
    second.authors.set([ana])
    assert byline_of(second) == "Ana"


def test_renaming_an_author_rewrites_every_byline_and_card(client, settings):
    settings.PAGE_CACHE_SECONDS = 0
    author = AuthorFactory(name="Jill Lawless")
    stories = ArticleFactory.create_batch(3, authors=[author])

    author.name = "Jill Lawless-Kirka"
    author.save()

    assert {byline_of(story) for story in stories} == {"Jill Lawless-Kirka"}
    section = client.get(stories[0].category.get_absolute_url()).content.decode()
    assert "Jill Lawless-Kirka · <time" in section


def test_restoring_a_revision_restores_its_byline():
    elena, sam = AuthorFactory(name="Elena"), AuthorFactory(name="Sam")
    with reversion.create_revision():
        story = ArticleFactory(authors=[elena])
    with reversion.create_revision():
        ArticleAuthor.objects.filter(article=story).delete()
        ArticleAuthor.objects.create(article=story, author=sam)
        story.save()
    assert byline_of(story) == "Sam"

    Version.objects.get_for_object(story).last().revision.revert(delete=True)

    assert byline_of(story) == "Elena"


def test_the_demos_bulk_stories_carry_their_bylines():
    call_command("load_demo", articles=60)
    assert not Article.objects.filter(byline="", authors__isnull=False).exists()
    composed = Article.objects.filter(slug__contains="-n").first()
    assert composed.byline == composed.authors.get().name
