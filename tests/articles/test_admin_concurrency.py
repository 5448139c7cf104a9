"""Two editors saving the same story at the same moment: exactly one save lands."""

import threading

import pytest
from django.db import connection, connections
from django.test import Client
from reversion.models import Version

from articles.admin.articles import ArticleAdmin
from articles.models import Article, PendingChanges
from tests.articles.admin_helpers import article_form_data, staff
from tests.factories import ArticleFactory
from tests.helpers import sign_in

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="SQLite has one writer for the whole file and no row locks: "
        "two connections cannot race between the check and the write there.",
    ),
]

# How long the first save holds its place between the check and the write,
# giving the second save time to run past it if nothing stopped it.
RACE_WINDOW_SECONDS = 1.0


@pytest.mark.parametrize("status", [Article.Status.DRAFT, Article.Status.PUBLISHED])
def test_of_two_racing_saves_one_lands_and_the_other_is_refused_with_text_kept(
    monkeypatch, status
):
    """A live story's saves race the same way: their text lands in its
    pending changes (``PendingChanges``), not on the story."""
    first_editor, second_editor = staff("eddie", "Editors"), staff("erin", "Editors")
    story = ArticleFactory(headline="Seawall vote", status=status)
    story_id, revisions_before = story.pk, Version.objects.get_for_object(story).count()
    first_form = article_form_data(story, headline="Seawall vote passes 6-1")
    second_form = article_form_data(story, body="<p>My long rewrite.</p>")

    first_checked, second_answered = threading.Event(), threading.Event()
    responses = {}
    save_model = ArticleAdmin.save_model

    def save_after_a_pause(self, request, obj, form, change):
        """The first editor's save stops between its check and its write."""
        if request.user == first_editor:
            first_checked.set()
            second_answered.wait(RACE_WINDOW_SECONDS)
        save_model(self, request, obj, form, change)

    monkeypatch.setattr(ArticleAdmin, "save_model", save_after_a_pause)

    def post(editor, form, done=None):
        client = Client()
        sign_in(client, editor)
        try:
            responses[editor.username] = client.post(
                f"/admin/articles/article/{story_id}/change/", form
            )
        finally:
            connections.close_all()
            if done:
                done.set()

    first = threading.Thread(target=post, args=(first_editor, first_form))
    first.start()
    assert first_checked.wait(10)
    second = threading.Thread(
        target=post, args=(second_editor, second_form, second_answered)
    )
    second.start()
    first.join(20)
    second.join(20)

    assert responses["eddie"].status_code == 302
    refused = responses["erin"]
    assert refused.status_code == 200
    said = (
        "eddie saved unpublished changes to this story at"
        if status == Article.Status.PUBLISHED
        else "eddie saved this story at"
    )
    assert said in refused.text
    assert "My long rewrite." in refused.text
    if status == Article.Status.PUBLISHED:
        story = PendingChanges.objects.get(article_id=story_id)
        assert Article.objects.get(pk=story_id).headline == "Seawall vote"
    else:
        story = Article.objects.get(pk=story_id)
        assert Version.objects.get_for_object(story).count() == revisions_before + 1
    assert story.headline == "Seawall vote passes 6-1"
    assert story.body == "<p>The first paragraph.</p>"
