import factory
from django.utils import timezone

from newsletter.forms import CONSENT_TEXT
from newsletter.models import Edition, Subscriber


class SubscriberFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Subscriber

    email = factory.Sequence(lambda n: f"reader{n}@example.com")
    status = Subscriber.Status.ACTIVE
    consent_text = str(CONSENT_TEXT)
    consented_at = factory.LazyFunction(timezone.now)
    confirmed_at = factory.LazyFunction(timezone.now)


class EditionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Edition

    subject = factory.Sequence(lambda n: f"This week in Miami, no. {n}")
    preheader = "Boats, homes and the bay."
    intro = "Good morning from the newsroom."
