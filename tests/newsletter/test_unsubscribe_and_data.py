import json
import re
from datetime import timedelta

import pytest
import time_machine
from django.contrib.auth.models import User
from django.core import mail
from django.test import Client
from django.utils import timezone

from newsletter.emails import EditionEmail, personal_links
from newsletter.forms import CONSENT_TEXT
from newsletter.models import Subscriber
from newsletter.services import send_test
from tests.newsletter.factories import EditionFactory, SubscriberFactory

pytestmark = pytest.mark.django_db


def local(url: str) -> str:
    return url.removeprefix("http://127.0.0.1:8000")


def test_one_click_headers_reach_the_provider_unfolded_and_unencoded(settings):
    # A long site address makes the header far longer than a folded line.
    settings.SITE_URL = (
        "https://newsletter.miami-current-lifestyle-magazine.example.com"
    )
    subscriber = SubscriberFactory()
    edition = EditionFactory()
    links = personal_links(subscriber.pk)

    raw = (
        EditionEmail(edition)
        .message(to=subscriber.email, links=links)
        .message()
        .as_bytes()
    )

    headers = raw.split(b"\n\n", 1)[0].decode("ascii")
    line = f"List-Unsubscribe: <{links['unsubscribe_url']}>"
    assert len(line) > 78
    assert line in headers.splitlines()
    assert "List-Unsubscribe-Post: List-Unsubscribe=One-Click" in headers.splitlines()
    assert "=?utf-8?" not in headers


def test_one_click_post_unsubscribes_without_session_or_csrf_and_is_idempotent():
    subscriber = SubscriberFactory()
    url = local(personal_links(subscriber.pk)["unsubscribe_url"])
    provider = Client(enforce_csrf_checks=True)

    first = provider.post(url, {"List-Unsubscribe": "One-Click"})
    again = provider.post(url, {"List-Unsubscribe": "One-Click"})

    assert (first.status_code, again.status_code) == (200, 200)
    subscriber.refresh_from_db()
    assert subscriber.status == "unsubscribed"
    assert subscriber.unsubscribed_at is not None


def test_the_unsubscribe_page_asks_once_and_a_link_scanner_changes_nothing(client):
    subscriber = SubscriberFactory(email="ana@example.com")
    url = local(personal_links(subscriber.pk)["unsubscribe_url"])

    page = client.get(url)

    assert page.status_code == 200
    assert "Stop sending the Miami Current newsletter to ana@example.com" in (
        page.content.decode()
    )
    assert Subscriber.objects.get().status == "active"

    done = client.post(url)

    assert "You are unsubscribed" in done.content.decode()
    assert Subscriber.objects.get().status == "unsubscribed"


def test_a_stale_unsubscribe_link_still_answers_kindly():
    subscriber = SubscriberFactory()
    url = local(personal_links(subscriber.pk)["unsubscribe_url"])
    subscriber.delete()

    response = Client(enforce_csrf_checks=True).post(
        url, {"List-Unsubscribe": "One-Click"}
    )

    assert response.status_code == 200
    assert "You are unsubscribed" in response.content.decode()


def test_a_forged_unsubscribe_link_is_refused(client):
    SubscriberFactory(pk=7)

    response = client.post("/newsletter/unsubscribe/7:forged/")

    assert response.status_code == 400
    assert Subscriber.objects.get().status == "active"


def test_the_reader_downloads_then_deletes_their_data_from_the_link_in_an_email(
    client,
):
    subscriber = SubscriberFactory(email="ana@example.com", name="Ana")
    url = local(personal_links(subscriber.pk)["my_data_url"])

    page = client.get(url)
    assert "ana@example.com" in page.content.decode()
    download = client.get(url, {"format": "json"})
    assert download["Content-Disposition"].startswith("attachment")
    data = json.loads(download.content)
    assert data["email"] == "ana@example.com"
    assert data["consent_text"] == subscriber.consent_text

    deleted = client.post(url)

    assert deleted.status_code == 200
    assert "We hold no data for this link" in deleted.content.decode()
    assert not Subscriber.objects.exists()
    assert client.get(url, {"format": "json"}).status_code == 200


def test_the_my_data_link_expires(client):
    subscriber = SubscriberFactory()
    url = local(personal_links(subscriber.pk)["my_data_url"])

    with time_machine.travel(timezone.now() + timedelta(days=91)):
        response = client.get(url)

    assert response.status_code == 400
    assert subscriber.email not in response.content.decode()


def test_the_admin_exports_subscribers_as_json(admin_client):
    SubscriberFactory(email="ana@example.com")
    SubscriberFactory(email="bo@example.com")

    response = admin_client.post(
        "/admin/newsletter/subscriber/",
        {
            "action": "export_data",
            "_selected_action": list(Subscriber.objects.values_list("pk", flat=True)),
        },
    )

    assert response["Content-Type"] == "application/json"
    assert {row["email"] for row in json.loads(response.content)} == {
        "ana@example.com",
        "bo@example.com",
    }


def test_staff_add_a_reader_by_sending_them_the_confirmation_not_by_listing_them(
    admin_client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(
            "/admin/newsletter/subscriber/add/",
            {"email": "met.at.the.boat.show@example.com", "name": "Luis"},
            follow=True,
        )

    reader = Subscriber.objects.get()
    assert reader.status == "pending"
    assert "A confirmation e-mail is on its way" in response.text
    assert reader.consent_text.startswith("Added by the newsroom")  # not yet agreed
    (message,) = mail.outbox
    link = re.search(r"http://\S+(/newsletter/confirm/\S+/)", message.body).group(1)
    Client().post(link)  # the reader's own click is the agreement
    reader.refresh_from_db()
    assert reader.status == "active"
    assert reader.consent_text == CONSENT_TEXT
    assert reader.consented_at == reader.confirmed_at
    # Nor can staff switch a reader on: the status is not on the form.
    form = admin_client.get(f"/admin/newsletter/subscriber/{reader.pk}/change/")
    assert "status" not in form.context["adminform"].form.fields
    assert "email" not in form.context["adminform"].form.fields  # nor swap the address


def test_staff_adding_an_address_already_on_the_list_are_told_so(admin_client):
    SubscriberFactory(email="ana@example.com")

    response = admin_client.post(
        "/admin/newsletter/subscriber/add/", {"email": "Ana@Example.com", "name": ""}
    )

    assert response.status_code == 200
    assert "This address is already on the list." in response.text
    assert Subscriber.objects.count() == 1
    assert not mail.outbox


def test_staff_unsubscribe_readers_from_the_list(admin_client):
    readers = SubscriberFactory.create_batch(2)

    admin_client.post(
        "/admin/newsletter/subscriber/",
        {"action": "unsubscribe", "_selected_action": [r.pk for r in readers]},
    )

    assert set(Subscriber.objects.values_list("status", flat=True)) == {"unsubscribed"}


def test_a_test_send_carries_no_working_personal_links():
    edition = EditionFactory()
    User.objects.create_user("editor", "editor@example.com")

    send_test(edition=edition, to="editor@example.com")

    (message,) = mail.outbox
    assert message.subject.startswith("[Test] ")
    assert not re.search(r"/newsletter/(unsubscribe|my-data)/", message.body)
