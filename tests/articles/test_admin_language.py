"""An admin in Spanish (the editor's preference) still links every story at
its own edition's addresses, and moves sections in every language."""

import pytest
from django.apps import apps
from django.contrib import admin
from django.test import Client
from django.urls import reverse

from magazine.models import StaffPreferences
from tests.articles.admin_helpers import staff
from tests.factories import ArticleFactory
from tests.helpers import sign_in

pytestmark = pytest.mark.django_db


@pytest.fixture
def spanish_desk():
    editor = staff("eddie", "Editors")
    StaffPreferences.objects.create(user=editor, language="es")
    return sign_in(Client(), editor)


def test_previews_open_in_the_storys_edition_whatever_the_admins_language(
    spanish_desk,
):
    english = ArticleFactory(status="draft", headline="Seawall vote")
    spanish = ArticleFactory(status="draft", language="es", headline="Votación")

    form = spanish_desk.get(f"/admin/articles/article/{english.pk}/change/")

    assert '<html lang="es"' in form.text
    assert f'href="/preview/{english.pk}/"' in form.text
    assert (
        f'href="/es/preview/{spanish.pk}/"'
        in spanish_desk.get(f"/admin/articles/article/{spanish.pk}/change/").text
    )
    page = spanish_desk.get(f"/preview/{english.pk}/")
    assert page.status_code == 200
    assert '<html lang="en"' in page.text
    assert "Seawall vote" in page.text
    screens = spanish_desk.get(f"/admin/articles/article/{english.pk}/screen-sizes/")
    assert f'src="/preview/{english.pk}/"' in screens.text


def test_every_admin_list_and_add_page_answers_in_spanish(admin_user):
    StaffPreferences.objects.create(user=admin_user, language="es")
    desk = sign_in(Client(), admin_user)
    ArticleFactory()
    answers = {}
    for model in apps.get_models():
        if not admin.site.is_registered(model):
            continue
        opts = model._meta
        for view in ("changelist", "add"):
            url = reverse(f"admin:{opts.app_label}_{opts.model_name}_{view}")
            response = desk.get(url)
            answers[url] = (response.status_code, response.headers["Content-Language"])
    # A model nobody adds by hand (the staff log, import runs...) refuses "add".
    wrong = {
        url: answer
        for url, answer in answers.items()
        if answer not in {(200, "es"), (403, "es")}
    }
    assert len(answers) > 20
    assert wrong == {}
