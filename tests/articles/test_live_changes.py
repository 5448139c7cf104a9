"""Changes to a live story: a save keeps them as the story's pending changes,
readers keep the published text (and every cached page), and an editor's
"Publish changes" puts them live in one step."""

from contextlib import nullcontext

import pytest
import reversion
from django.core import mail
from django.core.management import call_command
from django.test import Client
from reversion.models import Version

from articles import services
from articles.models import Article, PendingChanges
from magazine import cache as page_cache
from tests.articles.admin_helpers import article_form_data, desk_editor, log_in, staff
from tests.articles.test_admin_browser import choose
from tests.factories import ArticleFactory, AuthorFactory, CategoryFactory
from tests.helpers import sign_in

NEW_TEXT = {
    "headline": "Seawall vote delayed to Friday",
    "standfirst": "The commission wants a second study.",
    "body": "<p>The vote moved to Friday after a late motion.</p>",
}


def change_url(story):
    return f"/admin/articles/article/{story.pk}/change/"


def publish_url(story):
    return f"/admin/articles/article/{story.pk}/changes/publish/"


def discard_url(story):
    return f"/admin/articles/article/{story.pk}/changes/discard/"


@pytest.fixture
def page_changes(monkeypatch):
    """Every call of the page cache's ``when_pages_change`` hooks."""
    calls = []
    monkeypatch.setattr(
        page_cache, "_page_changes", [*page_cache._page_changes, calls.append]
    )
    return calls


@pytest.fixture
def writer():
    return staff("casey", "Contributors")


@pytest.fixture
def live(writer):
    story = ArticleFactory(
        headline="Seawall vote passes",
        slug="seawall-vote-passes",
        standfirst="Six to one.",
        body="<p>The vote came late.</p>",
        created_by=writer,
    )
    story.tags.set(["Seawall"])
    return Article.objects.get(pk=story.pk)


def opened_with(client, story) -> str:
    """The pending changes the story's form opens with (its hidden lock)."""
    form = client.get(change_url(story)).context["adminform"].form
    return form["seen_changes"].value()


def save_changes(client, story, captured, **overrides):
    with captured(execute=True):
        return client.post(
            change_url(story),
            article_form_data(story, tags=["Seawall", "Flooding"], **NEW_TEXT)
            | overrides,
        )


@pytest.mark.django_db
def test_a_save_of_a_live_story_keeps_readers_on_the_published_text(
    client, editor, live, page_changes, django_capture_on_commit_callbacks
):
    reader_page = live.get_absolute_url()
    assert "Seawall vote passes" in client.get(reader_page).text  # cached now
    pages_before = page_cache.generation()

    response = save_changes(client, live, django_capture_on_commit_callbacks)

    assert response.status_code == 302
    story = Article.objects.get(pk=live.pk)
    assert (story.headline, story.body, story.version) == (
        "Seawall vote passes",
        "<p>The vote came late.</p>",
        live.version,
    )
    assert list(story.tags.names()) == ["Seawall"]
    pending = PendingChanges.objects.get(article=live)
    assert (pending.headline, pending.standfirst, pending.body) == (
        NEW_TEXT["headline"],
        NEW_TEXT["standfirst"],
        NEW_TEXT["body"],
    )
    assert pending.tags == ["Seawall", "Flooding"]
    assert (pending.based_on_version, pending.saved_by) == (live.version, editor)
    # No page went stale: no hook ran, the generation stands, the page is the same.
    assert page_changes == []
    assert page_cache.generation() == pages_before
    client.logout()
    page = client.get(reader_page).text
    assert "Seawall vote passes" in page
    assert "Seawall vote delayed" not in page
    assert "delayed" not in client.get("/feed/").text


@pytest.mark.django_db
def test_the_form_reopens_with_the_pending_text_and_says_readers_do_not_see_it(
    client, editor, live, django_capture_on_commit_callbacks
):
    save_changes(client, live, django_capture_on_commit_callbacks)

    response = client.get(change_url(live))

    form = response.context["adminform"].form
    assert form["headline"].value() == NEW_TEXT["headline"]
    assert form["body"].value() == NEW_TEXT["body"]
    assert form["seen_version"].value() == live.version
    page = response.text
    assert "Unpublished changes by eddie at" in page
    assert "readers see the published version" in page
    assert f'formaction="{publish_url(live)}"' in page
    assert f'formaction="{discard_url(live)}"' in page


@pytest.mark.django_db
def test_saving_the_published_text_again_leaves_no_pending_changes(
    client, editor, live, django_capture_on_commit_callbacks
):
    save_changes(client, live, django_capture_on_commit_callbacks)

    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            change_url(live),
            article_form_data(
                live, tags=["Seawall"], seen_changes=opened_with(client, live)
            ),
        )

    assert not PendingChanges.objects.exists()


