"""Roles: contributors write and submit, editors publish; enforced on the server."""

from datetime import timedelta

import pytest
import time_machine
from django.contrib.admin.models import LogEntry
from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from reversion.models import Version

from articles.models import Article
from magazine.cache import generation
from tests.articles.admin_helpers import article_form_data, ensure_roles
from tests.factories import ArticleFactory, AuthorFactory, CategoryFactory

pytestmark = pytest.mark.django_db

ADD_URL = "/admin/articles/article/add/"
LIST_URL = "/admin/articles/article/"


def change_url(article):
    return f"/admin/articles/article/{article.pk}/change/"


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
    "url",
    [
        "/admin/newsletter/subscriber/",
        "/admin/newsletter/edition/",
        "/admin/newsletter/edition/add/",
        "/admin/articles/blocked/",
        "/admin/site/page/",
        "/admin/magazine/sitesettings/",
    ],
)
def test_editors_run_the_newsletter_blocklist_pages_and_settings(editor_client, url):
    assert editor_client.get(url).status_code == 200


def test_contributors_do_not_reach_subscribers(client, contributor):
    response = client.get("/admin/newsletter/subscriber/")

    assert response.status_code == 403
    assert "That is not yours to open" in response.text  # not a bare "403 Forbidden"


def test_the_desk_carries_the_magazines_name(editor_client):
    html = editor_client.get("/admin/").text

    assert '<a href="/admin/">Miami Current desk</a>' in html
    assert ">Tags</a>" in html  # django-taggit's app, not "Taggit"


