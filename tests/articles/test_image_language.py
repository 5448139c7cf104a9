"""A library picture is shared by both editions; its alt text is given in
each (issue 15): Spanish readers and their screen readers hear it in
Spanish, or in English marked as English where the desk gave none."""

import re

import pytest
from django.test import Client

from articles.forms.images import ImageForm
from tests.factories import ArticleFactory, CategoryFactory, ImageFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def news():
    return CategoryFactory(
        name="News", slug="news", name_es="Noticias", slug_es="noticias"
    )


def story_with_picture(news, picture, language="en"):
    return ArticleFactory(
        category=news, language=language, lead_image=picture, slug=f"story-{language}"
    )


def test_each_edition_reads_the_picture_in_its_language(news):
    picture = ImageFactory(
        alt_text="A sailboat at dusk", alt_text_es="Un velero al atardecer"
    )
    english = story_with_picture(news, picture)
    spanish = story_with_picture(news, picture, language="es")

    english_page = Client().get(english.get_absolute_url()).text
    spanish_page = Client().get(spanish.get_absolute_url()).text

    assert 'alt="A sailboat at dusk"' in english_page
    assert "Un velero" not in english_page
    assert 'alt="Un velero al atardecer"' in spanish_page
    assert 'content="Un velero al atardecer"' in spanish_page  # og:image:alt
    (img,) = re.findall(r'<img[^>]*alt="Un velero al atardecer"[^>]*>', spanish_page)
    assert "lang=" not in img


def test_a_spanish_page_marks_an_english_alt_text_as_english(news):
    picture = ImageFactory(alt_text="A sailboat at dusk")
    spanish = story_with_picture(news, picture, language="es")

    page = Client().get(spanish.get_absolute_url()).text

    (img,) = re.findall(r'<img[^>]*alt="A sailboat at dusk"[^>]*>', page)
    assert 'lang="en"' in img
    assert '<html lang="es"' in page


def test_the_checklist_asks_for_the_alt_text_in_the_storys_language(news):
    picture = ImageFactory(alt_text="A sailboat at dusk")
    spanish = story_with_picture(news, picture, language="es")
    english = story_with_picture(news, picture)
    wanted = "The lead image has no alt text in this story's language."

    assert wanted in [str(item) for item in spanish.missing_before_publishing()]
    assert wanted not in [str(item) for item in english.missing_before_publishing()]

    picture.alt_text_es = "Un velero al atardecer"
    picture.save()
    spanish.refresh_from_db()
    assert wanted not in [str(item) for item in spanish.missing_before_publishing()]


def test_the_library_form_keeps_the_spanish_alt_text():
    picture = ImageFactory(alt_text="A sailboat at dusk")
    form = ImageForm(
        {
            "title": picture.title,
            "alt_text": "A sailboat at dusk",
            "alt_text_es": "Un velero al atardecer",
            "focal_x": 0.5,
            "focal_y": 0.5,
        },
        instance=picture,
    )

    assert form.is_valid(), form.errors
    form.save()
    picture.refresh_from_db()
    assert picture.alt_text_in("es") == ("Un velero al atardecer", "es")
    assert picture.alt_text_in("en") == ("A sailboat at dusk", "en")
