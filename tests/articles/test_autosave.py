"""Autosave: the story form keeps what is typed, never as a save of the story."""

import uuid
from datetime import timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from reversion.models import Version

from articles import services
from articles.models import Article, Autosave, EditingPresence, PendingChanges
from tests.articles.admin_helpers import article_form_data, staff
from tests.factories import ArticleFactory, CategoryFactory
from tests.helpers import sign_in

pytestmark = pytest.mark.django_db

AUTOSAVE_URL = "/admin/articles/article/autosave/"
ADD_URL = "/admin/articles/article/add/"


def change_url(article):
    return f"/admin/articles/article/{article.pk}/change/"


def own_draft(user, **fields):
    article = ArticleFactory(status=Article.Status.DRAFT, **fields)
    article.created_by = user
    article.save()
    return article


def test_an_autosave_keeps_the_text_without_touching_the_story(client, editor):
    article = ArticleFactory(headline="Seawall vote")
    version = Article.objects.get(pk=article.pk).version
    revisions = Version.objects.get_for_object(article).count()

    response = client.post(
        AUTOSAVE_URL,
        {
            "article": article.pk,
            "headline": "Seawall vote passes",
            "standfirst": "Six to one.",
            "body": "<p>Late at night.</p>",
        },
    )

    assert response.status_code == 200
    assert "Autosaved at" in response.json()["message"]
    autosave = Autosave.objects.get(article=article, user=editor)
    assert (autosave.headline, autosave.body) == (
        "Seawall vote passes",
        "<p>Late at night.</p>",
    )
    stored = Article.objects.get(pk=article.pk)
    assert (stored.headline, stored.version) == ("Seawall vote", version)
    assert Version.objects.get_for_object(article).count() == revisions


def test_autosaving_again_replaces_the_editors_copy(client, editor):
    article = ArticleFactory()
    for text in ("<p>One.</p>", "<p>Two.</p>"):
        client.post(AUTOSAVE_URL, {"article": article.pk, "body": text})

    assert list(Autosave.objects.values_list("body", flat=True)) == ["<p>Two.</p>"]


def test_an_autosave_costs_a_few_queries(client, editor):
    article = ArticleFactory()
    client.post(AUTOSAVE_URL, {"article": article.pk, "body": "<p>Warm.</p>"})

    with CaptureQueriesContext(connection) as queries:
        response = client.post(
            AUTOSAVE_URL, {"article": article.pk, "body": "<p>Again.</p>"}
        )

    assert response.status_code == 200
    writes = [q["sql"] for q in queries if not q["sql"].startswith("SELECT")]
    assert len(writes) <= 3, writes  # the upsert (and a savepoint pair at most)
    # session, user, two for permissions, the story, the upsert
    assert len(queries) <= 6, [q["sql"] for q in queries]


def test_a_contributor_cannot_autosave_someone_elses_story(client, contributor):
    theirs = ArticleFactory(status=Article.Status.DRAFT)

    response = client.post(AUTOSAVE_URL, {"article": theirs.pk, "body": "<p>x</p>"})

    assert response.status_code == 403
    assert not Autosave.objects.exists()


def test_a_contributor_cannot_autosave_a_live_story_of_their_own(client, contributor):
    live = own_draft(contributor)
    Article.objects.filter(pk=live.pk).update(status=Article.Status.PUBLISHED)

    response = client.post(AUTOSAVE_URL, {"article": live.pk, "body": "<p>x</p>"})

    assert response.status_code == 403
    assert not Autosave.objects.exists()


def test_a_contributor_autosaves_their_own_draft(client, contributor):
    mine = own_draft(contributor)

    response = client.post(AUTOSAVE_URL, {"article": mine.pk, "body": "<p>Mine.</p>"})

    assert response.status_code == 200
    assert Autosave.objects.get().user == contributor


def test_strangers_and_readers_are_refused(client):
    article = ArticleFactory()

    response = client.post(AUTOSAVE_URL, {"article": article.pk, "body": "<p>x</p>"})

    assert response.status_code == 302  # to the admin's sign-in
    assert not Autosave.objects.exists()


def test_the_endpoint_checks_csrf(editor):
    article = ArticleFactory()
    checked = Client(enforce_csrf_checks=True)
    sign_in(checked, editor)

    response = checked.post(AUTOSAVE_URL, {"article": article.pk, "body": "<p>x</p>"})

    assert response.status_code == 403
    assert not Autosave.objects.exists()


def test_get_is_not_allowed(client, editor):
    assert client.get(AUTOSAVE_URL).status_code == 405


