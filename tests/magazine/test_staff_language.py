"""The admin speaks each staff member's own language, chosen on their
preferences page; reader pages keep the language of their address."""

import re

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from magazine.models import StaffPreferences
from tests.helpers import sign_in
from tests.magazine.staff_helpers import member

pytestmark = pytest.mark.django_db

PREFERENCES = "/admin/preferences/"


def signed_in(username: str, language: str | None = None) -> tuple[Client, object]:
    user = member(username)
    if language is not None:
        StaffPreferences.objects.create(user=user, language=language)
    return sign_in(Client(), user), user


def test_the_admin_is_in_english_until_a_member_chooses_otherwise():
    client, _user = signed_in("sophie")

    response = client.get("/admin/")

    assert response.status_code == 200
    assert response.headers["Content-Language"] == "en"
    assert '<html lang="en"' in response.text
    assert "Your preferences" in response.text


def test_a_member_who_chose_spanish_gets_the_admin_in_spanish():
    client, _user = signed_in("sophie", "es")

    response = client.get("/admin/")

    assert response.headers["Content-Language"] == "es"
    assert '<html lang="es"' in response.text
    assert "Cambiar contraseña" in response.text  # Django's own catalogue
    assert "Sus preferencias" in response.text  # ours
    changelist = client.get("/admin/articles/article/")
    assert '<html lang="es"' in changelist.text


def test_reader_pages_keep_the_language_of_their_address():
    client, _user = signed_in("sophie", "es")

    assert '<html lang="en"' in client.get("/").text
    assert '<html lang="es"' in client.get("/es/").text


def test_each_member_sees_their_own_choice():
    spanish, _sophie = signed_in("sophie", "es")
    english, _daniel = signed_in("daniel")

    assert spanish.get("/admin/").headers["Content-Language"] == "es"
    assert english.get("/admin/").headers["Content-Language"] == "en"


def test_a_member_changes_their_language_and_is_told_so_in_it():
    client, user = signed_in("sophie")
    client.get("/admin/")  # the session remembers English

    response = client.post(PREFERENCES, {"language": "es"}, follow=True)

    assert StaffPreferences.objects.get(user=user).language == "es"
    assert response.redirect_chain == [(PREFERENCES, 302)]
    assert '<html lang="es"' in response.text
    assert "Sus preferencias están guardadas." in response.text
    assert re.search(r'<input[^>]*value="es"[^>]*checked', response.text)
    assert client.get("/admin/").headers["Content-Language"] == "es"

    client.post(PREFERENCES, {"language": "en"})
    assert StaffPreferences.objects.get(user=user).language == "en"
    assert client.get("/admin/").headers["Content-Language"] == "en"


def test_a_language_the_site_has_not_is_refused_and_nothing_changes():
    client, user = signed_in("sophie", "es")

    response = client.post(PREFERENCES, {"language": "fr"})

    assert response.status_code == 400
    assert "Escoja una opción válida" in response.text  # Django says so in Spanish
    assert StaffPreferences.objects.get(user=user).language == "es"


def test_only_a_signed_in_member_reaches_the_preferences_page():
    response = Client().post(PREFERENCES, {"language": "es"})

    assert response.status_code == 302
    assert response.url.startswith("/admin/login/")
    assert not StaffPreferences.objects.exists()


def test_the_choice_is_read_once_per_session_not_on_every_admin_page():
    client, _user = signed_in("sophie", "es")
    client.get("/admin/")

    with CaptureQueriesContext(connection) as queries:
        response = client.get("/admin/")

    assert response.headers["Content-Language"] == "es"
    assert not [q for q in queries if "staffpreferences" in q["sql"].lower()]


def test_a_session_from_before_the_preference_existed_reads_it_once():
    client, _user = signed_in("sophie", "es")
    session = client.session
    del session["staff_language"]
    session.save()

    assert client.get("/admin/").headers["Content-Language"] == "es"
    assert client.session["staff_language"] == "es"
