"""The Spanish edition's content: stories in one language each, linked to
their translations; lists, feeds, sitemaps and search per language; the
desk's translate action and out-of-date marker (issue 15)."""

import pytest
from django.db import connection
from django.http import Http404
from django.test import RequestFactory
from django.utils import translation

from articles import search
from articles.feeds import LatestStories
from articles.models import Article, Category
from articles.models.listings import SectionCards, featured_cards
from articles.views.pages import alternates, category_or_article, latest_headlines
from magazine.site.sitemaps import ARTICLES_PER_SITEMAP
from tests.factories import ArticleFactory, AuthorFactory, CategoryFactory

pytestmark = pytest.mark.django_db
CHANGE_LIST = "/admin/articles/article/"


@pytest.fixture
def news():
    return CategoryFactory(
        name="News", slug="news", name_es="Noticias", slug_es="noticias"
    )


@pytest.fixture
def pair(news):
    original = ArticleFactory(
        category=news, slug="seawall-vote", headline="Seawall vote", is_featured=True
    )
    spanish = ArticleFactory(
        category=news,
        slug="votacion-malecon",
        headline="Votación del malecón",
        language="es",
        translation_of=original,
        translated_version=original.version,
        is_featured=True,
    )
    return original, spanish


def get(path: str, language: str):
    with translation.override(language):
        request = RequestFactory().get(f"/{path}/")
        return category_or_article(request, path)


def test_a_section_has_one_tree_and_an_address_per_language(news):
    child = CategoryFactory(
        parent=news,
        name="Headlines",
        slug="headlines",
        name_es="Titulares",
        slug_es="titulares",
    )
    plain = CategoryFactory(parent=news, name="Courts", slug="courts")
    assert (child.path_en, child.path_es) == ("news/headlines", "noticias/titulares")
    assert plain.path_es == "noticias/courts"  # no Spanish slug: the English one
    tree = Category.objects.tree()
    assert tree.get("noticias/titulares", "es") == child
    assert tree.get("news/headlines", "es") is None
    with translation.override("es"):
        assert child.name == "Titulares"
        assert plain.name == "Courts"  # no Spanish name: the English one
        assert tree.get("noticias/titulares") == child
        assert child.full_name == "Noticias › Titulares"


def test_lists_show_the_active_languages_edition(pair, news):
    original, spanish = pair
    assert [card.pk for card in SectionCards(news, "en")[0:10]] == [original.pk]
    assert [card.pk for card in SectionCards(news, "es")[0:10]] == [spanish.pk]
    with translation.override("es"):
        assert [card.pk for card in featured_cards(5)] == [spanish.pk]
        assert [story.pk for story in latest_headlines()] == [spanish.pk]
        assert list(Article.objects.published().in_language()) == [spanish]
        feed = [story.pk for story in LatestStories().items()]
    assert feed == [spanish.pk]
    assert [story.pk for story in latest_headlines("en")] == [original.pk]


def test_a_story_is_served_in_its_own_edition_only(pair):
    assert get("news/seawall-vote", "en").status_code == 200
    assert get("noticias/votacion-malecon", "es").status_code == 200
    with pytest.raises(Http404):
        get("news/votacion-malecon", "en")
    with pytest.raises(Http404):
        get("noticias/seawall-vote", "es")


def test_alternates_name_both_versions_of_a_linked_story(pair):
    original, spanish = pair
    both = alternates(original)
    assert both == alternates(spanish)
    assert both["en"].endswith("/news/seawall-vote/")
    assert both["es"].endswith("/noticias/votacion-malecon/")
    alone = ArticleFactory()
    assert alternates(alone)["es"] is None
    spanish.status = Article.Status.DRAFT
    spanish.save()
    assert alternates(original)["es"] is None  # a draft is no alternate


def test_an_empty_spanish_section_offers_the_english_one(news):
    ArticleFactory(category=news)
    response = get("noticias", "es")
    assert response.status_code == 200
    assert 'href="/news/" hreflang="en"' in response.content.decode()
    # The English section has stories: no notice (its hreflang links stay).
    assert 'hreflang="en" lang="en"' not in get("news", "en").content.decode()


