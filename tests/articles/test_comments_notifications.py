"""Comment e-mail goes through the task worker: moderators hear of waiting comments,
commenters who asked hear of replies and can stop with a signed link."""

import re

import pytest
from django.core import mail
from django.core.management import call_command

from articles.comments.signing import stop_token
from articles.models import Comment
from tests.articles.commenting import (
    comment_data,
    confirmed_in_this_browser,
    post_comment,
)
from tests.factories import ArticleFactory, CommentFactory, ConfirmedAddressFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def immediate_tasks(settings):
    """Tasks run as they are enqueued, for tests about what the e-mail says."""
    settings.TASKS = {
        "default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}
    }


@pytest.fixture
def moderator(django_user_model):
    return django_user_model.objects.create_superuser(
        "moderator", email="desk@miamicurrent.example", password="x"
    )


def confirmed(*addresses):
    """Their owners clicked the confirmation link."""
    for address in addresses:
        ConfirmedAddressFactory(email=address)


def run_worker():
    call_command("db_worker", batch=True, no_startup_delay=True, reload=False)


@pytest.mark.django_db(transaction=True)  # the worker opens and closes connections
def test_the_worker_tells_moderators_of_a_waiting_comment(client, moderator):
    article = ArticleFactory(headline="Seawall plan approved")
    # Confirmed, so no confirmation mail; with no approved comment yet, it waits.
    confirmed_in_this_browser(client, "rosa@example.com")
    post_comment(client, article)
    assert not mail.outbox, "nothing is sent while the reader waits"

    run_worker()

    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["desk@miamicurrent.example"]
    assert message.subject == "A comment waits for moderation: Seawall plan approved"
    assert "Sunset Harbour floods every October." in message.body
    assert "/admin/articles/comment/?status__exact=pending" in message.body


def test_approved_comments_do_not_trouble_moderators(
    client, moderator, immediate_tasks, django_capture_on_commit_callbacks
):
    CommentFactory(email="rosa@example.com")
    confirmed_in_this_browser(client, "rosa@example.com")
    with django_capture_on_commit_callbacks(execute=True):
        post_comment(client, ArticleFactory())

    assert not mail.outbox


def reply_to(client, parent, captured, **overrides):
    data = {"email": "tom@example.com", "name": "Tom", "body": "I disagree."}
    with captured(execute=True):
        return post_comment(
            client, parent.article, parent=parent.pk, **(data | overrides)
        )


def test_a_commenter_who_asked_hears_of_replies_and_can_stop(
    client, immediate_tasks, django_capture_on_commit_callbacks
):
    CommentFactory(email="tom@example.com")
    parent = CommentFactory(
        email="rosa@example.com",
        name="Rosa",
        notify_replies=True,
        address_confirmed=True,
    )
    confirmed("rosa@example.com")
    confirmed_in_this_browser(client, "tom@example.com")

    reply_to(client, parent, django_capture_on_commit_callbacks)

    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["rosa@example.com"]
    assert "Tom replied to your comment" in message.subject
    assert "I disagree." in message.body
    reply = Comment.objects.get(body="I disagree.")
    assert f"#comment-{reply.pk}" in message.body
    stop_path = re.search(r"http://\S+(/comments/stop/\S+/)", message.body).group(1)
    assert message.extra_headers["List-Unsubscribe"].endswith(f"{stop_path}>")
    assert "@" not in stop_path  # no address in a link that ends up in logs

    page = client.get(stop_path)
    assert page.status_code == 200
    assert Comment.objects.get(pk=parent.pk).notify_replies, "a GET changes nothing"
    done = client.post(stop_path)
    assert done.status_code == 200
    assert "will not e-mail you about replies" in done.content.decode()
    assert not Comment.objects.get(pk=parent.pk).notify_replies

    reply_to(client, parent, django_capture_on_commit_callbacks, body="Again.")
    assert len(mail.outbox) == 1


def test_no_reply_mail_unasked_or_to_oneself(
    client, immediate_tasks, django_capture_on_commit_callbacks
):
    CommentFactory(email="tom@example.com")
    unasked = CommentFactory(
        email="ana@example.com", notify_replies=False, address_confirmed=True
    )
    own = CommentFactory(
        email="tom@example.com", notify_replies=True, address_confirmed=True
    )
    confirmed("ana@example.com")
    confirmed_in_this_browser(client, "tom@example.com")

    reply_to(client, unasked, django_capture_on_commit_callbacks)
    reply_to(client, own, django_capture_on_commit_callbacks)

    assert not mail.outbox


