import re
from datetime import timedelta

import pytest
import time_machine
from django.core import mail
from django.utils import timezone

from newsletter.forms import CONSENT_TEXT
from newsletter.models import Subscriber
from tests.helpers import aged_stamp
from tests.newsletter.factories import SubscriberFactory

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
    assert "reader" not in link.lower()  # no address in a link that ends up in logs

    page = client.get(link.replace("http://127.0.0.1:8000", ""))
    assert "Confirm my subscription" in page.content.decode()
    subscriber.refresh_from_db()
    assert (
        subscriber.status == "pending"
    )  # a mail scanner opening the link confirms nothing

    response = client.post(link.replace("http://127.0.0.1:8000", ""))

    assert response.status_code == 200
    assert "You are subscribed" in response.content.decode()
    subscriber.refresh_from_db()
    assert subscriber.status == "active"
    assert subscriber.confirmed_at is not None
    # Opened again, the link says it has done its work.
    again = client.get(link.replace("http://127.0.0.1:8000", "")).text
    assert "You are already subscribed" in again
    assert "Confirm my subscription" not in again


def test_the_signup_page_shows_one_signup_form(client):
    html = client.get("/newsletter/").text

    assert html.count('name="consent"') == 1
    assert 'id="footer-signup"' not in html
    assert 'id="footer-signup"' in client.get("/search/").text


def test_signup_without_consent_keeps_the_address_and_explains(client):
    response = client.post(
        "/newsletter/", {"email": "reader@example.com", "issued": aged_stamp()}
    )

    assert response.status_code == 400
    html = response.content.decode()
    assert 'value="reader@example.com"' in html
    assert "Tick the box to have the newsletter sent to you." in html
    assert not Subscriber.objects.exists()
    assert not mail.outbox


def test_a_forged_confirmation_link_is_refused(client):
    response = client.post("/newsletter/confirm/1:forged:token/")

    assert response.status_code == 400
    assert "That link has expired or is incomplete" in response.content.decode()


def post_signup(client, email, **extra):
    return client.post(
        "/newsletter/",
        {"email": email, "consent": "on", "issued": aged_stamp(), **extra},
    )


def confirmation_link(message) -> str:
    found = re.search(r"http://127.0.0.1:8000(/newsletter/confirm/\S+/)", message.body)
    return found.group(1)


def test_the_reply_never_reveals_whether_an_address_is_subscribed(
    client, django_capture_on_commit_callbacks
):
    SubscriberFactory(email="known@example.com", name="Known")
    SubscriberFactory(email="waiting@example.com", status="pending", confirmed_at=None)

    replies = []
    for email in ["known@example.com", "waiting@example.com", "new@example.com"]:
        with django_capture_on_commit_callbacks(execute=True):
            response = post_signup(client, email)
        # The footer's fresh form stamp is the only part that may differ.
        html = re.sub(r'name="issued" value="[^"]*"', "", response.content.decode())
        replies.append((response.status_code, html))

    assert len(set(replies)) == 1
    assert replies[0][0] == 200
    # Each address hears from us; only the already-subscribed one gets no link.
    assert sorted(message.to[0] for message in mail.outbox) == [
        "known@example.com",
        "new@example.com",
        "waiting@example.com",
    ]
    known = next(m for m in mail.outbox if m.to == ["known@example.com"])
    assert "already gets every edition" in known.body
    assert "/newsletter/confirm/" not in known.body
    assert Subscriber.objects.get(email="known@example.com").status == "active"


def test_signing_up_again_while_pending_resends_the_confirmation_a_few_times_a_day(
    client, django_capture_on_commit_callbacks
):
    for _ in range(5):
        with django_capture_on_commit_callbacks(execute=True):
            post_signup(client, "reader@example.com")

    assert Subscriber.objects.get().status == "pending"
    assert len(mail.outbox) == 3
    assert all("/newsletter/confirm/" in message.body for message in mail.outbox)