def test_the_articles_sitemap_lists_alternates_for_linked_stories(client, pair):
    lonely = ArticleFactory()
    # A page holds an id range: the stories' pages, whatever ids earlier tests used.
    pages = {(story.pk - 1) // ARTICLES_PER_SITEMAP + 1 for story in (*pair, lonely)}
    body = "".join(
        client.get("/sitemap-articles.xml", {"p": page}).content.decode()
        for page in sorted(pages)
    )
    assert body.count('hreflang="es"') == 2  # on both versions
    assert body.count('hreflang="en"') == 2
    assert f"/{lonely.category.path}/{lonely.slug}/</loc><lastmod>" in body
    news = client.get("/sitemap-news.xml").content.decode()
    assert "<news:language>es</news:language>" in news
    assert "<news:language>en</news:language>" in news


def test_json_ld_gives_the_story_language(pair):
    from articles.structured_data import news_article

    assert news_article(pair[1], [])["inLanguage"] == "es"


def test_translate_carries_the_story_over_and_the_marker_follows_the_original(
    admin_client, news
):
    author = AuthorFactory()
    original = ArticleFactory(category=news, headline="Yacht show opens")
    original.tags.add("boats")
    original.articleauthor_set.create(author=author, position=0)

    response = admin_client.post(
        CHANGE_LIST, {"action": "translate", "_selected_action": [original.pk]}
    )

    draft = Article.objects.get(translation_of=original)
    assert response.status_code == 302
    assert response["Location"] == f"/admin/articles/article/{draft.pk}/change/"
    assert (draft.language, draft.status) == ("es", Article.Status.DRAFT)
    assert draft.category == news
    assert list(draft.tags.names()) == ["boats"]
    assert list(draft.authors.all()) == [author]
    assert not draft.is_out_of_date
    form = admin_client.get(response["Location"]).content.decode()
    assert "Yacht show opens" in form
    assert "out-of-date" not in form

    original.headline = "Yacht show opens with a record"
    original.save()
    draft.refresh_from_db()
    assert draft.is_out_of_date
    listed = admin_client.get(CHANGE_LIST, {"translation": "out-of-date"})
    assert [story.pk for story in listed.context["cl"].result_list] == [draft.pk]
    assert "out-of-date" in admin_client.get(response["Location"]).content.decode()

    admin_client.post(
        CHANGE_LIST, {"action": "mark_current", "_selected_action": [draft.pk]}
    )
    draft.refresh_from_db()
    assert not draft.is_out_of_date
    listed = admin_client.get(CHANGE_LIST, {"translation": "out-of-date"})
    assert list(listed.context["cl"].result_list) == []


def test_filters_for_language_and_stories_without_translation(admin_client, pair):
    _original, spanish = pair
    alone = ArticleFactory()

    def listed(**filters):
        response = admin_client.get(CHANGE_LIST, filters)
        return {story.pk for story in response.context["cl"].result_list}

    assert listed(language__exact="es") == {spanish.pk}
    assert listed(translation="none") == {alone.pk}


def test_translating_twice_opens_the_same_translation(admin_client, pair):
    original, spanish = pair
    for story in (original, spanish):
        response = admin_client.post(
            CHANGE_LIST, {"action": "translate", "_selected_action": [story.pk]}
        )
        assert response["Location"] == f"/admin/articles/article/{spanish.pk}/change/"
    assert Article.objects.count() == 2


@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="full-text search is PostgreSQL's"
)
def test_spanish_search_stems_and_folds_accents(news):
    yacht = ArticleFactory(
        category=news, language="es", headline="El yate más grande de la bahía"
    )
    ArticleFactory(category=news, headline="The biggest yacht on the bay")
    with translation.override("es"):
        assert [story.pk for story in search.search_articles("yates")] == [yacht.pk]
        assert [story.pk for story in search.search_articles("bahia")] == [yacht.pk]
    assert list(search.search_articles("yates")) == []


def test_a_standing_page_has_an_address_and_text_per_language():
    from magazine.site.models import Page
    from magazine.site.views import page_at

    about = Page.objects.create(
        title_en="About us",
        slug_en="about",
        body_en="<p>Who we are.</p>",
        title_es="Quiénes somos",
        slug_es="acerca",
        body_es="<p>Quiénes somos.</p>",
    )
    legal = Page.objects.create(title_en="Legal", slug_en="legal", body_en="<p>x</p>")
    assert page_at("about") == about
    assert page_at("acerca") is None
    with translation.override("es"):
        assert page_at("acerca") == about
        assert page_at("about") is None
        assert page_at("legal") == legal  # no Spanish address: the English one
        assert about.title == "Quiénes somos"
        assert legal.title == "Legal"
