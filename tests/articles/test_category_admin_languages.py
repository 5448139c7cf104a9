"""An editor gives a section its name and address in each language from
the admin, one field per language (issue 15), and both editions find it."""

import pytest
from django.test import Client

from articles.models import Author, Category
from tests.articles.admin_helpers import staff
from tests.factories import ArticleFactory
from tests.helpers import sign_in

pytestmark = pytest.mark.django_db


@pytest.fixture
def desk(client):
    sign_in(client, staff("eddie", "Editors"))
    return client


def test_a_section_added_in_both_languages_has_an_address_in_each(desk):
    form = desk.get("/admin/articles/category/add/")
    assert 'name="name_en"' in form.text
    assert 'name="name_es"' in form.text
    assert 'name="name"' not in form.text  # no third, language-less field

    response = desk.post(
        "/admin/articles/category/add/",
        {
            "name_en": "Boats",
            "slug_en": "boats",
            "name_es": "Barcos",
            "slug_es": "barcos",
            "description_en": "",
            "description_es": "",
            "position": "0",
        },
    )

    assert response.status_code == 302, response.text
    boats = Category.objects.get(slug_en="boats")
    ArticleFactory(category=boats, language="es", headline="Regata en la bahía")
    spanish = Client().get("/es/barcos/")
    assert spanish.status_code == 200
    assert "Barcos" in spanish.text
    assert "Regata en la bahía" in spanish.text
    assert Client().get("/boats/").status_code == 200


def test_an_authors_bio_is_given_per_language(desk):
    author = Author.objects.create(name="Ana Pérez", slug="ana-perez", bio="Writes.")

    response = desk.post(
        f"/admin/articles/author/{author.pk}/change/",
        {
            "name": "Ana Pérez",
            "slug": "ana-perez",
            "bio_en": "Writes about boats.",
            "bio_es": "Escribe sobre barcos.",
            "email": "",
        },
    )

    assert response.status_code == 302, response.text
    author.refresh_from_db()
    assert (author.bio_en, author.bio_es) == (
        "Writes about boats.",
        "Escribe sobre barcos.",
    )
