from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from newsletter.forms import CONSENT_TEXT
from newsletter.models import Subscriber
from newsletter.signing import confirmation_token, subscriber_id_from_confirmation


def subscribe(*, email: str, name: str = "", signup_page: str = "") -> Subscriber:
    """Record a pending signup and send the confirmation e-mail (double opt-in)."""
    with transaction.atomic():
        subscriber = Subscriber.objects.filter(email__iexact=email).first()
        if subscriber is None:
            subscriber = Subscriber(email=email)
        if subscriber.status == Subscriber.Status.ACTIVE:
            return subscriber
        subscriber.name = name or subscriber.name
        subscriber.status = Subscriber.Status.PENDING
        subscriber.signup_page = signup_page
        subscriber.consent_text = CONSENT_TEXT
        subscriber.consented_at = timezone.now()
        subscriber.save()
        transaction.on_commit(lambda: send_confirmation(subscriber))
    return subscriber


def send_confirmation(subscriber: Subscriber) -> None:
    link = settings.SITE_URL + reverse(
        "newsletter:confirm", kwargs={"token": confirmation_token(subscriber)}
    )
    context = {"subscriber": subscriber, "link": link, "site_name": settings.SITE_NAME}
    message = EmailMultiAlternatives(
        subject=f"Confirm your subscription to {settings.SITE_NAME}",
        body=render_to_string("newsletter/email/confirm.txt", context),
        to=[subscriber.email],
    )
    message.attach_alternative(
        render_to_string("newsletter/email/confirm.html", context), "text/html"
    )
    message.send()


def confirm(token: str) -> Subscriber | None:
    found = subscriber_id_from_confirmation(token)
    if found is None:
        return None
    pk, email = found
    with transaction.atomic():
        subscriber = (
            Subscriber.objects.select_for_update()
            .filter(pk=pk, email=email)
            .exclude(status=Subscriber.Status.UNSUBSCRIBED)
            .first()
        )
        if subscriber is None:
            return None
        if subscriber.status == Subscriber.Status.PENDING:
            subscriber.status = Subscriber.Status.ACTIVE
            subscriber.confirmed_at = timezone.now()
            subscriber.save(update_fields=["status", "confirmed_at"])
    return subscriber
