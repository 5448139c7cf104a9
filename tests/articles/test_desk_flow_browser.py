"""The desk's workflow in a real browser: the publish buttons, a shareable
preview opened by someone without an account, and a calendar drag."""

from datetime import timedelta

import pytest
from django.utils import timezone

from articles.models import Article, PreviewLink
from tests.articles.admin_helpers import desk_editor, log_in
from tests.factories import ArticleFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def editor(db):
    return desk_editor()


def test_publish_now_and_a_shared_preview(page, browser, live_server, editor):
    story = ArticleFactory(
        status=Article.Status.DRAFT,
        headline="Manatees return to the canal",
        publish_at=timezone.now() - timedelta(days=3),
    )
    log_in(page, live_server)
    change = f"{live_server.url}/admin/articles/article/{story.pk}/change/"

    page.goto(change)
    page.get_by_role("button", name="Make a shareable preview link").click()
    page.locator(".messagelist .success").wait_for()
    # The link names SITE_URL; this test's server listens elsewhere.
    shared = page.locator(".share-links input").input_value()
    link = live_server.url + shared[shared.index("/preview/") :]
    assert PreviewLink.objects.get().article == story

    stranger = browser.new_context().new_page()
    response = stranger.goto(link)
    assert response.status == 200
    assert stranger.locator("article h1").inner_text() == story.headline
    assert "no-store" in response.headers["cache-control"]
    assert response.headers["x-robots-tag"] == "noindex, nofollow"

    page.goto(change)
    page.get_by_role("button", name="Publish now").click()
    page.locator(".messagelist .success").wait_for()
    story.refresh_from_db()
    assert story.desk_state == "published"
    assert story.publish_at > timezone.now() - timedelta(minutes=5)

    page.goto(change)
    page.get_by_role("button", name="Withdraw").click()
    page.locator(".messagelist .success").wait_for()
    assert stranger.goto(link).status == 404


def test_an_editor_drags_a_scheduled_story_to_another_day(page, live_server, editor):
    start = (timezone.localtime() + timedelta(days=1)).replace(
        hour=10, minute=0, second=0, microsecond=0
    )
    target = start + timedelta(days=1)
    story = ArticleFactory(headline="Boat show opens", publish_at=start)
    log_in(page, live_server)
    # The month with both days in it (the target may be the next one).
    page.goto(f"{live_server.url}/admin/articles/article/calendar/?month={start:%Y-%m}")
    if target.month != start.month:
        pytest.skip("the next day is in another month today")

    # Picked up by its time (the middle of the entry is its Move form's input).
    page.locator(f"li[data-article='{story.pk}'] time").drag_to(
        page.locator(f"td[data-date='{target:%Y-%m-%d}']")
    )
    page.wait_for_load_state()
    page.locator(
        f"td[data-date='{target:%Y-%m-%d}'] li[data-article='{story.pk}']"
    ).wait_for()
    story.refresh_from_db()
    assert timezone.localtime(story.publish_at) == target
