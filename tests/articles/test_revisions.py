"""Revisions you can read: a word diff between any two versions of a story."""

import pytest
from reversion.models import Version

from articles.models import Article
from tests.articles.admin_helpers import article_form_data, staff
from tests.factories import ArticleFactory
from tests.helpers import sign_in

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor(client):
    user = staff("eddie", "Editors")
    sign_in(client, user)
    return user


def edit(client, article, **changes):
    story = Article.objects.get(pk=article.pk)
    response = client.post(
        f"/admin/articles/article/{article.pk}/change/",
        article_form_data(story, **changes),
    )
    assert response.status_code == 302


def compare_url(article):
    return f"/admin/articles/article/{article.pk}/history/compare/"


def test_the_two_newest_versions_are_compared_word_by_word(client, editor):
    # A live story's edits wait as pending changes (test_live_changes.py).
    article = ArticleFactory(status=Article.Status.DRAFT)
    edit(
        client,
        article,
        headline="Seawall vote passes",
        body="<p>The vote came late.</p>",
    )
    edit(
        client,
        article,
        headline="Seawall vote fails",
        body="<p>The vote came early.</p>",
    )

    response = client.get(compare_url(article))

    assert response.status_code == 200
    assert "<del>passes</del>" in response.text
    assert "<ins>fails</ins>" in response.text
    assert "<del>late." in response.text
    assert "<ins>early." in response.text
    assert (
        "Compare versions"
        in client.get(f"/admin/articles/article/{article.pk}/change/").text
    )


def test_any_two_versions_can_be_chosen(client, editor):
    article = ArticleFactory(status=Article.Status.DRAFT)
    for headline in ("One headline", "Two headline", "Three headline"):
        edit(client, article, headline=headline)
    newest, _, oldest = Version.objects.get_for_object(article)

    response = client.get(
        compare_url(article), {"older": oldest.pk, "newer": newest.pk}
    )

    assert "<del>One </del>" in response.text
    assert "<ins>Three </ins>" in response.text
    restore = f"/admin/articles/article/{article.pk}/history/{oldest.pk}/"
    assert f'href="{restore}"' in response.text
    assert client.get(restore).status_code == 200  # the restore form, to save


def test_another_storys_version_is_refused_as_a_form_error(client, editor):
    article, other = ArticleFactory.create_batch(2, status=Article.Status.DRAFT)
    edit(client, article, headline="Mine")
    edit(client, other, headline="Theirs")
    theirs = Version.objects.get_for_object(other).first()

    response = client.get(
        compare_url(article), {"older": theirs.pk, "newer": theirs.pk}
    )

    assert response.status_code == 200
    assert "compare-versions__text" not in response.text  # no diff shown
    assert "Select a valid choice" in response.text


def test_contributors_cannot_compare_stories_they_cannot_see(client):
    sign_in(client, staff("casey", "Contributors"))
    article = ArticleFactory(status=Article.Status.DRAFT)

    assert client.get(compare_url(article)).status_code == 403
