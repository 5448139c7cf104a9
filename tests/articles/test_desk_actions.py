"""The article form's desk buttons: each does what it says, and only for the
roles that may (a crafted POST is refused on the server)."""

from datetime import timedelta

import pytest
import time_machine
from django.utils import timezone

from articles.models import Article
from tests.articles.admin_helpers import article_form_data
from tests.factories import ArticleFactory, CategoryFactory, ImageFactory

pytestmark = pytest.mark.django_db

ADD_URL = "/admin/articles/article/add/"


def change_url(article):
    return f"/admin/articles/article/{article.pk}/change/"


def offered(client, url) -> list[str]:
    return [action.value for action in client.get(url).context["desk_actions"]]


@pytest.mark.parametrize(
    ("action", "status"),
    [("draft", Article.Status.DRAFT), ("review", Article.Status.IN_REVIEW)],
)
def test_a_contributor_saves_a_draft_or_submits_it(client, contributor, action, status):
    category = CategoryFactory()
    response = client.post(
        ADD_URL, article_form_data(category=category.pk, desk_action=action)
    )
    assert response.status_code == 302
    assert Article.objects.get().status == status


@pytest.mark.parametrize("action", ["publish", "schedule", "unpublish"])
def test_a_contributors_crafted_publishing_action_is_refused(
    client, contributor, action
):
    category = CategoryFactory()
    data = article_form_data(
        category=category.pk,
        headline="Kept text",
        desk_action=action,
        publish_at=timezone.now() + timedelta(days=1),
    )

    response = client.post(ADD_URL, data)

    assert response.status_code == 200
    assert "Only editors can publish" in str(
        response.context["adminform"].form.non_field_errors()
    )
    assert response.context["adminform"].form["headline"].value() == "Kept text"
    assert not Article.objects.exists()


def test_the_form_offers_each_role_its_buttons(client, contributor):
    assert offered(client, ADD_URL) == ["draft", "review"]
    page = client.get(ADD_URL).text
    assert 'name="desk_action" value="review"' in page
    assert 'value="publish"' not in page


def test_editors_are_offered_publishing_and_unpublishing(client, editor):
    assert offered(client, ADD_URL) == ["draft", "review", "publish", "schedule"]
    live = ArticleFactory()
    assert offered(client, change_url(live)) == ["unpublish"]
    scheduled = ArticleFactory(publish_at=timezone.now() + timedelta(hours=3))
    assert offered(client, change_url(scheduled)) == [
        "draft",
        "review",
        "publish",
        "schedule",
        "unpublish",
    ]


def test_publish_now_on_a_draft_sets_its_time_to_now(client, editor):
    draft = ArticleFactory(
        status=Article.Status.DRAFT, publish_at=timezone.now() - timedelta(days=9)
    )
    pressed = timezone.now()
    with time_machine.travel(pressed, tick=False):
        response = client.post(
            change_url(draft), article_form_data(draft, desk_action="publish")
        )
    assert response.status_code == 302
    draft.refresh_from_db()
    assert (draft.status, draft.publish_at) == (Article.Status.PUBLISHED, pressed)
    assert list(Article.objects.published()) == [draft]


def test_schedule_needs_a_future_time_and_then_waits_for_it(client, editor):
    draft = ArticleFactory(status=Article.Status.DRAFT)
    past = client.post(
        change_url(draft),
        article_form_data(
            draft,
            desk_action="schedule",
            publish_at=timezone.now() - timedelta(hours=1),
        ),
    )
    assert "publish_at" in past.context["adminform"].form.errors

    when = (timezone.now() + timedelta(hours=4)).replace(microsecond=0)
    response = client.post(
        change_url(draft),
        article_form_data(draft, desk_action="schedule", publish_at=when),
    )
    assert response.status_code == 302
    draft.refresh_from_db()
    assert (draft.desk_state, draft.publish_at) == ("scheduled", when)


def test_unpublish_takes_a_live_story_back_to_a_draft(client, editor):
    live = ArticleFactory()
    response = client.post(
        change_url(live), article_form_data(live, desk_action="unpublish")
    )
    assert response.status_code == 302
    live.refresh_from_db()
    assert live.status == Article.Status.DRAFT
    assert not Article.objects.published().exists()


def test_an_unknown_action_is_a_form_error_not_a_500(client, editor):
    category = CategoryFactory()
    response = client.post(
        ADD_URL, article_form_data(category=category.pk, desk_action="launch")
    )
    assert response.status_code == 200
    assert response.context["adminform"].form.non_field_errors()
    assert not Article.objects.exists()


def test_the_form_states_the_newsrooms_time_zone(client, editor, settings):
    form = client.get(ADD_URL).context["adminform"].form
    assert settings.TIME_ZONE in str(form.fields["publish_at"].help_text)


def test_the_checklist_flags_what_is_missing_before_publishing(client, editor):
    story = ArticleFactory(
        status=Article.Status.DRAFT,
        lead_image=ImageFactory(alt_text=""),
        seo_title="x" * 61,
        meta_description="Short.",
    )

    page = client.get(change_url(story)).text

    assert "The lead image has no alt text." in page
    assert "The search title is 61 characters; keep it to 60." in page
    assert "The search description is 6 characters; 50 to 160 read best." in page


def test_a_story_ready_to_go_has_nothing_on_its_checklist():
    story = ArticleFactory(
        lead_image=ImageFactory(alt_text="Boats at the Miami Beach marina"),
        seo_title="Boat show opens",
        meta_description="The boat show opens on Thursday with record crowds expected.",
    )
    assert story.missing_before_publishing() == []
    story.lead_image = None
    assert [str(m) for m in story.missing_before_publishing()] == ["No lead image."]
