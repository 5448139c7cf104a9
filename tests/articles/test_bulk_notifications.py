"""The list's Publish now tells each story's writers, as the form's does:
one task per story, after the action commits."""

from datetime import timedelta
from functools import partial

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from articles import tasks
from articles.models import Article
from tests.articles.admin_helpers import staff
from tests.factories import ArticleFactory
from tests.helpers import sign_in

LIST_URL = "/admin/articles/article/"


def run_worker():
    call_command("db_worker", batch=True, no_startup_delay=True, reload=False)


def run_action(client, action, stories):
    response = client.post(
        LIST_URL, {"action": action, "_selected_action": [s.pk for s in stories]}
    )
    assert response.status_code == 302


@pytest.mark.django_db(transaction=True)  # the worker opens and closes connections
def test_publish_now_in_bulk_mails_the_writers_of_each_story_it_publishes(client):
    writer, other_writer = staff("casey", "Contributors"), staff("kim", "Contributors")
    editor = staff("eddie", "Editors")
    sign_in(client, editor)
    drafts = [
        ArticleFactory(headline="Manatees return", status=Article.Status.DRAFT),
        ArticleFactory(headline="Boat show opens", status=Article.Status.IN_REVIEW),
    ]
    live = ArticleFactory(headline="Already out")
    scheduled = ArticleFactory(
        headline="Out tomorrow", publish_at=timezone.now() + timedelta(days=1)
    )
    for story, by in zip(
        [*drafts, live, scheduled], [writer, other_writer] * 2, strict=True
    ):
        Article.objects.filter(pk=story.pk).update(created_by=by)

    run_action(client, "publish_now", [*drafts, live, scheduled])
    run_worker()

    sent = sorted((message.to, message.subject) for message in mail.outbox)
    assert sent == [
        (["casey@miamicurrent.example"], "Published: Manatees return"),
        (["kim@miamicurrent.example"], "Published: Boat show opens"),
    ]
    assert editor.email not in [to for message in mail.outbox for to in message.to]

    mail.outbox.clear()
    run_action(client, "unpublish", drafts)
    run_action(client, "archive", [live])
    run_worker()
    assert mail.outbox == []  # as from the form: only publishing is announced


@pytest.mark.django_db
def test_the_mails_wait_for_the_commit_one_task_per_story(
    client, django_capture_on_commit_callbacks
):
    editor = staff("eddie", "Editors")
    sign_in(client, editor)
    drafts = ArticleFactory.create_batch(3, status=Article.Status.DRAFT)

    with django_capture_on_commit_callbacks() as callbacks:
        run_action(client, "publish_now", drafts)

    enqueued = [
        callback.args
        for callback in callbacks
        if isinstance(callback, partial)
        and callback.func == tasks.notify_writers.enqueue
    ]
    assert sorted(enqueued) == sorted((s.pk, "published", editor.pk) for s in drafts)
