"""The demo's Spanish edition: sections, pages, settings, bios and stories
written in Spanish, some linked to their English originals, one out of date."""

import re

import pytest
from django.core.management import call_command
from django.utils import translation

from articles.models import Article, Author, Category, Image
from magazine.models import SiteSettings
from magazine.site.demo import content
from magazine.site.models import Page
from newsletter import sending
from newsletter.forms import CONSENT_TEXT
from newsletter.models import Delivery, Edition, Subscriber

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo():
    call_command("load_demo", articles=60, stdout=None)


def spanish_counts():
    return {
        "stories": Article.objects.filter(language="es").count(),
        "linked": Article.objects.filter(translation_of__isnull=False).count(),
        "sections": Category.objects.exclude(slug_es=None).exclude(slug_es="").count(),
        "pages": Page.objects.exclude(slug_es=None).exclude(slug_es="").count(),
        "all": Article.objects.count(),
        "images": Image.objects.count(),
        "subscribers": Subscriber.objects.count(),
        "editions": Edition.objects.count(),
    }


def hreflang(body: str, code: str) -> str:
    """The path of the page's ``<link rel="alternate">`` for ``code``."""
    match = re.search(rf'hreflang="{code}" href="https?://[^/"]+(/[^"]*)"', body)
    assert match, f"no alternate in {code}"
    return match[1]


def test_the_demo_has_its_spanish_edition(demo):
    stories = Article.objects.filter(language="es")
    assert stories.published().count() >= 15
    linked = stories.filter(translation_of__isnull=False)
    assert linked.count() >= 5
    assert stories.filter(translation_of=None).count() >= 5  # Spanish-only
    assert all(story.translation_of.language == "en" for story in linked)
    out_of_date = [story.slug for story in linked if story.is_out_of_date]
    assert out_of_date == ["condado-aplaza-votacion-del-tren"]

    assert Category.objects.count() == len(content.CATEGORIES)
    assert not Category.objects.filter(slug_es__in=["", None]).exists()
    assert Category.objects.get(path_en="news/headlines").path_es == (
        "noticias/titulares"
    )
    assert Category.objects.get(path_en="real-estate").name_es == "Bienes raíces"
    assert set(Page.objects.values_list("slug_es", flat=True)) == {
        "acerca",
        "aviso-legal",
    }
    assert Page.objects.exclude(body_es__contains="<p>").count() == 0
    settings = SiteSettings.load()
    assert settings.tagline_es
    assert settings.about_blurb_es
    assert settings.legal_notice_es
    assert settings.tagline_es != settings.tagline_en
    assert not Author.objects.filter(bio_es__in=["", None]).exists()
    guide = Article.objects.get(slug="ventanitas-de-la-pequena-habana")
    assert guide.comment_set.count() == 3
    assert set(guide.comment_set.values_list("language", flat=True)) == {"es"}


def test_the_spanish_home_lists_spanish_stories(client, demo):
    body = client.get("/es/").content.decode()

    headlines = Article.objects.published().filter(language="es")
    assert sum(story.headline in body for story in headlines) >= 5
    english = Article.objects.published().filter(language="en", is_featured=True)
    assert not any(story.headline in body for story in english)


def test_a_spanish_story_links_to_its_english_original(client, demo):
    spanish = Article.objects.get(slug="miami-beach-aprueba-plan-de-diques")
    url = spanish.get_absolute_url()
    assert url == "/es/noticias/titulares/miami-beach-aprueba-plan-de-diques/"

    response = client.get(url)

    assert response.status_code == 200
    body = response.content.decode()
    assert '<html lang="es"' in body
    assert spanish.lead_image_caption in content.SCENE_CAPTIONS_ES.values()
    assert spanish.lead_image_caption in body
    original = spanish.translation_of.get_absolute_url()
    assert hreflang(body, "en") == original
    assert client.get(original).status_code == 200
    english_body = client.get(original).content.decode()
    assert hreflang(english_body, "es") == url


