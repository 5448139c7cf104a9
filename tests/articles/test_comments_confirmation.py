"""A commenter's identity is a confirmed address, never a typed string: trust
and reply e-mail follow a one-time link's click, in the browser that made it."""

import re
from datetime import timedelta

import pytest
import time_machine
from django.core import mail
from django.test import Client
from django.utils import timezone

from articles.comments.signing import PROOF_COOKIE
from articles.models import Comment, ConfirmedAddress
from tests.articles.commenting import confirmed_in_this_browser, post_comment
from tests.factories import ArticleFactory, CommentFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def immediate_tasks(settings):
    settings.TASKS = {
        "default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}
    }


@pytest.fixture
def article():
    return ArticleFactory(headline="Seawall plan approved")


def confirmation_path(message) -> str:
    return re.search(r"http://\S+(/comments/confirm/\S+/)", message.body).group(1)


def post(client, article, captured, **data):
    with captured(execute=True):
        return post_comment(client, article, **data)


def test_an_impostors_comment_under_a_trusted_address_waits(
    client, article, django_capture_on_commit_callbacks
):
    # Rosa confirmed her address and has comments on the page: she is trusted.
    CommentFactory(email="rosa@example.com", address_confirmed=True)
    ConfirmedAddress.objects.create(email="rosa@example.com")

    # A stranger types her address, from a browser that never confirmed it.
    post(
        client,
        article,
        django_capture_on_commit_callbacks,
        name="Rosa Delgado",
        email="Rosa@Example.com",
        body="Buy cheap watches at spam.example",
    )

    comment = Comment.objects.get(article=article)
    assert comment.status == Comment.Status.PENDING
    assert not comment.address_confirmed
    others = Client().get(article.get_absolute_url()).text  # not the writer's
    assert "cheap watches" not in others
    # The real Rosa gets a link to confirm, carrying none of the stranger's words.
    (message,) = mail.outbox
    assert message.to == ["rosa@example.com"]
    assert "watches" not in message.body
    assert "Rosa Delgado" not in message.body
    assert "Seawall plan approved" in message.body


def test_an_imported_address_with_approved_comments_is_not_trusted(
    client, article, django_capture_on_commit_callbacks
):
    CommentFactory(email="rosa@example.com")  # approved, never confirmed

    post(client, article, django_capture_on_commit_callbacks)

    assert Comment.objects.get(article=article).status == Comment.Status.PENDING
    assert not ConfirmedAddress.objects.exists()


def test_the_confirmation_link_works_once_and_releases_the_comment_by_the_rules(
    client, article, django_capture_on_commit_callbacks
):
    CommentFactory(email="rosa@example.com")  # approved before addresses were confirmed
    post(client, article, django_capture_on_commit_callbacks)
    comment = Comment.objects.get(article=article)
    link = confirmation_path(mail.outbox[0])
    assert "@" not in link

    page = client.get(link)
    assert page.status_code == 200
    assert "Confirm my address" in page.text
    comment.refresh_from_db()
    assert comment.status == Comment.Status.PENDING  # a link scanner confirms nothing

    done = client.post(link)

    assert done.status_code == 200
    assert "your address is confirmed" in done.text
    comment.refresh_from_db()
    assert comment.status == Comment.Status.APPROVED  # confirmed, with a history
    assert comment.address_confirmed
    assert ConfirmedAddress.objects.filter(email="rosa@example.com").exists()
    assert done.cookies[PROOF_COOKIE]["path"] == "/comments/"
    # Used once: the same link does nothing more.
    again = client.post(link)
    assert again.status_code == 400
    assert "already been used" in again.text
    assert client.get(link).status_code == 400

    # This browser now proves the address: the next comment needs no link.
    mail.outbox.clear()
    post(client, article, django_capture_on_commit_callbacks, body="Me again.")
    assert Comment.objects.get(body="Me again.").status == Comment.Status.APPROVED
    assert not mail.outbox


