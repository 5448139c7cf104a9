"""Subscribers and editions have a language (issue 15): a reader is signed
up in the page's language, and an edition goes to its language's readers."""

import pytest
from django.utils import translation

from newsletter import emails, sending, services
from newsletter.models import Delivery, EditionArticle, Subscriber
from tests.factories import ArticleFactory
from tests.newsletter.factories import EditionFactory, SubscriberFactory

pytestmark = pytest.mark.django_db


def test_a_reader_signs_up_in_the_pages_language():
    with translation.override("es"):
        services.subscribe(email="lectora@example.com", name="", signup_page="/es/")
    services.subscribe(email="reader@example.com", name="", signup_page="/")
    languages = dict(Subscriber.objects.values_list("email", "language"))
    assert languages == {"lectora@example.com": "es", "reader@example.com": "en"}


def test_an_edition_goes_to_its_languages_subscribers_only():
    spanish = SubscriberFactory(language="es")
    SubscriberFactory(language="en")
    edition = EditionFactory(language="es")

    sending.create_deliveries(edition)

    assert list(
        Delivery.objects.filter(edition=edition).values_list("subscriber", flat=True)
    ) == [spanish.pk]


def test_a_spanish_reader_gets_the_signup_mails_in_spanish():
    lectora = SubscriberFactory(language="es", name="Ana")

    confirm = emails.confirmation_message(lectora)
    already = emails.already_subscribed_message(lectora)

    assert confirm.subject.startswith("Confirme su suscripción a ")
    assert confirm.body.startswith("Hola, Ana:")
    assert "El enlace funciona durante siete días." in confirm.body
    ((html, _),) = confirm.alternatives
    assert '<html lang="es">' in html
    assert "Confirmar mi suscripción" in html
    assert already.subject.startswith("Ya recibe el boletín de ")
    assert "Darse de baja con un clic:" in already.body


def test_a_spanish_edition_is_written_around_the_stories_in_spanish():
    edition = EditionFactory(language="es")
    story = ArticleFactory(is_sponsored=True, sponsor_name="Bay Marine")
    EditionArticle.objects.create(edition=edition, article=story, position=0)

    message = emails.EditionEmail(edition).message(
        to="ana@example.com", links=emails.personal_links(SubscriberFactory().pk)
    )
    ((html, _),) = message.alternatives

    assert "· PATROCINADO\n" in message.body
    assert "Léalo: " in message.body
    assert "Recibe este correo porque se suscribió al boletín" in message.body
    assert 'lang="es"' in html
    assert "Leer el artículo" in html
    assert "Cambiar su idioma, o ver, descargar o eliminar sus datos" in html
