"""A live story's secondary sections, byline and related picks wait with the
rest of its changes: readers, feeds and the page cache keep the published
ones until an editor presses "Publish changes"; the form, the preview and the
comparison of versions show the pending ones."""

import pytest
import reversion
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from reversion.models import Version

from articles.models import Article, ArticleAuthor, PendingChanges, RelatedArticle
from magazine import cache as page_cache
from tests.articles.admin_helpers import article_form_data
from tests.factories import ArticleFactory, AuthorFactory, CategoryFactory

pytestmark = pytest.mark.django_db


def change_url(story):
    return f"/admin/articles/article/{story.pk}/change/"


def publish_url(story):
    return f"/admin/articles/article/{story.pk}/changes/publish/"


def discard_url(story):
    return f"/admin/articles/article/{story.pk}/changes/discard/"


def rows(story, prefix, key, *, keep=(), drop=(), add=()) -> dict:
    """An inline's POST data as the browser sends it: the stored rows kept
    (moved to their place in ``keep``'s order) or ticked for deletion, then
    new rows for the ids in ``add``."""
    stored = list(keep) + list(drop)
    data = {
        f"{prefix}-TOTAL_FORMS": str(len(stored) + len(add)),
        f"{prefix}-INITIAL_FORMS": str(len(stored)),
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "1000",
    }
    for index, row in enumerate(stored):
        data |= {
            f"{prefix}-{index}-id": str(row.pk),
            f"{prefix}-{index}-article": str(story.pk),
            f"{prefix}-{index}-{key}": str(getattr(row, f"{key}_id")),
            f"{prefix}-{index}-position": str(index),
        }
        if row in drop:
            data[f"{prefix}-{index}-DELETE"] = "on"
    for offset, pk in enumerate(add, start=len(stored)):
        data |= {
            f"{prefix}-{offset}-article": str(story.pk),
            f"{prefix}-{offset}-{key}": str(pk),
            f"{prefix}-{offset}-position": str(offset),
        }
    return data


def as_the_form_shows_it(response) -> dict:
    """The change form sent back untouched, as a browser would: the form's
    fields and every inline row with the values shown."""
    form = response.context["adminform"].form
    story = form.instance
    data = article_form_data(
        story,
        seen_changes=form["seen_changes"].value(),
        seen_fields=form["seen_fields"].value(),
        tags=list(form["tags"].value() or []),
        secondary_categories=[str(pk) for pk in form["secondary_categories"].value()],
    )
    for inline in response.context["inline_admin_formsets"]:
        formset = inline.formset
        prefix = formset.prefix
        data[f"{prefix}-TOTAL_FORMS"] = str(len(formset.forms))
        data[f"{prefix}-INITIAL_FORMS"] = str(formset.initial_form_count())
        for index, row in enumerate(formset.forms):
            for name in row.fields:
                value = row[name].value()
                if name == "DELETE":
                    if value:
                        data[f"{prefix}-{index}-DELETE"] = "on"
                elif value not in (None, ""):
                    data[f"{prefix}-{index}-{name}"] = str(getattr(value, "pk", value))
    return data


def byline_on(page: str) -> str:
    start = page.index('rel="author"')
    return page[start : page.index("</span>", start)]


def related_on(page: str) -> str:
    """The page's "Related stories" section ("" when it has none)."""
    if 'id="related-heading"' not in page:
        return ""
    start = page.index('id="related-heading"')
    return page[start : page.index("</section>", start)]


@pytest.fixture
def ana():
    return AuthorFactory(name="Ana Pérez", slug="ana-perez")


@pytest.fixture
def luis():
    return AuthorFactory(name="Luis Gómez", slug="luis-gomez")


@pytest.fixture
def live(ana):
    story = ArticleFactory(
        headline="Seawall vote passes",
        slug="seawall-vote-passes",
        authors=[ana],
        category=CategoryFactory(name="News", slug="news"),
    )
    story.tags.set(["Seawall"])
    return Article.objects.get(pk=story.pk)


def save(client, story, captured, **data):
    with captured(execute=True):
        response = client.post(
            change_url(story), article_form_data(story, tags=["Seawall"]) | data
        )
    assert response.status_code == 302, response.context["adminform"].form.errors
    return response


