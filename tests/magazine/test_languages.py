"""The Spanish edition's addresses: the language is carried by the path alone."""

import re
from datetime import UTC, datetime

import pytest
from django.urls import reverse
from django.utils import translation

from magazine.models import SiteSettings
from tests.factories import ArticleFactory, AuthorFactory, CategoryFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def story():
    SiteSettings.load()
    boats = CategoryFactory(name="Boats", slug="boats", in_navigation=True)
    elena = AuthorFactory(name="Elena Marquez", slug="elena")
    english = ArticleFactory(
        category=boats,
        slug="record-show",
        headline="Record crowds at the boat show",
        authors=[elena],
    )
    # Each edition lists its own stories: the Spanish one is the translation.
    ArticleFactory(
        category=boats,
        slug="feria-record",
        headline="Multitudes récord en la feria náutica",
        language="es",
        translation_of=english,
        translated_version=english.version,
        authors=[elena],
    )
    return english


def spanish_of(story):
    return story.translations.get(language="es")


def html_lang(response) -> str:
    return re.search(r'<html lang="([^"]+)"', response.content.decode())[1]


def hreflang_links(response) -> dict[str, str]:
    return dict(
        re.findall(
            r'<link rel="alternate" hreflang="([^"]+)" href="([^"]+)">',
            response.content.decode(),
        )
    )


READER_PATHS = [
    ("/", "/es/"),
    ("/boats/", "/es/boats/"),
    ("/boats/record-show/", "/es/boats/feria-record/"),
    ("/tag/boats/", "/es/tag/boats/"),
    ("/author/elena/", "/es/author/elena/"),
    ("/search/?q=boat", "/es/buscar/?q=boat"),
    ("/newsletter/", "/es/newsletter/"),
]


@pytest.mark.parametrize(("path", "spanish_path"), READER_PATHS)
def test_every_reader_page_has_a_spanish_address_under_es(
    client, story, path, spanish_path
):
    story.tags.add("boats")
    spanish_of(story).tags.add("boats")
    english = client.get(path)
    spanish = client.get(spanish_path)

    assert english.status_code == spanish.status_code == 200
    assert html_lang(english) == "en"
    assert html_lang(spanish) == "es"
    assert spanish["Content-Language"] == "es"


def test_reversed_addresses_follow_the_active_language():
    assert reverse("home") == "/"
    with translation.override("es"):
        assert reverse("home") == "/es/"
        assert reverse("articles:feed") == "/es/feed/"
        assert reverse("newsletter:signup") == "/es/newsletter/"
        assert reverse("articles:search") == "/es/buscar/"
    assert reverse("articles:search") == "/search/"
    assert reverse("articles:feed") == "/feed/"


@pytest.mark.parametrize(
    "headers",
    [
        {"HTTP_ACCEPT_LANGUAGE": "es-US,es;q=0.9"},
        {"HTTP_COOKIE": "django_language=es"},
    ],
)
def test_neither_accept_language_nor_a_cookie_moves_a_reader_off_english(
    client, story, headers
):
    response = client.get("/", **headers)

    assert response.status_code == 200
    assert html_lang(response) == "en"
    assert "Accept-Language" not in response.get("Vary", "")


def test_the_switcher_links_to_the_same_page_in_the_other_language(client, story):
    english = client.get("/boats/record-show/").content.decode()
    spanish = client.get("/es/boats/feria-record/").content.decode()

    assert (
        'href="/es/boats/feria-record/" hreflang="es" lang="es">Español</a>' in english
    )
    assert 'href="/boats/record-show/" hreflang="en" lang="en">English</a>' in spanish


def test_the_switcher_keeps_the_search_words(client, story):
    page = client.get("/search/?q=boat").content.decode()

    assert 'href="/es/buscar/?q=boat" hreflang="es"' in page


def test_hreflang_links_are_reciprocal_with_an_english_x_default(
    client, story, settings
):
    english = hreflang_links(client.get("/boats/"))
    spanish = hreflang_links(client.get("/es/boats/"))

    assert (
        english
        == spanish
        == {
            "en": f"{settings.SITE_URL}/boats/",
            "es": f"{settings.SITE_URL}/es/boats/",
            "x-default": f"{settings.SITE_URL}/boats/",
        }
    )


def test_open_graph_names_the_page_locale_and_its_alternate(client, story):
    spanish = client.get("/es/").content.decode()

    assert '<meta property="og:locale" content="es_US">' in spanish
    assert '<meta property="og:locale:alternate" content="en_US">' in spanish


def test_canonical_links_stay_per_language(client, story, settings):
    spanish = client.get("/es/boats/").content.decode()

    assert f'<link rel="canonical" href="{settings.SITE_URL}/es/boats/">' in spanish


def test_a_page_without_a_counterpart_offers_the_other_home(client, story, rf):
    from magazine.site.templatetags.chrome import language_switcher

    request = rf.get("/es/boats/record-show/")
    with translation.override("es"):
        links = language_switcher(
            {"request": request, "alternates": {"es": request.path, "en": None}}
        )

    assert links == (
        '<a class="language-switcher__link" href="/" hreflang="en" lang="en">'
        "English</a>"
    )


def test_a_page_cached_in_one_language_is_never_served_for_the_other(client, story):
    english = client.get("/boats/")
    spanish = client.get("/es/boats/", HTTP_ACCEPT_LANGUAGE="en")
    english_again = client.get("/boats/", HTTP_ACCEPT_LANGUAGE="es")
    spanish_again = client.get("/es/boats/")

    assert english["X-Page-Cache"] == spanish["X-Page-Cache"] == "miss"
    assert english_again["X-Page-Cache"] == spanish_again["X-Page-Cache"] == "hit"
    assert html_lang(english_again) == "en"
    assert html_lang(spanish_again) == "es"


def test_a_change_makes_both_languages_stale(client, story):
    client.get("/boats/")
    client.get("/es/boats/")
    spanish = spanish_of(story)
    spanish.headline = "Multitudes aún mayores"
    spanish.save()

    assert client.get("/boats/")["X-Page-Cache"] == "miss"
    assert client.get("/es/boats/")["X-Page-Cache"] == "miss"
    assert "Multitudes aún mayores" in client.get("/es/boats/").content.decode()


def test_spanish_pages_show_dates_in_spanish_order_and_words(client, story):
    spanish = spanish_of(story)
    spanish.publish_at = datetime(2026, 11, 24, 17, 30, tzinfo=UTC)
    spanish.save()
    page = client.get("/es/boats/feria-record/").content.decode()

    assert re.search(
        r"Publicado el <time [^>]+>24 de noviembre de 2026, 12:30</time>", page
    )


def test_the_spanish_feed_says_its_language_and_describes_itself_in_spanish(
    client, story
):
    english = client.get("/feed/").content.decode()
    spanish = client.get("/es/feed/").content.decode()

    assert "<language>en</language>" in english
    assert "<language>es</language>" in spanish
    assert "Los últimos artículos de" in spanish
    assert "/es/boats/feria-record/" in spanish
    assert "/boats/record-show/" not in spanish


def test_a_missing_spanish_page_answers_in_spanish_with_no_hreflang_twin(client, story):
    response = client.get("/es/no-such-page/")

    assert response.status_code == 404
    assert html_lang(response) == "es"
    assert 'href="/es/">portada</a>' in response.content.decode()
    assert hreflang_links(response) == {}