@pytest.mark.django_db(transaction=True)  # the worker opens and closes connections
def test_publish_changes_puts_them_live_with_a_revision_and_tells_the_writer(
    client, editor, live, writer, page_changes
):
    # The test's transactions really commit: no callbacks to capture.
    save_changes(client, live, lambda **_: nullcontext())
    pages_before = page_cache.generation()
    revisions_before = Version.objects.get_for_object(live).count()

    response = client.post(publish_url(live))

    assert response.status_code == 302
    story = Article.objects.get(pk=live.pk)
    assert (story.headline, story.standfirst, story.body) == (
        NEW_TEXT["headline"],
        NEW_TEXT["standfirst"],
        NEW_TEXT["body"],
    )
    assert NEW_TEXT["body"] in story.rendered_body or "late motion" in (
        story.rendered_body
    )
    assert sorted(story.tags.names()) == ["Flooding", "Seawall"]
    assert story.version == live.version + 1
    assert not PendingChanges.objects.exists()
    versions = Version.objects.get_for_object(story)
    assert versions.count() == revisions_before + 1
    assert versions[0].revision.get_comment() == "Published changes"
    assert versions[0].revision.user == editor
    assert versions[0].field_dict["headline"] == NEW_TEXT["headline"]
    assert page_cache.generation() > pages_before
    assert page_changes, "the page cache's hooks ran as for a save"
    client.logout()
    assert NEW_TEXT["headline"] in client.get(story.get_absolute_url()).text

    call_command("db_worker", batch=True, no_startup_delay=True, reload=False)
    (told,) = mail.outbox
    assert told.to == [writer.email]
    assert told.subject == f"Published: {NEW_TEXT['headline']}"


@pytest.mark.django_db
def test_a_contributors_crafted_publish_changes_is_refused(
    client, writer, django_capture_on_commit_callbacks
):
    # A story taken off the site keeps its pending changes; its writer may edit
    # it again, but publishing changes stays an editor's call.
    story = ArticleFactory(status=Article.Status.DRAFT, created_by=writer)
    PendingChanges.objects.create(
        article=story,
        headline="Not for readers yet",
        category=story.category,
        based_on_version=story.version,
        saved_at=story.modified_at,
    )
    sign_in(client, writer)

    page = client.get(change_url(story)).text
    assert "Publish changes" not in page
    assert "Discard changes" in page
    response = client.post(publish_url(story))

    assert response.status_code == 403
    story.refresh_from_db()
    assert story.headline != "Not for readers yet"
    assert PendingChanges.objects.filter(article=story).exists()


@pytest.mark.django_db
def test_a_contributor_cannot_publish_changes_to_a_live_story(client, writer, live):
    PendingChanges.objects.create(
        article=live,
        headline="Not for readers yet",
        category=live.category,
        based_on_version=live.version,
        saved_at=live.modified_at,
    )
    sign_in(client, writer)

    assert client.post(publish_url(live)).status_code == 403
    assert client.post(discard_url(live)).status_code == 403
    assert Article.objects.get(pk=live.pk).headline == "Seawall vote passes"


@pytest.mark.django_db
def test_discard_drops_the_changes_and_the_form_shows_the_published_text(
    client, editor, live, django_capture_on_commit_callbacks
):
    save_changes(client, live, django_capture_on_commit_callbacks)

    response = client.post(discard_url(live), follow=True)

    assert not PendingChanges.objects.exists()
    form = response.context["adminform"].form
    assert form["headline"].value() == "Seawall vote passes"
    assert "Unpublished changes by" not in response.text
    assert Article.objects.get(pk=live.pk).version == live.version


@pytest.mark.django_db
def test_changes_made_before_another_save_are_not_published_over_it(
    client, editor, live, django_capture_on_commit_callbacks
):
    save_changes(client, live, django_capture_on_commit_callbacks)
    # Someone else changes the live story in between (a bulk action, say).
    services.set_status(
        stories=Article.objects.filter(pk=live.pk),
        user=editor,
        verb="Published",
        is_featured=True,
    )

    response = client.post(publish_url(live), follow=True)

    assert "Not published: the story was saved at" in response.text
    story = Article.objects.get(pk=live.pk)
    assert story.headline == "Seawall vote passes"
    assert PendingChanges.objects.filter(article=live).exists()
    # Saved again from the form, the changes are made on the story as it is now.
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            change_url(story),
            article_form_data(
                story,
                tags=["Seawall"],
                is_featured="on",
                seen_changes=opened_with(client, story),
                **NEW_TEXT,
            ),
        )
    assert PendingChanges.objects.get().based_on_version == story.version
    client.post(publish_url(live))
    assert Article.objects.get(pk=live.pk).headline == NEW_TEXT["headline"]