def test_a_waiting_reply_is_announced_when_a_moderator_approves_it(
    client, admin_client, immediate_tasks, django_capture_on_commit_callbacks
):
    parent = CommentFactory(
        email="rosa@example.com", notify_replies=True, address_confirmed=True
    )
    confirmed("rosa@example.com")
    # Confirmed, but with no approved comment yet: the reply waits.
    confirmed_in_this_browser(client, "new@example.com")
    reply_to(
        client, parent, django_capture_on_commit_callbacks, email="new@example.com"
    )
    reply = Comment.objects.get(email="new@example.com")
    assert reply.status == Comment.Status.PENDING
    assert [m.subject.split(":")[0] for m in mail.outbox] == [
        "A comment waits for moderation"
    ], "only the moderator (admin_client's user) hears of it so far"
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        admin_client.post(
            "/admin/articles/comment/",
            {"action": "approve", "_selected_action": [reply.pk]},
        )

    assert [m.to for m in mail.outbox] == [["rosa@example.com"]]


def test_a_reply_is_announced_in_the_language_of_the_comment_replied_to(
    client, immediate_tasks, django_capture_on_commit_callbacks
):
    CommentFactory(email="tom@example.com")  # known, so not held for moderation
    parent = CommentFactory(
        email="rosa@example.com",
        name="Rosa",
        notify_replies=True,
        address_confirmed=True,
        language="es",
    )
    confirmed("rosa@example.com")
    confirmed_in_this_browser(client, "tom@example.com")

    reply_to(client, parent, django_capture_on_commit_callbacks)

    (message,) = mail.outbox
    assert message.subject.startswith("Tom respondió a su comentario en ")
    assert message.body.startswith("Hola, Rosa:\n\nTom respondió a su comentario en «")
    assert "Lea la conversación: http" in message.body
    assert "Para dejar de recibir correos sobre respuestas" in message.body


def test_a_tampered_stop_link_changes_nothing(client):
    parent = CommentFactory(notify_replies=True)

    response = client.post(f"/comments/stop/{parent.pk}:{parent.email}:forged/")

    assert response.status_code == 400
    assert Comment.objects.get(pk=parent.pk).notify_replies


def test_a_stop_link_is_bound_to_the_address_it_was_sent_to(client):
    parent = CommentFactory(notify_replies=True, email="rosa@example.com")
    link = f"/comments/stop/{stop_token(parent)}/"
    Comment.objects.filter(pk=parent.pk).update(email="someone.else@example.com")

    response = client.post(link)

    assert response.status_code == 400
    assert Comment.objects.get(pk=parent.pk).notify_replies


def test_stop_links_sent_before_fingerprints_or_under_a_retired_key_still_work(
    client, settings
):
    from django.core import signing

    old_style, rotated = CommentFactory.create_batch(2, notify_replies=True)
    signer = signing.Signer(salt="articles.comments.stop")
    legacy = signer.sign(f"{old_style.pk}:{old_style.email.lower()}")
    before_rotation = stop_token(rotated)
    settings.SECRET_KEY_FALLBACKS = [settings.SECRET_KEY]
    settings.SECRET_KEY = "a-new-key-" + "x" * 50

    for token in (legacy, before_rotation):
        assert client.post(f"/comments/stop/{token}/").status_code == 200
    assert not Comment.objects.filter(notify_replies=True).exists()


def test_a_comment_keeps_the_language_it_was_written_in(
    client, immediate_tasks, django_capture_on_commit_callbacks
):
    parent = CommentFactory(email="rosa@example.com", notify_replies=True)
    confirmed_in_this_browser(client, "tom@example.com")
    # The address alone says the language (README "Languages"): the Spanish form.
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            f"/es/comments/{parent.article.pk}/",
            comment_data(
                email="tom@example.com", name="Tom", body="¡Bravo!", parent=parent.pk
            ),
        )
    reply_to(client, parent, django_capture_on_commit_callbacks, body="Well put.")

    languages = dict(Comment.objects.values_list("body", "language"))
    assert languages["¡Bravo!"] == "es"
    assert languages["Well put."] == "en"