def test_a_new_byline_waits_for_publish_changes(
    client, editor, live, ana, luis, django_capture_on_commit_callbacks
):
    reader = Client()
    reader_page = live.get_absolute_url()
    assert "Ana Pérez" in byline_on(reader.get(reader_page).text)  # cached now
    pages_before = page_cache.generation()
    (credit,) = live.articleauthor_set.all()

    save(
        client,
        live,
        django_capture_on_commit_callbacks,
        **rows(live, "articleauthor_set", "author", drop=[credit], add=[luis.pk]),
    )

    story = Article.objects.get(pk=live.pk)
    assert [c.author for c in story.articleauthor_set.all()] == [ana]
    assert (story.byline, story.version) == ("Ana Pérez", live.version)
    assert PendingChanges.objects.get().author_ids == [luis.pk]
    assert page_cache.generation() == pages_before
    page = reader.get(reader_page).text
    assert "Luis Gómez" not in page
    assert "Ana Pérez" in byline_on(page)
    assert "Ana Pérez" in reader.get("/feed/").text
    assert "Luis Gómez" not in reader.get("/feed/").text

    with django_capture_on_commit_callbacks(execute=True):
        client.post(publish_url(live))

    story = Article.objects.get(pk=live.pk)
    assert [c.author for c in story.articleauthor_set.all()] == [luis]
    assert story.byline == "Luis Gómez"
    # The revision "Published changes" holds the new byline, not the old one.
    revision = Version.objects.get_for_object(story).first().revision
    assert revision.get_comment() == "Published changes"
    assert [
        v.field_dict["author_id"]
        for v in revision.version_set.all()
        if v.content_type.model == "articleauthor"
    ] == [luis.pk]
    assert page_cache.generation() != pages_before
    page = reader.get(reader_page).text
    assert "Luis Gómez" in byline_on(page)
    assert "Ana Pérez" not in page
    feed = reader.get("/feed/").text
    assert "Luis Gómez" in feed
    assert "Ana Pérez" not in feed


def test_a_reordered_byline_is_published_in_its_new_order(
    client, editor, ana, luis, django_capture_on_commit_callbacks
):
    story = ArticleFactory(authors=[ana, luis])
    first, second = story.articleauthor_set.all()

    save(
        client,
        story,
        django_capture_on_commit_callbacks,
        **rows(story, "articleauthor_set", "author", keep=[second, first]),
    )

    assert Article.objects.get(pk=story.pk).byline == "Ana Pérez, Luis Gómez"
    assert PendingChanges.objects.get().author_ids == [luis.pk, ana.pk]
    with django_capture_on_commit_callbacks(execute=True):
        client.post(publish_url(story))
    assert Article.objects.get(pk=story.pk).byline == "Luis Gómez, Ana Pérez"


def test_new_secondary_sections_wait_for_publish_changes(
    client, editor, live, django_capture_on_commit_callbacks
):
    food = CategoryFactory(name="Food", slug="food")
    reader = Client()
    assert "Seawall vote passes" not in reader.get(food.get_absolute_url()).text

    save(
        client,
        live,
        django_capture_on_commit_callbacks,
        secondary_categories=[str(food.pk)],
    )

    assert list(Article.objects.get(pk=live.pk).secondary_categories.all()) == []
    assert PendingChanges.objects.get().secondary_categories == [food.pk]
    assert "Seawall vote passes" not in reader.get(food.get_absolute_url()).text

    with django_capture_on_commit_callbacks(execute=True):
        client.post(publish_url(live))

    assert list(Article.objects.get(pk=live.pk).secondary_categories.all()) == [food]
    assert "Seawall vote passes" in reader.get(food.get_absolute_url()).text


def test_new_related_picks_wait_for_publish_changes(
    client, editor, live, django_capture_on_commit_callbacks
):
    elsewhere = ArticleFactory(
        headline="Manatees return to the canal", category=CategoryFactory()
    )
    reader = Client()
    reader_page = live.get_absolute_url()
    assert "Manatees return" not in related_on(reader.get(reader_page).text)

    save(
        client,
        live,
        django_capture_on_commit_callbacks,
        **rows(live, "picks", "related", add=[elsewhere.pk]),
    )

    assert not RelatedArticle.objects.exists()
    assert PendingChanges.objects.get().related_ids == [elsewhere.pk]
    assert "Manatees return" not in related_on(reader.get(reader_page).text)
    preview = client.get(live.preview_url()).text
    assert "Manatees return to the canal" in related_on(preview)

    with django_capture_on_commit_callbacks(execute=True):
        client.post(publish_url(live))

    assert [p.related for p in Article.objects.get(pk=live.pk).picks.all()] == [
        elsewhere
    ]
    assert "Manatees return to the canal" in related_on(reader.get(reader_page).text)