@pytest.mark.django_db
def test_the_preview_shows_the_pending_changes_and_readers_do_not(
    client, editor, live, django_capture_on_commit_callbacks
):
    save_changes(client, live, django_capture_on_commit_callbacks)

    preview = client.get(live.preview_url())

    assert preview.status_code == 200
    assert NEW_TEXT["headline"] in preview.text
    assert "late motion" in preview.text
    assert "With changes not published yet" in preview.text
    assert "Flooding" in preview.text
    devices = client.get(f"/admin/articles/article/{live.pk}/screen-sizes/")
    assert live.preview_url() in devices.text
    client.logout()
    assert NEW_TEXT["headline"] not in client.get(live.get_absolute_url()).text


@pytest.mark.django_db
def test_the_history_compares_the_pending_changes_with_the_published_story(
    client, editor, live, django_capture_on_commit_callbacks
):
    with reversion.create_revision():  # history holds the published version
        live.save()
    save_changes(client, live, django_capture_on_commit_callbacks)

    response = client.get(
        f"/admin/articles/article/{live.pk}/history/compare/", {"newer": "pending"}
    )

    assert response.status_code == 200
    diffs = {str(label): pieces for label, pieces in response.context["diffs"]}
    assert ("del", "passes") in diffs["Headline"]
    assert ("ins", "delayed to Friday") in diffs["Headline"]
    assert "Pending changes — eddie" in response.text
    # The default comparison is the same: pending changes are the newest.
    default = client.get(f"/admin/articles/article/{live.pk}/history/compare/")
    assert [pieces for _label, pieces in default.context["diffs"]] == list(
        diffs.values()
    )


@pytest.mark.django_db
def test_unpublishing_keeps_the_pending_changes_off_the_story(
    client, editor, live, django_capture_on_commit_callbacks
):
    response = save_changes(
        client, live, django_capture_on_commit_callbacks, desk_action="unpublish"
    )

    assert response.status_code == 302
    story = Article.objects.get(pk=live.pk)
    assert story.status == Article.Status.DRAFT
    assert story.headline == "Seawall vote passes"
    pending = PendingChanges.objects.get()
    assert pending.headline == NEW_TEXT["headline"]
    assert pending.based_on_version == story.version


@pytest.mark.django_db
def test_settings_saved_with_pending_changes_apply_at_once(
    client, editor, live, page_changes, django_capture_on_commit_callbacks
):
    response = save_changes(
        client, live, django_capture_on_commit_callbacks, comments="closed"
    )

    assert response.status_code == 302
    story = Article.objects.get(pk=live.pk)
    assert story.comments == Article.Comments.CLOSED
    assert story.headline == "Seawall vote passes"
    assert story.version == live.version + 1
    assert page_changes, "closing comments changes the reader's page"
    assert PendingChanges.objects.get().based_on_version == story.version


@pytest.mark.django_db
def test_saving_a_story_not_live_with_pending_changes_makes_them_the_story(
    client, editor, django_capture_on_commit_callbacks
):
    story = ArticleFactory(status=Article.Status.DRAFT, headline="Old headline")
    PendingChanges.objects.create(
        article=story,
        headline="Kept headline",
        category=story.category,
        based_on_version=story.version,
        saved_at=story.modified_at,
    )
    form = client.get(change_url(story)).context["adminform"].form
    assert form["headline"].value() == "Kept headline"

    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            change_url(story),
            article_form_data(
                story, headline="Kept headline", seen_changes=opened_with(client, story)
            ),
        )

    assert Article.objects.get(pk=story.pk).headline == "Kept headline"
    assert not PendingChanges.objects.exists()


@pytest.mark.django_db
def test_a_new_category_waits_with_the_other_changes(
    client, editor, live, django_capture_on_commit_callbacks
):
    elsewhere = CategoryFactory()

    save_changes(
        client, live, django_capture_on_commit_callbacks, category=elsewhere.pk
    )

    assert Article.objects.get(pk=live.pk).category_id == live.category_id
    assert PendingChanges.objects.get().category == elsewhere


