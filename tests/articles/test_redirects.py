"""Old URLs keep working: a permanent redirect when a story or section moves."""

import pytest
from django.contrib.redirects.models import Redirect
from django.utils import translation

from articles.models import Article
from tests.factories import ArticleFactory, CategoryFactory

pytestmark = pytest.mark.django_db


def test_a_published_story_renamed_redirects_permanently(client):
    story = ArticleFactory(slug="seawall-vote")
    old_url = story.get_absolute_url()

    story.slug = "seawall-vote-passes"
    story.save()

    response = client.get(old_url)
    assert response.status_code == 301
    assert response["Location"] == story.get_absolute_url()
    assert client.get(response["Location"]).status_code == 200


def test_moving_a_story_to_another_section_redirects():
    story = ArticleFactory(slug="sailfish")
    old_url = story.get_absolute_url()

    story.category = CategoryFactory(slug="boats")
    story.save()

    assert Redirect.objects.get(old_path=old_url).new_path == "/boats/sailfish/"


def test_chains_collapse_and_moving_back_leaves_no_loop():
    story = ArticleFactory(slug="a")
    url_a = story.get_absolute_url()
    for slug in ("b", "c"):
        story.slug = slug
        story.save()
    url_b, url_c = url_a.replace("/a/", "/b/"), story.get_absolute_url()

    assert dict(Redirect.objects.values_list("old_path", "new_path")) == {
        url_a: url_c,
        url_b: url_c,
    }

    story.slug = "a"
    story.save()
    assert dict(Redirect.objects.values_list("old_path", "new_path")) == {
        url_b: url_a,
        url_c: url_a,
    }


def test_drafts_leave_no_redirects_behind():
    draft = ArticleFactory(status=Article.Status.DRAFT)
    draft.slug = "renamed-draft"
    draft.save()
    assert not Redirect.objects.exists()


def test_moving_a_section_redirects_it_its_subsections_and_their_stories(client):
    news = CategoryFactory(slug="news", name="News")
    headlines = CategoryFactory(parent=news, slug="headlines", name="Headlines")
    story = ArticleFactory(category=headlines, slug="tides")
    draft = ArticleFactory(
        category=headlines, slug="unfinished", status=Article.Status.DRAFT
    )
    local = CategoryFactory(slug="local", name="Local")

    headlines.parent = local
    headlines.save()

    assert client.get("/news/headlines/").headers["Location"] == "/local/headlines/"
    response = client.get("/news/headlines/tides/")
    assert response.status_code == 301
    assert response["Location"] == story.get_absolute_url() == "/local/headlines/tides/"
    assert client.get(response["Location"]).status_code == 200
    assert not Redirect.objects.filter(new_path=draft.get_absolute_url()).exists()


def test_renaming_a_parent_collapses_earlier_redirects_into_it(client):
    news = CategoryFactory(slug="news")
    story = ArticleFactory(category=news, slug="first")
    story.slug = "first-take"
    story.save()

    news.slug = "latest"
    news.save()

    assert client.get("/news/first/")["Location"] == "/latest/first-take/"
    assert client.get("/news/first-take/")["Location"] == "/latest/first-take/"
    assert client.get("/news/")["Location"] == "/latest/"


@pytest.fixture
def spanish_branch():
    """News › Headlines (Noticias › Titulares), a story in each edition, and a
    Local (Locales) section to move Headlines into."""
    news = CategoryFactory(slug="news", name="News", slug_es="noticias")
    headlines = CategoryFactory(
        parent=news, slug="headlines", name="Headlines", slug_es="titulares"
    )
    english = ArticleFactory(category=headlines, slug="tides")
    spanish = ArticleFactory(category=headlines, slug="mareas", language="es")
    local = CategoryFactory(slug="local", name="Local", slug_es="locales")
    return headlines, local, english, spanish


def test_moving_a_section_redirects_its_spanish_addresses_too(client, spanish_branch):
    headlines, local, _english, spanish = spanish_branch
    assert spanish.get_absolute_url() == "/es/noticias/titulares/mareas/"

    headlines.parent = local
    with translation.override("es"):  # an editor whose admin is in Spanish
        headlines.save()

    redirects = dict(Redirect.objects.values_list("old_path", "new_path"))
    assert redirects == {
        "/news/headlines/": "/local/headlines/",
        "/es/noticias/titulares/": "/es/locales/titulares/",
        "/news/headlines/tides/": "/local/headlines/tides/",
        "/es/noticias/titulares/mareas/": "/es/locales/titulares/mareas/",
    }
    response = client.get("/es/noticias/titulares/mareas/")
    assert response.status_code == 301
    assert response["Location"] == spanish.get_absolute_url()
    assert client.get(response["Location"]).status_code == 200
    assert client.get("/es/noticias/titulares/")["Location"] == "/es/locales/titulares/"


def test_a_new_spanish_slug_redirects_the_spanish_addresses_only(
    client, spanish_branch
):
    headlines, _local, english, spanish = spanish_branch

    headlines.slug_es = "portada"
    headlines.save()

    assert dict(Redirect.objects.values_list("old_path", "new_path")) == {
        "/es/noticias/titulares/": "/es/noticias/portada/",
        "/es/noticias/titulares/mareas/": "/es/noticias/portada/mareas/",
    }
    assert client.get(english.get_absolute_url()).status_code == 200
    assert client.get("/es/noticias/titulares/mareas/")["Location"] == (
        spanish.get_absolute_url()
    )
