import re

import pytest
from django.core import mail

from newsletter.models import Subscriber
from tests.helpers import aged_stamp

pytestmark = pytest.mark.django_db


def test_footer_signup_sends_a_confirmation_and_the_link_activates(
    client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/newsletter/",
            {
                "email": "Reader@Example.com",
                "consent": "on",
                "next": "/news/",
                "issued": aged_stamp(),
            },
        )

    assert response.status_code == 200
    assert "Check your inbox" in response.content.decode()
    subscriber = Subscriber.objects.get()
    assert (subscriber.email, subscriber.status) == ("reader@example.com", "pending")
    assert subscriber.signup_page == "/news/"
    assert len(mail.outbox) == 1
    link = re.search(r"http://\S+/newsletter/confirm/\S+/", mail.outbox[0].body).group(
        0
    )

    response = client.get(link.replace("http://127.0.0.1:8000", ""))

    assert response.status_code == 200
    subscriber.refresh_from_db()
    assert subscriber.status == "active"
    assert subscriber.confirmed_at is not None


def test_signup_without_consent_keeps_the_address_and_explains(client):
    response = client.post(
        "/newsletter/", {"email": "reader@example.com", "issued": aged_stamp()}
    )

    assert response.status_code == 400
    html = response.content.decode()
    assert 'value="reader@example.com"' in html
    assert "This field is required." in html
    assert not Subscriber.objects.exists()
    assert not mail.outbox


def test_a_forged_confirmation_link_is_refused(client):
    response = client.get("/newsletter/confirm/1:forged:token/")

    assert response.status_code == 400
    assert "That link has expired" in response.content.decode()