@pytest.mark.parametrize(
    "data",
    [
        {"body": "<p>Neither story nor draft.</p>"},
        {"article": "1", "draft_token": str(uuid.uuid4())},
        {"draft_token": "not-a-token"},
        {"article": "abc"},
        {"draft_token": str(uuid.uuid4()), "headline": "x" * 201},
    ],
)
def test_bad_input_is_a_400_with_a_reason(client, editor, data):
    response = client.post(AUTOSAVE_URL, data)

    assert response.status_code == 400
    assert response.json()["errors"]
    assert not Autosave.objects.exists()


def test_a_missing_story_is_refused(client, editor):
    assert client.post(AUTOSAVE_URL, {"article": 999999}).status_code == 403


def test_a_new_story_autosaves_under_its_draft_token_until_saved(client, editor):
    token = str(uuid.uuid4())
    client.post(AUTOSAVE_URL, {"draft_token": token, "headline": "Kings tide"})
    assert Autosave.objects.get().draft_token == uuid.UUID(token)

    response = client.post(
        ADD_URL,
        article_form_data(
            headline="Kings tide", slug="kings-tide", category=CategoryFactory().pk
        )
        | {"autosave_draft_token": token},
    )

    assert response.status_code == 302
    assert not Autosave.objects.exists()


def test_saving_the_story_spends_its_autosave(client, editor):
    article = ArticleFactory()
    client.post(AUTOSAVE_URL, {"article": article.pk, "body": "<p>Typed.</p>"})

    response = client.post(change_url(article), article_form_data(article))

    assert response.status_code == 302
    assert not Autosave.objects.filter(article=article).exists()


def test_reopening_a_story_offers_a_newer_autosave(client, editor):
    article = ArticleFactory()
    with time_machine.travel(timezone.now() + timedelta(minutes=5)):
        client.post(AUTOSAVE_URL, {"article": article.pk, "body": "<p>Newer.</p>"})

    response = client.get(change_url(article))

    config = response.context["autosave_config"]
    assert config["server"]["body"] == "<p>Newer.</p>"
    assert config["article"] == article.pk
    assert 'id="autosave-config"' in response.text
    assert "Restore unsaved changes" in response.text


def test_an_autosave_older_than_the_last_save_is_not_offered(client, editor):
    article = ArticleFactory()
    client.post(AUTOSAVE_URL, {"article": article.pk, "body": "<p>Older.</p>"})
    with time_machine.travel(timezone.now() + timedelta(minutes=5)):
        Article.objects.get(pk=article.pk).save()

    response = client.get(change_url(article))

    assert response.context["autosave_config"]["server"] is None


def test_another_editors_autosave_is_not_offered(client, editor):
    article = ArticleFactory()
    other = staff("sophie", "Editors")
    Autosave.objects.create(
        article=article,
        user=other,
        body="<p>Hers.</p>",
        saved_at=timezone.now() + timedelta(minutes=5),
    )

    response = client.get(change_url(article))

    assert response.context["autosave_config"]["server"] is None


def test_the_add_form_offers_the_newest_draft_with_its_token(client, editor):
    token = uuid.uuid4()
    client.post(AUTOSAVE_URL, {"draft_token": str(token), "headline": "Kings tide"})

    config = client.get(ADD_URL).context["autosave_config"]

    assert config["server"]["headline"] == "Kings tide"
    assert config["server"]["draftToken"] == str(token)
    assert config["draftToken"] != str(token)  # a fresh one until restored


def presence_url(article):
    return f"/admin/articles/article/{article.pk}/presence/"


def sophie_opens(article):
    sophie = staff("sophie", "Editors")
    sophie.first_name, sophie.last_name = "Sophie", "Laurent"
    sophie.save()
    other = Client()
    sign_in(other, sophie)
    assert other.get(change_url(article)).status_code == 200
    return other


def test_opening_a_story_someone_has_open_names_them(client, editor, settings):
    settings.TIME_ZONE = "America/New_York"
    article = ArticleFactory()
    sophie_opens(article)
    started = EditingPresence.objects.get(user__username="sophie").started_at
    newsroom_time = started.astimezone(ZoneInfo("America/New_York")).strftime("%H:%M")

    response = client.get(change_url(article))

    assert f"Sophie Laurent is editing since {newsroom_time}" in response.text
    assert "Take over" in response.text


def test_a_presence_expires_without_heartbeats(client, editor):
    article = ArticleFactory()
    sophie_opens(article)
    with time_machine.travel(timezone.now() + timedelta(minutes=2)):
        response = client.post(presence_url(article))

    assert response.json()["editors"] == []