def test_the_spanish_pages_answer(client, demo):
    with translation.override("es"):
        about = Page.objects.get(slug_en="about").get_absolute_url()
    assert about == "/es/acerca/"
    response = client.get(about)
    assert response.status_code == 200
    assert "Quiénes somos" in response.content.decode()
    section = client.get("/es/bienes-raices/")
    assert section.status_code == 200
    assert "Torre" in section.content.decode() or "torre" in section.content.decode()


def test_loading_the_spanish_edition_twice_adds_nothing(demo):
    first = spanish_counts()

    call_command("load_demo", articles=60, stdout=None)

    assert spanish_counts() == first
    assert first["all"] == 60


def test_spanish_stories_carry_spanish_tags_and_picture_words(client, demo):
    spanish = Article.objects.filter(language="es").prefetch_related("tags")
    english_only = set(content.TAGS) - set(content.TAGS_ES)
    # Names of places and teams read the same in both editions.
    shared = {
        "Miami Beach",
        "Brickell",
        "Fort Lauderdale",
        "Bahamas",
        "Key Biscayne",
        "Inter Miami",
        "Marlins",
    }
    for story in spanish:
        names = {tag.name for tag in story.tags.all()}
        assert names, story.slug
        assert not names & (english_only - shared), story.slug
        assert story.lead_image.alt_text.startswith("Ilustración: "), story.slug
        assert story.lead_image.caption == story.lead_image_caption
    guide = Article.objects.get(slug="ventanitas-de-la-pequena-habana")
    assert set(guide.tags.names()) == {"Comida cubana", "Restaurantes"}
    # The Spanish copy of the original's picture: the same painting, Spanish words.
    original = guide.translation_of.lead_image
    assert guide.lead_image != original
    assert original.alt_text.startswith("Illustration: ")

    page = client.get(guide.get_absolute_url()).text
    assert f'alt="{guide.lead_image.alt_text}"' in page
    assert original.alt_text not in page
    assert 'href="/es/tag/comida-cubana/"' in page
    tag_page = client.get("/es/tag/comida-cubana/")
    assert tag_page.status_code == 200
    assert guide.headline in tag_page.text


def test_the_demo_has_spanish_readers_and_a_spanish_edition(demo):
    lectores = Subscriber.objects.filter(language="es")
    assert lectores.count() >= 3
    with translation.override("es"):
        spanish_consent = str(CONSENT_TEXT)
    assert set(lectores.values_list("consent_text", flat=True)) == {spanish_consent}
    assert set(lectores.values_list("signup_page", flat=True)) == {"/es/"}
    assert Subscriber.objects.filter(language="en").exists()

    edition = Edition.objects.get(language="es")
    assert edition.status == Edition.Status.DRAFT
    stories = edition.stories()
    assert len(stories) == len(content.EDITION_ES["stories"])
    assert {story.language for story in stories} == {"es"}

    sending.create_deliveries(edition)
    sent_to = Delivery.objects.filter(edition=edition).values_list(
        "subscriber__language", flat=True
    )
    assert len(sent_to) == Subscriber.objects.receiving().filter(language="es").count()
    assert set(sent_to) == {"es"}


def test_a_spanish_story_an_older_demo_left_in_english_words_gets_spanish_ones(demo):
    guide = Article.objects.get(slug="ventanitas-de-la-pequena-habana")
    spanish_picture = guide.lead_image
    english_picture = guide.translation_of.lead_image
    Article.objects.filter(pk=guide.pk).update(lead_image=english_picture)
    guide.tags.set(["Cuban Food", "Restaurants"])

    call_command("load_demo", articles=60, stdout=None)

    guide.refresh_from_db()
    assert guide.lead_image == spanish_picture
    assert set(guide.tags.names()) == {"Comida cubana", "Restaurantes"}
