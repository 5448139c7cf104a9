"""Roles: contributors write and submit, editors publish; enforced on the server."""

from datetime import timedelta

import pytest
from django.contrib.auth.models import Group
from django.utils import timezone

from articles.models import Article
from tests.articles.admin_helpers import article_form_data, ensure_roles, staff
from tests.factories import ArticleFactory, AuthorFactory, CategoryFactory

pytestmark = pytest.mark.django_db

ADD_URL = "/admin/articles/article/add/"
LIST_URL = "/admin/articles/article/"


def change_url(article):
    return f"/admin/articles/article/{article.pk}/change/"


@pytest.fixture
def contributor(client):
    user = staff("casey", "Contributors")
    client.force_login(user)
    return user


@pytest.fixture
def editor_client(client):
    client.force_login(staff("eddie", "Editors"))
    return client


def test_the_roles_are_groups_with_the_right_permissions():
    ensure_roles()
    contributors = Group.objects.get(name="Contributors")
    editors = Group.objects.get(name="Editors")

    def codenames(group):
        return set(group.permissions.values_list("codename", flat=True))

    assert {"add_article", "change_article", "add_image"} <= codenames(contributors)
    assert "publish_article" not in codenames(contributors)
    assert "delete_article" not in codenames(contributors)
    assert codenames(contributors) < codenames(editors)
    assert {"publish_article", "change_comment", "change_redirect"} <= codenames(
        editors
    )


@pytest.mark.parametrize(
    "status",
    [Article.Status.PUBLISHED, Article.Status.SCHEDULED, Article.Status.ARCHIVED],
)
def test_a_contributors_crafted_post_to_publish_is_refused(client, contributor, status):
    category = CategoryFactory()
    data = article_form_data(category=category.pk, status=status)

    response = client.post(ADD_URL, data)

    assert response.status_code == 200
    assert not Article.objects.exists()
    assert "Seawall vote passes" in response.text  # the contributor's words are kept
    errors = response.context["adminform"].form.errors["status"]
    assert errors == [
        "Only editors can publish, schedule or archive a story. Save it as a draft or submit it for review."
    ]


def test_a_contributor_writes_a_draft_and_submits_it_for_review(client, contributor):
    category = CategoryFactory()
    response = client.post(ADD_URL, article_form_data(category=category.pk))
    assert response.status_code == 302
    story = Article.objects.get()
    assert story.created_by == contributor

    response = client.post(
        change_url(story),
        article_form_data(story, status=Article.Status.IN_REVIEW),
    )
    assert response.status_code == 302
    story.refresh_from_db()
    assert story.status == Article.Status.IN_REVIEW
    assert not Article.objects.published().exists()


def test_the_status_menu_offers_contributors_only_their_choices(client, contributor):
    form = client.get(ADD_URL).context["adminform"].form
    assert [value for value, _ in form.fields["status"].choices] == [
        Article.Status.DRAFT,
        Article.Status.IN_REVIEW,
    ]


def test_contributors_see_only_their_own_stories_and_cannot_touch_published_ones(
    client, contributor
):
    mine = ArticleFactory(status=Article.Status.DRAFT, created_by=contributor)
    by_me = ArticleFactory(authors=[AuthorFactory(user=contributor)])
    others = ArticleFactory(status=Article.Status.DRAFT, headline="Not yours")

    listing = client.get(LIST_URL)
    assert set(listing.context["cl"].result_list) == {mine, by_me}
    assert client.get(change_url(others)).status_code == 302  # "does not exist"

    response = client.post(
        change_url(by_me), article_form_data(by_me, headline="Rewritten live")
    )
    assert response.status_code == 403
    by_me.refresh_from_db()
    assert by_me.headline != "Rewritten live"


def test_a_contributor_cannot_run_the_publish_action(client, contributor):
    draft = ArticleFactory(status=Article.Status.DRAFT, created_by=contributor)
    assert client.get(LIST_URL).context["action_form"] is None  # no bulk actions

    client.post(LIST_URL, {"action": "publish_now", "_selected_action": [draft.pk]})

    draft.refresh_from_db()
    assert draft.status == Article.Status.DRAFT


def test_editors_publish_unpublish_and_archive_in_bulk(editor_client):
    drafts = ArticleFactory.create_batch(2, status=Article.Status.DRAFT)
    scheduled = ArticleFactory(publish_at=timezone.now() + timedelta(days=2))
    selected = [*drafts, scheduled]

    editor_client.post(
        LIST_URL,
        {"action": "publish_now", "_selected_action": [a.pk for a in selected]},
    )
    assert set(Article.objects.published()) == set(selected)

    editor_client.post(
        LIST_URL, {"action": "archive", "_selected_action": [drafts[0].pk]}
    )
    editor_client.post(
        LIST_URL, {"action": "unpublish", "_selected_action": [drafts[1].pk]}
    )
    assert list(Article.objects.published()) == [scheduled]
    assert Article.objects.get(pk=drafts[0].pk).status == Article.Status.ARCHIVED
    assert Article.objects.get(pk=drafts[1].pk).status == Article.Status.DRAFT


def test_editors_schedule_a_story(editor_client):
    category = CategoryFactory()
    publish_at = (timezone.now() + timedelta(days=1)).replace(microsecond=0)
    response = editor_client.post(
        ADD_URL,
        article_form_data(
            category=category.pk,
            status=Article.Status.SCHEDULED,
            publish_at=publish_at,
        ),
    )
    assert response.status_code == 302
    story = Article.objects.get()
    assert (story.state, story.publish_at) == ("Scheduled", publish_at)
    assert list(Article.objects.scheduled()) == [story]