def test_the_form_reopens_on_the_pending_rows_and_saving_it_keeps_them(
    client, editor, live, ana, luis, django_capture_on_commit_callbacks
):
    food = CategoryFactory(name="Food", slug="food")
    elsewhere = ArticleFactory(headline="Manatees return to the canal")
    (credit,) = live.articleauthor_set.all()
    save(
        client,
        live,
        django_capture_on_commit_callbacks,
        secondary_categories=[str(food.pk)],
        **rows(live, "articleauthor_set", "author", drop=[credit], add=[luis.pk]),
        **rows(live, "picks", "related", add=[elsewhere.pk]),
    )
    pending = PendingChanges.objects.get()

    response = client.get(change_url(live))

    form = response.context["adminform"].form
    assert form["secondary_categories"].value() == [food.pk]
    byline, picks = (i.formset for i in response.context["inline_admin_formsets"])
    published_row = byline.forms[0]
    assert published_row["author"].value() == ana.pk
    assert published_row["DELETE"].value() is True  # dropped by the changes
    assert byline.forms[1]["author"].value() == luis.pk
    assert picks.forms[0]["related"].value() == elsewhere.pk
    page = response.text
    assert "Luis Gómez" in page
    assert "Manatees return to the canal" in page

    # Sent back as shown, the form keeps the same changes (nothing written).
    save_again = as_the_form_shows_it(response)
    with django_capture_on_commit_callbacks(execute=True):
        again = client.post(change_url(live), save_again)
    assert again.status_code == 302
    kept = PendingChanges.objects.get()
    assert kept.lists() == pending.lists()
    assert [c.author for c in ArticleAuthor.objects.all()] == [ana]


def test_putting_the_published_rows_back_leaves_no_pending_changes(
    client, editor, live, luis, django_capture_on_commit_callbacks
):
    (credit,) = live.articleauthor_set.all()
    save(
        client,
        live,
        django_capture_on_commit_callbacks,
        **rows(live, "articleauthor_set", "author", keep=[credit], add=[luis.pk]),
    )
    assert PendingChanges.objects.exists()
    seen = client.get(change_url(live)).context["adminform"].form["seen_changes"]

    save(
        client,
        live,
        django_capture_on_commit_callbacks,
        seen_changes=seen.value(),
        **rows(live, "articleauthor_set", "author", keep=[credit]),
    )

    assert not PendingChanges.objects.exists()
    assert Article.objects.get(pk=live.pk).version == live.version


def test_discard_drops_the_pending_rows(
    client, editor, live, ana, luis, django_capture_on_commit_callbacks
):
    food = CategoryFactory()
    (credit,) = live.articleauthor_set.all()
    save(
        client,
        live,
        django_capture_on_commit_callbacks,
        secondary_categories=[str(food.pk)],
        **rows(live, "articleauthor_set", "author", drop=[credit], add=[luis.pk]),
    )

    response = client.post(discard_url(live), follow=True)

    assert not PendingChanges.objects.exists()
    story = Article.objects.get(pk=live.pk)
    assert [c.author for c in story.articleauthor_set.all()] == [ana]
    assert list(story.secondary_categories.all()) == []
    form = response.context["adminform"].form
    assert form["secondary_categories"].value() == []
    byline = response.context["inline_admin_formsets"][0].formset
    assert [f["author"].value() for f in byline.forms] == [ana.pk, None]
    assert not byline.forms[0]["DELETE"].value()


def test_authors_and_stories_deleted_since_are_skipped(
    client, editor, live, ana, django_capture_on_commit_callbacks
):
    gone_author = AuthorFactory(name="Gone Writer")
    gone_story = ArticleFactory(headline="A story deleted since")
    kept_story = ArticleFactory(headline="Manatees return to the canal")
    PendingChanges.objects.create(
        article=live,
        headline="Seawall vote passes",
        body=live.body,
        standfirst=live.standfirst,
        category=live.category,
        tags=["Seawall"],
        author_ids=[gone_author.pk, ana.pk],
        related_ids=[gone_story.pk, kept_story.pk],
        secondary_categories=[999_999],
        based_on_version=live.version,
        saved_at=live.modified_at,
    )
    gone_author.delete()
    gone_story.delete()

    form = client.get(change_url(live))
    assert form.status_code == 200
    assert client.get(live.preview_url()).status_code == 200
    compare = client.get(
        f"/admin/articles/article/{live.pk}/history/compare/", {"newer": "pending"}
    )
    assert compare.status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        client.post(publish_url(live))

    story = Article.objects.get(pk=live.pk)
    assert not PendingChanges.objects.exists()
    assert [c.author for c in story.articleauthor_set.all()] == [ana]
    assert [p.related for p in story.picks.all()] == [kept_story]
    assert list(story.secondary_categories.all()) == []


