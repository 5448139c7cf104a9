"""Any version of a story as readers would have seen it: the reader's page,
marked as a preview of version N, for staff who may see the story only, never
cached or indexed."""

import re

import pytest
from django.test import Client
from reversion.models import Version

from articles.models import Article
from tests.articles.admin_helpers import article_form_data, staff
from tests.factories import ArticleFactory
from tests.helpers import sign_in

pytestmark = pytest.mark.django_db


def edit(client, article, **changes):
    story = Article.objects.get(pk=article.pk)
    response = client.post(
        f"/admin/articles/article/{article.pk}/change/",
        article_form_data(story, **changes),
    )
    assert response.status_code == 302


def preview_url(article, version):
    return f"/admin/articles/article/{article.pk}/history/{version.pk}/preview/"


def test_a_chosen_version_is_shown_on_the_readers_page_marked_as_such(client, editor):
    article = ArticleFactory(status=Article.Status.DRAFT)
    edit(client, article, headline="Seawall vote passes", body="<p>Came late.</p>")
    edit(client, article, headline="Seawall vote fails", body="<p>Came early.</p>")
    newer, first = Version.objects.get_for_object(article)

    response = client.get(preview_url(article, first))

    assert response.status_code == 200
    assert "articles/article_detail.html" in [t.name for t in response.templates]
    assert re.search(r"<h1[^>]*>\s*Seawall vote passes\s*</h1>", response.text)
    assert "<p>Came late.</p>" in response.text
    assert "Seawall vote fails" not in response.text
    assert "Preview of <strong>version 1</strong> of this story" in response.text
    assert '<meta name="robots" content="noindex, nofollow">' in response.text
    assert "no-store" in response["Cache-Control"]
    assert response["X-Robots-Tag"] == "noindex, nofollow"
    article.refresh_from_db()
    assert article.headline == "Seawall vote fails"  # nothing saved

    history = client.get(f"/admin/articles/article/{article.pk}/history/")
    assert f'href="{preview_url(article, newer)}"' in history.text
    compare = client.get(f"/admin/articles/article/{article.pk}/history/compare/")
    assert f'href="{preview_url(article, first)}"' in compare.text


def test_only_staff_who_may_see_the_story_preview_its_versions(client, editor):
    article = ArticleFactory(headline="Desk draft", status=Article.Status.DRAFT)
    edit(client, article, headline="Desk draft, edited")
    version = Version.objects.get_for_object(article).first()
    other = ArticleFactory(status=Article.Status.DRAFT)
    edit(client, other, headline="Another story")
    others_version = Version.objects.get_for_object(other).first()

    assert client.get(preview_url(article, others_version)).status_code == 404
    contributor = Client()
    sign_in(contributor, staff("casey", "Contributors"))
    assert contributor.get(preview_url(article, version)).status_code == 403
    stranger = Client().get(preview_url(article, version))
    assert stranger.status_code == 302
    assert "/admin/login/" in stranger["Location"]