@pytest.mark.parametrize(
    "status",
    [Article.Status.PUBLISHED, Article.DeskState.SCHEDULED, Article.Status.ARCHIVED],
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
    assert errors[0] in response.context["adminform"].form.non_field_errors()


def test_featuring_and_sponsorship_are_editors_calls(client, contributor):
    category = CategoryFactory()
    data = article_form_data(
        category=category.pk,
        is_featured="on",
        is_sponsored="on",
        sponsor_name="Bay Marine",
    )

    response = client.post(ADD_URL, data)

    assert response.status_code == 302
    story = Article.objects.get()
    assert (story.is_featured, story.is_sponsored, story.sponsor_name) == (
        False,
        False,
        "",
    )
    form = client.get(change_url(story)).context["adminform"].form
    assert form.fields["is_featured"].disabled
    assert form.fields["is_sponsored"].disabled


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
    assert client.get(change_url(others)).status_code == 403  # "another writer's"

    response = client.post(
        change_url(by_me), article_form_data(by_me, headline="Rewritten live")
    )
    assert response.status_code == 403
    by_me.refresh_from_db()
    assert by_me.headline != "Rewritten live"


def test_a_contributor_cannot_run_the_publish_action(client, contributor):
    draft = ArticleFactory(status=Article.Status.DRAFT, created_by=contributor)
    # Only the translate action: no publishing, no marking translations current.
    action_form = client.get(LIST_URL).context["action_form"]
    choices = [name for name, _label in action_form.fields["action"].choices]
    assert choices == ["", "translate"]

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


def test_scheduling_for_a_past_time_is_a_form_error_not_a_silent_publish(
    editor_client,
):
    category = CategoryFactory()
    response = editor_client.post(
        ADD_URL,
        article_form_data(
            category=category.pk,
            status=Article.DeskState.SCHEDULED,
            publish_at=timezone.now() - timedelta(minutes=5),
        ),
    )
    assert response.status_code == 200
    assert "future" in str(response.context["adminform"].form.errors["publish_at"])
    assert not Article.objects.exists()


def test_editors_schedule_a_story(editor_client):
    category = CategoryFactory()
    publish_at = (timezone.now() + timedelta(days=1)).replace(microsecond=0)
    response = editor_client.post(
        ADD_URL,
        article_form_data(
            category=category.pk,
            status=Article.DeskState.SCHEDULED,
            publish_at=publish_at,
        ),
    )
    assert response.status_code == 302
    story = Article.objects.get()
    assert (story.desk_state, story.publish_at) == ("scheduled", publish_at)
    assert list(Article.objects.scheduled()) == [story]
    # Opened again, the form says what the editor chose, and "View on site"
    # leads to the preview until the story is out.
    page = editor_client.get(change_url(story))
    assert page.context["adminform"].form["status"].value() == "scheduled"
    assert f'href="/preview/{story.pk}/" class="viewsitelink"' in page.text


def publish_in_bulk(client, stories) -> int:
    """Runs the publish action on ``stories``; returns the queries it took."""
    ContentType.objects.clear_cache()
    with CaptureQueriesContext(connection) as queries:
        response = client.post(
            LIST_URL,
            {"action": "publish_now", "_selected_action": [s.pk for s in stories]},
        )
    assert response.status_code == 302
    return len(queries)


def test_a_bulk_action_keeps_a_revision_and_a_log_entry_per_story(
    editor_client, django_capture_on_commit_callbacks
):
    drafts = ArticleFactory.create_batch(2, status=Article.Status.DRAFT)
    pages_before = generation()

    with django_capture_on_commit_callbacks(execute=True):
        publish_in_bulk(editor_client, drafts)

    for story in drafts:
        versions = Version.objects.get_for_object(story)
        assert versions.count() == 1
        assert versions[0].revision.get_comment() == "Published by bulk action"
        assert versions[0].revision.user.username == "eddie"
        assert versions[0].field_dict["status"] == Article.Status.PUBLISHED
        entry = LogEntry.objects.get(object_id=str(story.pk))
        assert entry.get_change_message() == "Published by bulk action"
    history = editor_client.get(f"{LIST_URL}{drafts[0].pk}/history/")
    assert "Published by bulk action" in history.text
    assert generation() == pages_before + 1  # the page cache is dropped once


def test_a_bulk_action_takes_the_same_queries_for_one_story_or_twenty(editor_client):
    author, elsewhere = AuthorFactory(), ArticleFactory()
    one, twenty = (
        ArticleFactory.create_batch(size, status=Article.Status.DRAFT)
        for size in (1, 20)
    )
    for story in [*one, *twenty]:
        story.articleauthor_set.create(author=author)
        story.secondary_categories.add(story.category)
        story.picks.create(related=elsewhere)

    # Session, user, permissions, the list's filters, savepoint; the selection,
    # the UPDATE, the stories and their relations (secondary sections, byline and
    # authors, picks and their stories), reversion's checks and inserts, the log.
    assert publish_in_bulk(editor_client, one) == publish_in_bulk(editor_client, twenty)


def revisions_of(story: Article, *changes: dict) -> list[Version]:
    """The story saved once as it is, then once per change: its revisions, oldest first."""
    import reversion

    for fields in [{}, *changes]:
        with reversion.create_revision():
            for name, value in fields.items():
                setattr(story, name, value)
            story.save()
    return list(Version.objects.get_for_object(story).order_by("pk"))


def test_a_contributor_cannot_restore_a_revision_of_a_story_they_cannot_see(
    client, contributor
):
    scheduled = ArticleFactory(
        status=Article.Status.PUBLISHED,
        publish_at=timezone.now() + timedelta(days=1),
        headline="Embargoed",
    )
    first, _ = revisions_of(scheduled, {"headline": "Embargoed, revised"})
    url = f"{LIST_URL}{scheduled.pk}/history/{first.pk}/"

    assert client.get(url).status_code == 403
    assert client.post(url, article_form_data(scheduled)).status_code == 403

    scheduled.refresh_from_db()
    assert scheduled.headline == "Embargoed, revised"
    assert scheduled not in Article.objects.published()


def test_a_contributor_cannot_take_their_live_story_back_to_a_draft(
    client, contributor
):
    story = ArticleFactory(status=Article.Status.IN_REVIEW, created_by=contributor)
    draft, _ = revisions_of(
        story, {"status": Article.Status.PUBLISHED, "headline": "Live headline"}
    )
    url = f"{LIST_URL}{story.pk}/history/{draft.pk}/"

    response = client.post(url, article_form_data(story, headline="Rewritten"))

    assert response.status_code == 403
    story.refresh_from_db()
    assert (story.desk_state, story.headline) == ("published", "Live headline")


def test_an_editor_is_told_when_a_restore_would_change_publishing(editor_client):
    story = ArticleFactory(status=Article.Status.DRAFT, headline="Draft headline")
    draft, _ = revisions_of(story, {"status": Article.Status.PUBLISHED})

    html = editor_client.get(f"{LIST_URL}{story.pk}/history/{draft.pk}/").text

    assert "Saving restores publishing too: the story was “Draft”" in html
    assert "it is “Published” now" in html
    story.refresh_from_db()
    assert story.desk_state == "published"  # looking changes nothing


def test_a_bulk_actions_revision_is_not_restored_over_every_story_in_it(editor_client):
    first, second = ArticleFactory.create_batch(2, status=Article.Status.DRAFT)
    publish_in_bulk(editor_client, [first, second])
    Article.objects.filter(pk=second.pk).update(headline="Edited since")
    bulk = Version.objects.get_for_object(first).first()
    url = f"{LIST_URL}{first.pk}/history/{bulk.pk}/"

    response = editor_client.post(url, article_form_data(first), follow=True)

    assert "saved together with 1 other story (a bulk action)" in response.text
    assert Article.objects.get(pk=second.pk).headline == "Edited since"


def test_a_revision_of_another_object_is_not_found_under_this_story(editor_client):
    story, other = ArticleFactory.create_batch(2)
    (others_version,) = revisions_of(other)

    url = f"{LIST_URL}{story.pk}/history/{others_version.pk}/"

    assert editor_client.get(url).status_code == 404


def test_a_contributors_restore_keeps_featuring_and_sponsorship_as_editors_set(
    client, contributor
):
    story = ArticleFactory(status=Article.Status.DRAFT, created_by=contributor)
    unfeatured, _ = revisions_of(story, {"headline": "Second draft"})
    Article.objects.filter(pk=story.pk).update(is_featured=True)  # an editor's call
    story.refresh_from_db()
    url = f"{LIST_URL}{story.pk}/history/{unfeatured.pk}/"

    response = client.post(url, article_form_data(story, headline="Restored"))

    assert response.status_code == 302
    story.refresh_from_db()
    assert (story.headline, story.is_featured) == ("Restored", True)


def test_contributors_do_not_browse_deleted_stories(client, contributor):
    assert client.get(f"{LIST_URL}recover/").status_code == 403


def test_a_story_that_went_live_while_open_as_scheduled_saves_as_published(
    editor_client,
):
    publish_at = (timezone.now() + timedelta(minutes=5)).replace(microsecond=0)
    story = ArticleFactory(status=Article.Status.PUBLISHED, publish_at=publish_at)
    opened = editor_client.get(change_url(story)).context["adminform"].form
    data = article_form_data(
        story,
        status="scheduled",
        headline="Typo fixed",
        seen_version=opened.initial["seen_version"],
    )
    data |= {f"initial-publish_at_{part}": data[f"publish_at_{part}"] for part in "01"}

    with time_machine.travel(publish_at + timedelta(minutes=1)):
        response = editor_client.post(change_url(story), data)

        assert response.status_code == 302
        story.refresh_from_db()
        assert (story.headline, story.desk_state) == ("Typo fixed", "published")


def test_editors_schedule_a_story_to_leave_the_site(editor_client):
    category = CategoryFactory()
    leaves = (timezone.now() + timedelta(days=2)).replace(microsecond=0)
    response = editor_client.post(
        ADD_URL,
        article_form_data(
            category=category.pk, status=Article.Status.PUBLISHED, unpublish_at=leaves
        ),
    )
    assert response.status_code == 302
    story = Article.objects.get()
    assert (story.desk_state, story.unpublish_at) == ("published", leaves)

    with time_machine.travel(leaves + timedelta(seconds=1)):
        story.refresh_from_db()
        assert story.desk_state == "taken-down"
        assert not Article.objects.published().exists()


def test_leaving_before_going_live_is_a_form_error_that_keeps_the_text(
    editor_client,
):
    category = CategoryFactory()
    publish_at = (timezone.now() + timedelta(days=1)).replace(microsecond=0)
    response = editor_client.post(
        ADD_URL,
        article_form_data(
            category=category.pk,
            headline="Boat show opens",
            status=Article.DeskState.SCHEDULED,
            publish_at=publish_at,
            unpublish_at=publish_at - timedelta(hours=1),
        ),
    )
    assert response.status_code == 200
    form = response.context["adminform"].form
    assert "unpublish_at" in form.errors
    assert form["headline"].value() == "Boat show opens"
    assert not Article.objects.exists()


def test_a_contributors_crafted_unpublish_time_is_ignored(client, contributor):
    category = CategoryFactory()
    data = article_form_data(
        category=category.pk, unpublish_at=timezone.now() + timedelta(hours=1)
    )

    response = client.post(ADD_URL, data)

    assert response.status_code == 302
    assert Article.objects.get().unpublish_at is None
    form = client.get(change_url(Article.objects.get())).context["adminform"].form
    assert form.fields["unpublish_at"].disabled
