"""The form's buttons change a story's status; the old status menu is gone.
The status the form opened with travels hidden, so a plain save keeps it."""

from datetime import timedelta

import pytest
from django.utils import timezone

from articles.models import Article
from tests.articles.admin_helpers import article_form_data
from tests.factories import ArticleFactory

pytestmark = pytest.mark.django_db


def change_url(article):
    return f"/admin/articles/article/{article.pk}/change/"


def test_the_form_says_the_status_and_offers_buttons_not_a_menu(client, editor):
    story = ArticleFactory(
        status=Article.Status.PUBLISHED, publish_at=timezone.now() + timedelta(days=1)
    )

    page = client.get(change_url(story)).text

    assert '<select name="status"' not in page
    assert '<input type="hidden" name="status" value="scheduled"' in page
    assert '<div class="readonly">Scheduled</div>' in page
    assert 'name="desk_action" value="publish"' in page


def test_a_plain_save_keeps_a_scheduled_story_scheduled(client, editor):
    publish_at = (timezone.now() + timedelta(days=1)).replace(microsecond=0)
    story = ArticleFactory(status=Article.Status.PUBLISHED, publish_at=publish_at)
    form = client.get(change_url(story)).context["adminform"].form

    response = client.post(
        change_url(story),
        article_form_data(story, status=form["status"].value(), headline="Edited"),
    )

    assert response.status_code == 302
    story.refresh_from_db()
    assert (story.desk_state, story.publish_at, story.headline) == (
        "scheduled",
        publish_at,
        "Edited",
    )