def test_a_first_time_commenter_is_confirmed_but_still_waits_for_a_moderator(
    client, article, django_capture_on_commit_callbacks
):
    post(client, article, django_capture_on_commit_callbacks)

    client.post(confirmation_path(mail.outbox[0]))

    comment = Comment.objects.get()
    assert comment.address_confirmed
    assert comment.status == Comment.Status.PENDING


def test_a_confirmation_link_expires_after_seven_days(
    client, article, django_capture_on_commit_callbacks
):
    post(client, article, django_capture_on_commit_callbacks)
    link = confirmation_path(mail.outbox[0])

    with time_machine.travel(timezone.now() + timedelta(days=7, minutes=1)):
        response = client.post(link)

    assert response.status_code == 400
    assert not ConfirmedAddress.objects.exists()


def test_confirmation_mail_to_one_address_is_capped_per_day(
    client, article, django_capture_on_commit_callbacks, settings
):
    settings.COMMENTS_PER_EMAIL_PER_HOUR = 100
    for n in range(5):
        post(client, article, django_capture_on_commit_callbacks, body=f"Try {n}.")

    assert len(mail.outbox) == 3


def reply(client, parent, captured, body="I disagree."):
    with captured(execute=True):
        return post_comment(
            client,
            parent.article,
            parent=parent.pk,
            email="tom@example.com",
            name="Tom",
            body=body,
        )


def test_reply_mail_goes_only_to_an_address_its_writer_confirmed(
    client, django_capture_on_commit_callbacks
):
    confirmed_in_this_browser(client, "tom@example.com")
    CommentFactory(email="tom@example.com")
    typed = CommentFactory(email="victim@example.com", notify_replies=True)
    ConfirmedAddress.objects.create(email="victim@example.com")
    owned = CommentFactory(
        email="rosa@example.com", notify_replies=True, address_confirmed=True
    )
    ConfirmedAddress.objects.create(email="rosa@example.com")

    reply(client, typed, django_capture_on_commit_callbacks)
    reply(client, owned, django_capture_on_commit_callbacks)

    assert [message.to for message in mail.outbox] == [["rosa@example.com"]]


def test_reply_mail_to_one_address_is_capped_per_day(
    client, django_capture_on_commit_callbacks, settings
):
    settings.COMMENTS_REPLY_MAILS_PER_DAY = 2
    settings.COMMENTS_PER_EMAIL_PER_HOUR = 100
    confirmed_in_this_browser(client, "tom@example.com")
    CommentFactory(email="tom@example.com")
    ConfirmedAddress.objects.create(email="rosa@example.com")
    parents = CommentFactory.create_batch(
        4, email="rosa@example.com", notify_replies=True, address_confirmed=True
    )

    for parent in parents:
        reply(client, parent, django_capture_on_commit_callbacks)
    assert len(mail.outbox) == 2

    with time_machine.travel(timezone.now() + timedelta(days=1, minutes=1)):
        reply(client, parents[0], django_capture_on_commit_callbacks, body="Later.")
    assert len(mail.outbox) == 3


def test_the_reply_mails_list_unsubscribe_header_is_raw(
    client, django_capture_on_commit_callbacks, settings
):
    settings.SITE_URL = "https://www.miami-current-magazine.example"
    confirmed_in_this_browser(client, "tom@example.com")
    CommentFactory(email="tom@example.com")
    parent = CommentFactory(
        email="rosa@example.com", notify_replies=True, address_confirmed=True
    )
    ConfirmedAddress.objects.create(email="rosa@example.com")

    reply(client, parent, django_capture_on_commit_callbacks)

    (message,) = mail.outbox
    wire = message.message().as_bytes()
    header = re.search(rb"^List-Unsubscribe: (.*)$", wire, re.MULTILINE).group(1)
    stop = re.search(r"https://\S+/comments/stop/\S+/", message.body).group(0)
    assert header.decode() == f"<{stop}>"  # one line, no =?utf-8?q?…?=
