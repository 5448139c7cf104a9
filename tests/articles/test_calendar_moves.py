"""The calendar: moving a scheduled story (drag and drop, or the keyboard
form) is an editor's POST; busy days say how many more; a day starts a story."""

from datetime import timedelta

import pytest
from django.utils import timezone

from articles.models import Article
from tests.articles.admin_helpers import staff
from tests.factories import ArticleFactory
from tests.helpers import sign_in

pytestmark = pytest.mark.django_db

CALENDAR = "/admin/articles/article/calendar/"
MOVE = "/admin/articles/article/calendar/move/"


def local_input(moment) -> str:
    return timezone.localtime(moment).strftime("%Y-%m-%dT%H:%M")


@pytest.fixture
def editor(client):
    sign_in(client, staff("eddie", "Editors"))


def test_an_editor_moves_a_scheduled_story(client, editor):
    story = ArticleFactory(publish_at=timezone.now() + timedelta(days=1))
    when = (timezone.now() + timedelta(days=3)).replace(second=0, microsecond=0)

    response = client.post(
        MOVE,
        {"article": story.pk, "publish_at": local_input(when)},
        headers={"Accept": "application/json"},
    )

    assert response.status_code == 200
    story.refresh_from_db()
    assert (story.publish_at, story.desk_state) == (when, "scheduled")


def test_the_keyboard_form_moves_and_returns_to_the_calendar(client, editor):
    story = ArticleFactory(publish_at=timezone.now() + timedelta(days=1))
    page = client.get(CALENDAR).text
    assert f'name="article" value="{story.pk}"' in page
    assert 'draggable="true"' in page
    when = (timezone.now() + timedelta(days=2)).replace(second=0, microsecond=0)

    response = client.post(MOVE, {"article": story.pk, "publish_at": local_input(when)})

    assert response.status_code == 302
    story.refresh_from_db()
    assert story.publish_at == when


def test_moves_into_the_past_or_of_live_stories_are_refused(client, editor):
    live = ArticleFactory()
    scheduled = ArticleFactory(publish_at=timezone.now() + timedelta(days=1))
    later = local_input(timezone.now() + timedelta(days=5))

    past = client.post(
        MOVE,
        {
            "article": scheduled.pk,
            "publish_at": local_input(timezone.now() - timedelta(hours=1)),
        },
        headers={"Accept": "application/json"},
    )
    assert past.status_code == 400
    assert "time still to come" in past.json()["errors"][0]
    assert (
        client.post(MOVE, {"article": live.pk, "publish_at": later}).status_code == 404
    )
    assert client.post(MOVE, {"article": "x", "publish_at": "soon"}).status_code == 302
    assert client.get(MOVE).status_code == 405


def test_a_contributors_crafted_move_is_refused(client):
    sign_in(client, staff("casey", "Contributors"))
    story = ArticleFactory(publish_at=timezone.now() + timedelta(days=1))
    before = story.publish_at

    response = client.post(
        MOVE,
        {
            "article": story.pk,
            "publish_at": local_input(timezone.now() + timedelta(days=4)),
        },
    )

    assert response.status_code == 403
    story.refresh_from_db()
    assert story.publish_at == before


def test_a_busy_day_says_how_many_more_and_a_day_starts_a_story(client, editor):
    day = (timezone.localtime() + timedelta(days=1)).replace(hour=8, minute=0)
    for n in range(6):
        ArticleFactory(publish_at=day + timedelta(minutes=n))

    page = client.get(CALENDAR, {"month": f"{day:%Y-%m}"}).text

    assert "+2 more" in page
    new_story = f"/admin/articles/article/add/?day={day:%Y-%m-%d}"
    assert new_story in page
    form = client.get(new_story).context["adminform"].form
    assert timezone.localtime(form.initial["publish_at"]).strftime(
        "%Y-%m-%d %H:%M"
    ) == (f"{day:%Y-%m-%d} 09:00")
    assert client.get("/admin/articles/article/add/?day=not-a-day").status_code == 200
    assert Article.objects.count() == 6