def test_signing_up_after_unsubscribing_keeps_the_withdrawal_until_the_readers_click(
    client, django_capture_on_commit_callbacks
):
    left_at = timezone.now() - timedelta(days=30)
    subscriber = SubscriberFactory(
        email="reader@example.com",
        status="unsubscribed",
        unsubscribed_at=left_at,
        consent_text="Old wording",
        signup_page="/news/",
    )

    # Anyone may type the address: the record still says when the reader left.
    with django_capture_on_commit_callbacks(execute=True):
        post_signup(client, "Reader@example.com", next="/boats/")

    subscriber.refresh_from_db()
    assert (subscriber.status, subscriber.unsubscribed_at) == ("unsubscribed", left_at)
    assert (subscriber.consent_text, subscriber.signup_page) == (
        "Old wording",
        "/news/",
    )
    (message,) = mail.outbox
    assert message.to == ["reader@example.com"]
    link = confirmation_link(message)
    assert "Confirm my subscription" in client.get(link).text
    subscriber.refresh_from_db()
    assert subscriber.status == "unsubscribed"  # a link scanner changes nothing

    client.post(link)  # the reader's own click

    subscriber.refresh_from_db()
    assert subscriber.status == "active"
    assert subscriber.unsubscribed_at is None
    assert subscriber.consent_text == CONSENT_TEXT
    assert subscriber.consented_at == subscriber.confirmed_at


def test_a_re_signup_link_is_void_once_the_reader_leaves_again(
    client, django_capture_on_commit_callbacks
):
    SubscriberFactory(
        email="reader@example.com",
        status="unsubscribed",
        unsubscribed_at=timezone.now() - timedelta(days=3),
    )
    with django_capture_on_commit_callbacks(execute=True):
        post_signup(client, "reader@example.com")
    link = confirmation_link(mail.outbox[0])
    Subscriber.objects.update(unsubscribed_at=timezone.now())  # left again since

    assert client.post(link).status_code == 400
    assert Subscriber.objects.get().status == "unsubscribed"


def test_signups_for_an_unsubscribed_address_mail_it_a_few_times_a_day(
    client, django_capture_on_commit_callbacks
):
    SubscriberFactory(
        email="reader@example.com",
        status="unsubscribed",
        unsubscribed_at=timezone.now(),
    )
    for _ in range(5):
        with django_capture_on_commit_callbacks(execute=True):
            post_signup(client, "reader@example.com")

    assert len(mail.outbox) == 3
    assert Subscriber.objects.get().status == "unsubscribed"


@pytest.mark.parametrize("status", ["complained", "bounced"])
def test_a_complained_or_bounced_address_is_never_mailed_from_the_form(
    client, django_capture_on_commit_callbacks, status
):
    gone = SubscriberFactory(email="gone@example.com", status=status)

    replies = []
    for email in ["gone@example.com", "new@example.com"]:
        with django_capture_on_commit_callbacks(execute=True):
            response = post_signup(client, email)
        html = re.sub(r'name="issued" value="[^"]*"', "", response.content.decode())
        replies.append((response.status_code, html))

    assert replies[0] == replies[1]  # the reply looks the same as for anyone
    assert [message.to for message in mail.outbox] == [["new@example.com"]]
    gone.refresh_from_db()
    assert gone.status == status


def test_a_confirmation_link_expires_after_seven_days(
    client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        post_signup(client, "reader@example.com")
    link = confirmation_link(mail.outbox[0])

    with time_machine.travel(timezone.now() + timedelta(days=7, minutes=1)):
        page = client.get(link)
        response = client.post(link)

    assert page.status_code == 400
    assert response.status_code == 400
    assert "That link has expired or is incomplete" in response.content.decode()
    assert Subscriber.objects.get().status == "pending"


def test_a_confirmation_link_cannot_reactivate_an_unsubscribed_reader(
    client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        post_signup(client, "reader@example.com")
    link = confirmation_link(mail.outbox[0])
    Subscriber.objects.update(status="unsubscribed")

    response = client.post(link)

    assert response.status_code == 400
    assert Subscriber.objects.get().status == "unsubscribed"


def test_the_signup_page_records_name_consent_and_time(
    client, django_capture_on_commit_callbacks
):
    page = client.get("/newsletter/")
    assert page.status_code == 200
    assert str(CONSENT_TEXT) in page.content.decode()

    with django_capture_on_commit_callbacks(execute=True):
        post_signup(client, "reader@example.com", name="Ana")

    subscriber = Subscriber.objects.get()
    assert subscriber.name == "Ana"
    assert subscriber.consent_text == CONSENT_TEXT
    assert subscriber.consented_at is not None
    assert mail.outbox[0].body.startswith("Hello Ana,")