@pytest.mark.django_db
def test_the_dateline_and_contributors_line_wait_with_the_text(
    client, editor, live, django_capture_on_commit_callbacks
):
    save_changes(
        client,
        live,
        django_capture_on_commit_callbacks,
        dateline="KEY BISCAYNE, Fla.",
        contributors="Ana Pérez contributed to this report.",
    )

    reader_page = Client().get(live.get_absolute_url()).text
    assert "KEY BISCAYNE" not in reader_page
    assert "Ana Pérez contributed" not in reader_page
    pending = PendingChanges.objects.get()
    assert (pending.dateline, pending.contributors) == (
        "KEY BISCAYNE, Fla.",
        "Ana Pérez contributed to this report.",
    )

    with django_capture_on_commit_callbacks(execute=True):
        client.post(publish_url(live))

    story = Article.objects.get(pk=live.pk)
    assert (story.dateline, story.contributors) == (
        "KEY BISCAYNE, Fla.",
        "Ana Pérez contributed to this report.",
    )
    reader_page = Client().get(live.get_absolute_url()).text
    assert "KEY BISCAYNE" in reader_page
    assert "Ana Pérez contributed" in reader_page


@pytest.mark.django_db
def test_a_second_editors_changes_do_not_overwrite_the_firsts(
    client, editor, live, django_capture_on_commit_callbacks
):
    other = Client()
    sign_in(other, staff("sophie", "Editors"))
    opened = opened_with(other, live)  # before the first editor's save
    save_changes(client, live, django_capture_on_commit_callbacks)

    response = other.post(
        change_url(live),
        article_form_data(live, body="<p>My long rewrite.</p>", seen_changes=opened),
    )

    assert response.status_code == 200
    assert "eddie saved unpublished changes to this story at" in response.text
    assert "My long rewrite." in response.text
    assert PendingChanges.objects.get().body == NEW_TEXT["body"]
    # Shown the refusal, the form has seen the first editor's changes: saving
    # again is this editor's choice to put their text in their place.
    assert f'name="seen_changes" value="{opened}"' not in response.text


@pytest.mark.e2e
@pytest.mark.django_db(transaction=True)
def test_an_editor_changes_a_live_story_and_publishes_the_changes(
    page, browser, live_server
):
    desk_editor()
    story = ArticleFactory(headline="Seawall vote passes")
    reader = browser.new_context().new_page()
    reader_url = live_server.url + story.get_absolute_url()
    log_in(page, live_server)

    page.goto(f"{live_server.url}/admin/articles/article/{story.pk}/change/")
    page.fill("#id_headline", NEW_TEXT["headline"])
    page.get_by_role("button", name="Save and continue editing").click()
    banner = page.locator("#pending-changes")
    banner.wait_for()
    assert "readers see the published version" in banner.inner_text()
    assert page.input_value("#id_headline") == NEW_TEXT["headline"]

    reader.goto(reader_url)
    assert reader.locator("article h1").inner_text() == "Seawall vote passes"

    banner.get_by_role("button", name="Publish changes").click()
    page.locator(".messagelist .success").wait_for()
    assert page.locator("#pending-changes").count() == 0

    # A reader arriving now (the first one's browser may keep its copy a while).
    newcomer = browser.new_context().new_page()
    newcomer.goto(reader_url)
    assert newcomer.locator("article h1").inner_text() == NEW_TEXT["headline"]


@pytest.mark.e2e
@pytest.mark.django_db(transaction=True)
def test_an_editor_changes_a_live_storys_byline_and_publishes_it(
    page, browser, live_server
):
    desk_editor()
    ana = AuthorFactory(name="Ana Pérez", slug="ana-perez")
    AuthorFactory(name="Luis Gómez", slug="luis-gomez")
    story = ArticleFactory(headline="Seawall vote passes", authors=[ana])
    reader_url = live_server.url + story.get_absolute_url()
    log_in(page, live_server)

    page.goto(f"{live_server.url}/admin/articles/article/{story.pk}/change/")
    choose(page, "id_articleauthor_set-0-author", "Luis")
    page.get_by_role("button", name="Save and continue editing").click()
    banner = page.locator("#pending-changes")
    banner.wait_for()
    assert "Unpublished changes by" in banner.inner_text()
    # The form shows the pending byline: the published row ticked for deletion.
    assert page.is_checked("#id_articleauthor_set-0-DELETE")
    assert "Luis Gómez" in page.locator("#articleauthor_set-group").inner_text()

    reader = browser.new_context().new_page()
    reader.goto(reader_url)
    assert reader.locator("a[rel=author]").all_inner_texts() == ["Ana Pérez"]

    banner.get_by_role("button", name="Publish changes").click()
    page.locator(".messagelist .success").wait_for()
    assert page.locator("#pending-changes").count() == 0

    newcomer = browser.new_context().new_page()
    newcomer.goto(reader_url)
    assert newcomer.locator("a[rel=author]").all_inner_texts() == ["Luis Gómez"]