def test_heartbeats_keep_a_presence(client, editor):
    article = ArticleFactory()
    other = sophie_opens(article)
    for minutes in (1, 2, 3):
        with time_machine.travel(timezone.now() + timedelta(minutes=minutes)):
            other.post(presence_url(article))
            answer = client.post(presence_url(article)).json()

    assert len(answer["editors"]) == 1
    assert answer["editors"][0].startswith("Sophie Laurent is editing since")


def test_taking_over_tells_the_other_editor(client, editor):
    article = ArticleFactory()
    other = sophie_opens(article)

    answer = client.post(presence_url(article), {"take_over": "1"}).json()
    hers = other.post(presence_url(article)).json()

    assert answer["editors"] == []
    assert hers["takenOverBy"].startswith("eddie took over this story")


def test_presence_is_for_those_who_may_change_the_story(client, contributor):
    theirs = ArticleFactory(status=Article.Status.DRAFT)

    assert client.post(presence_url(theirs)).status_code == 403
    assert client.get(presence_url(theirs)).status_code == 405


def test_a_malformed_story_address_is_no_server_error(client, editor):
    response = client.post("/admin/articles/article/abc/presence/")

    # the admin's own catch-all: off to the (missing) story's change page
    assert response.status_code == 302
    assert not EditingPresence.objects.exists()


def live_story_with_pending_changes(editor, at):
    """A live story whose form opens with pending changes saved ``at``."""
    story = ArticleFactory(headline="Seawall vote passes", body="<p>Published.</p>")
    story = Article.objects.get(pk=story.pk)
    with time_machine.travel(at, tick=False):
        services.keep_pending_changes(
            story=story,
            user=editor,
            values=PendingChanges.values_of(story)
            | {"headline": "Seawall vote delayed", "body": "<p>Pending.</p>"},
            tags=[],
            lists=PendingChanges.lists_of(story),
            material_update=False,
        )
    return story


def test_an_autosave_older_than_the_pending_changes_is_not_offered(client, editor):
    now = timezone.now()
    story = live_story_with_pending_changes(editor, now + timedelta(minutes=2))
    # typed after the story's last save, before the pending changes were saved
    Autosave.objects.create(
        article=story,
        user=editor,
        headline="Typed before the pending save",
        body="<p>Old typing.</p>",
        saved_at=now + timedelta(minutes=1),
    )

    response = client.get(change_url(story))

    config = response.context["autosave_config"]
    assert config["server"] is None
    pending = PendingChanges.objects.get(article=story)
    assert config["lastSavedAt"] == pending.saved_at.isoformat()
    assert response.context["adminform"].form["headline"].value() == (
        "Seawall vote delayed"
    )


def test_an_autosave_newer_than_the_pending_changes_is_offered_and_stays_pending(
    client, editor
):
    now = timezone.now()
    story = live_story_with_pending_changes(editor, now + timedelta(minutes=1))
    with time_machine.travel(now + timedelta(minutes=2), tick=False):
        client.post(
            AUTOSAVE_URL,
            {
                "article": story.pk,
                "headline": "Seawall vote delayed to Friday",
                "body": "<p>Typed after the pending save.</p>",
            },
        )

    with time_machine.travel(now + timedelta(minutes=3), tick=False):
        response = client.get(change_url(story))
        config = response.context["autosave_config"]
        assert config["server"]["headline"] == "Seawall vote delayed to Friday"
        assert config["lastSavedAt"] == (
            PendingChanges.objects.get(article=story).saved_at.isoformat()
        )
        # what the offer puts in the form, saved: kept as the pending changes
        form = response.context["adminform"].form
        saved = client.post(
            change_url(story),
            article_form_data(
                Article.objects.get(pk=story.pk),
                headline=config["server"]["headline"],
                body=config["server"]["body"],
                status=Article.Status.PUBLISHED,
            )
            | {
                "seen_version": form["seen_version"].value(),
                "seen_changes": form["seen_changes"].value(),
                "seen_fields": form["seen_fields"].value(),
            },
        )

    assert saved.status_code == 302
    pending = PendingChanges.objects.get(article=story)
    assert (pending.headline, pending.body) == (
        "Seawall vote delayed to Friday",
        "<p>Typed after the pending save.</p>",
    )
    published = Article.objects.get(pk=story.pk)
    assert (published.headline, published.body) == (
        "Seawall vote passes",
        "<p>Published.</p>",
    )
    assert not Autosave.objects.filter(article=story).exists()