def test_the_preview_shows_the_pending_byline_and_sections(
    client, editor, live, ana, luis, django_capture_on_commit_callbacks
):
    food = CategoryFactory(name="Food", slug="food")
    (credit,) = live.articleauthor_set.all()
    save(
        client,
        live,
        django_capture_on_commit_callbacks,
        secondary_categories=[str(food.pk)],
        **rows(live, "articleauthor_set", "author", drop=[credit], add=[luis.pk]),
    )

    preview = client.get(live.preview_url()).text

    assert "Luis Gómez" in byline_on(preview)
    assert "Ana Pérez" not in preview
    assert "Also filed under: Food." in preview


def compared(response) -> dict:
    """The compare page's rows by label: the text and lists, then the credits
    (byline and tags, with a note instead where a version did not record them)."""
    return {str(label): pieces for label, pieces in response.context["diffs"]} | {
        str(label): pieces for label, pieces, _note in response.context["credit_diffs"]
    }


def test_the_comparison_lists_the_pending_rows_by_name(
    client, editor, live, ana, luis, django_capture_on_commit_callbacks
):
    with reversion.create_revision():  # history holds the published version
        live.save()
    food = CategoryFactory(name="Food", slug="food")
    elsewhere = ArticleFactory(headline="Manatees return")
    (credit,) = live.articleauthor_set.all()
    save(
        client,
        live,
        django_capture_on_commit_callbacks,
        tags=["Seawall", "Flooding"],
        secondary_categories=[str(food.pk)],
        **rows(live, "articleauthor_set", "author", drop=[credit], add=[luis.pk]),
        **rows(live, "picks", "related", add=[elsewhere.pk]),
    )

    response = client.get(
        f"/admin/articles/article/{live.pk}/history/compare/", {"newer": "pending"}
    )

    diffs = compared(response)
    assert diffs["Byline"] == [("del", "Ana Pérez"), ("ins", "Luis Gómez")]
    assert diffs["Secondary sections"] == [("ins", "Food\n")]
    assert diffs["Related stories picked by the desk"] == [("ins", "Manatees return\n")]
    assert any(kind == "ins" and "Flooding" in text for kind, text in diffs["Tags"])
    assert "<ins>Luis Gómez</ins>" in response.text


def test_the_comparison_of_two_revisions_lists_their_bylines(client, editor, ana, luis):
    story = ArticleFactory(authors=[ana], status=Article.Status.DRAFT)
    with reversion.create_revision():
        story.save()
    ArticleAuthor.objects.filter(article=story).update(author=luis)
    with reversion.create_revision():
        story.save()

    response = client.get(f"/admin/articles/article/{story.pk}/history/compare/")

    diffs = compared(response)
    assert diffs["Byline"] == [("del", "Ana Pérez"), ("ins", "Luis Gómez")]


def test_the_form_opens_on_pending_rows_in_a_fixed_number_of_queries(
    client, editor, live, luis, django_assert_num_queries
):
    elsewhere = ArticleFactory()
    url = change_url(live)
    client.get(url)  # warm the content-type and session caches
    with CaptureQueriesContext(connection) as published:
        client.get(url)
    PendingChanges.objects.create(
        article=live,
        headline=live.headline,
        category=live.category,
        author_ids=[luis.pk],
        related_ids=[elsewhere.pk],
        secondary_categories=[CategoryFactory().pk],
        based_on_version=live.version,
        saved_at=live.modified_at,
    )

    # Pinned: the form of the published story, plus the pending authors' and
    # picked stories' lookups (one each) and the autocomplete boxes' names for
    # the secondary sections and each added row (one each, as for any row).
    with django_assert_num_queries(len(published) + 5):
        response = client.get(url)
    assert response.status_code == 200
