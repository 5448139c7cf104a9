"""The review workflow: a submission tells the editors, a story sent back or
published tells its writers, through the task worker after the save commits;
notes are kept with the story and shown on its form."""

import pytest
from django.core import mail
from django.core.management import call_command

from articles.models import Article, StoryNote
from tests.articles.admin_helpers import article_form_data, staff
from tests.factories import ArticleFactory, CategoryFactory
from tests.helpers import sign_in

ADD_URL = "/admin/articles/article/add/"


def change_url(article):
    return f"/admin/articles/article/{article.pk}/change/"


def run_worker():
    call_command("db_worker", batch=True, no_startup_delay=True, reload=False)


@pytest.mark.django_db(transaction=True)  # the worker opens and closes connections
def test_the_review_round_trip_goes_through_the_worker(client):
    writer = staff("casey", "Contributors")
    editor = staff("eddie", "Editors")
    sign_in(client, writer)
    category = CategoryFactory()
    response = client.post(
        ADD_URL,
        article_form_data(
            category=category.pk,
            headline="Seawall vote passes",
            desk_action="review",
            desk_note="Quotes checked with the mayor's office.",
        ),
    )
    assert response.status_code == 302
    assert not mail.outbox, "nothing is sent before the worker runs"

    run_worker()

    (to_editors,) = mail.outbox
    assert to_editors.to == [editor.email]
    assert to_editors.subject == "A story waits for review: Seawall vote passes"
    story = Article.objects.get()
    assert f"/admin/articles/article/{story.pk}/change/" in to_editors.body
    assert "Quotes checked with the mayor's office." in to_editors.body

    mail.outbox.clear()
    client.logout()
    sign_in(client, editor)
    response = client.post(
        change_url(story),
        article_form_data(
            story, desk_action="send-back", desk_note="Needs a second source."
        ),
    )
    assert response.status_code == 302
    run_worker()

    (to_writer,) = mail.outbox
    assert to_writer.to == [writer.email]
    assert to_writer.subject == "Sent back to you: Seawall vote passes"
    assert "Needs a second source." in to_writer.body
    story.refresh_from_db()
    assert story.status == Article.Status.DRAFT
    assert list(story.notes.values_list("kind", "text")) == [
        (StoryNote.Kind.SENT_BACK, "Needs a second source."),
        (StoryNote.Kind.NOTE, "Quotes checked with the mayor's office."),
    ]

    mail.outbox.clear()
    client.post(change_url(story), article_form_data(story, desk_action="publish"))
    run_worker()
    (published,) = mail.outbox
    assert published.to == [writer.email]
    assert published.subject == "Published: Seawall vote passes"
    assert story.get_absolute_url() in published.body


@pytest.mark.django_db
def test_sending_back_needs_a_note_and_loses_nothing(client):
    sign_in(client, staff("eddie", "Editors"))
    story = ArticleFactory(status=Article.Status.IN_REVIEW, headline="Boat show")

    response = client.post(
        change_url(story), article_form_data(story, desk_action="send-back")
    )

    assert response.status_code == 200
    assert "desk_note" in response.context["adminform"].form.errors
    story.refresh_from_db()
    assert story.status == Article.Status.IN_REVIEW
    assert not story.notes.exists()


@pytest.mark.django_db
def test_a_contributor_cannot_send_a_story_back(client):
    writer = staff("casey", "Contributors")
    sign_in(client, writer)
    story = ArticleFactory(status=Article.Status.IN_REVIEW, created_by=writer)

    response = client.post(
        change_url(story),
        article_form_data(story, desk_action="send-back", desk_note="Nope"),
    )

    assert response.status_code == 200
    story.refresh_from_db()
    assert story.status == Article.Status.IN_REVIEW
    assert not story.notes.exists()


@pytest.mark.django_db
def test_notes_are_shown_on_the_form_to_everyone_on_the_story(client):
    writer = staff("casey", "Contributors")
    story = ArticleFactory(status=Article.Status.DRAFT, created_by=writer)
    StoryNote.objects.create(
        article=story, author=staff("eddie", "Editors"), text="Lead with the vote."
    )
    sign_in(client, writer)

    page = client.get(change_url(story)).text

    assert "Lead with the vote." in page
    assert 'name="desk_note"' in page


@pytest.mark.django_db
def test_resaving_a_story_in_review_does_not_tell_the_editors_again(
    client, django_capture_on_commit_callbacks
):
    writer = staff("casey", "Contributors")
    staff("eddie", "Editors")
    story = ArticleFactory(status=Article.Status.IN_REVIEW, created_by=writer)
    sign_in(client, writer)

    with django_capture_on_commit_callbacks() as callbacks:
        client.post(change_url(story), article_form_data(story, desk_action="review"))

    story.refresh_from_db()
    assert story.status == Article.Status.IN_REVIEW
    assert [c for c in callbacks if "notify" in repr(c)] == []
