"""Subscribers and editions have a language (issue 15): a reader is signed
up in the page's language, and an edition goes to its language's readers."""

import pytest
from django.utils import translation

from newsletter import sending, services
from newsletter.models import Delivery, Subscriber
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
