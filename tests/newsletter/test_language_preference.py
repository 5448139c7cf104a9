"""A reader changes the language of their mail from the preferences link in
any of our e-mails (issue 15): the signed page saves it and says so in it."""

import re

import pytest
import time_machine
from django.core import mail
from django.test import Client
from django.utils import timezone

from newsletter import emails, sending
from newsletter.models import EditionArticle, Subscriber
from newsletter.signing import my_data_token
from tests.factories import ArticleFactory
from tests.newsletter.factories import EditionFactory, SubscriberFactory

pytestmark = pytest.mark.django_db


def local(url: str) -> str:
    return re.sub(r"^https?://[^/]+", "", url)


def preferences_link(message) -> str:
    ((html, _),) = message.alternatives
    return local(re.search(r'<a href="([^"]+/my-data/[^"]+)"', html).group(1))


def test_a_spanish_editions_preferences_link_opens_the_page_in_spanish():
    lectora = SubscriberFactory(language="es")
    edition = EditionFactory(language="es")
    message = emails.EditionEmail(edition).message(
        to=lectora.email,
        links=emails.personal_links(lectora.pk, language=edition.language),
    )

    link = preferences_link(message)
    page = Client().get(link)

    assert link.startswith("/es/newsletter/my-data/")
    assert "Cambiar su idioma" in message.body
    assert page.status_code == 200
    assert "Idioma de sus correos" in page.text
    assert re.search(r'<input[^>]*value="es"[^>]*checked', page.text)


def test_the_senders_links_are_in_the_editions_language():
    lectora = SubscriberFactory(language="es")
    edition = EditionFactory(language="es", status="scheduled", send_at=timezone.now())
    EditionArticle.objects.create(edition=edition, article=ArticleFactory(), position=0)

    assert sending.deliver_edition(edition.pk) == 1

    (message,) = mail.outbox
    assert message.to == [lectora.email]
    assert preferences_link(message).startswith("/es/newsletter/my-data/")


@time_machine.travel("2026-11-24 09:00:00+00:00", tick=False)
def test_a_reader_switches_to_english_and_is_told_so_in_english():
    """The clock stands still: the signed link carries a timestamp, and the
    page it redirects to must be the one the test signs again."""
    lectora = SubscriberFactory(language="es")
    link = f"/es/newsletter/my-data/{my_data_token(lectora.pk)}/"
    client = Client()
    client.get(link)

    response = client.post(link, {"language": "en"}, follow=True)

    assert Subscriber.objects.get(pk=lectora.pk).language == "en"
    assert response.redirect_chain == [
        (f"/newsletter/my-data/{my_data_token(lectora.pk)}/", 302)
    ]
    assert '<html lang="en"' in response.text
    assert "Saved: your e-mails will be in English." in response.text
    assert re.search(r'<input[^>]*value="en"[^>]*checked', response.text)
    assert "Saved:" not in client.get(response.redirect_chain[0][0]).text


def test_an_english_reader_switches_to_spanish_and_gets_spanish_mail():
    reader = SubscriberFactory(language="en", name="Ana")
    link = f"/newsletter/my-data/{my_data_token(reader.pk)}/"

    response = Client().post(link, {"language": "es"}, follow=True)

    assert "Guardado: sus correos llegarán en español." in response.text
    reader.refresh_from_db()
    assert reader.language == "es"
    already = emails.already_subscribed_message(reader)
    assert already.subject.startswith("Ya recibe el boletín de ")
    assert preferences_link(already).startswith("/es/newsletter/my-data/")


def test_a_language_the_site_has_not_is_refused_and_nothing_is_lost():
    reader = SubscriberFactory(language="es")
    link = f"/es/newsletter/my-data/{my_data_token(reader.pk)}/"

    response = Client().post(link, {"language": "fr"})

    assert response.status_code == 400
    assert "Escoja una opción válida" in response.text
    assert Subscriber.objects.get(pk=reader.pk).language == "es"


def test_a_forged_link_changes_nothing():
    reader = SubscriberFactory(language="es")

    response = Client().post(
        f"/newsletter/my-data/{reader.pk}:forged/", {"language": "en"}
    )

    assert response.status_code == 400
    assert Subscriber.objects.get(pk=reader.pk).language == "es"
