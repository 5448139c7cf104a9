"""The article desk: list, filters, preview, calendar, revisions and concurrent edits."""

import re
from datetime import timedelta

import pytest
from django.db import connection
from django.utils import timezone
from reversion.models import Version

from articles import services
from articles.models import Article, Autosave, PendingChanges, RelatedArticle
from tests.articles.admin_helpers import article_form_data, staff
from tests.factories import ArticleFactory, AuthorFactory, CategoryFactory
from tests.helpers import sign_in

pytestmark = pytest.mark.django_db

LIST_URL = "/admin/articles/article/"


@pytest.fixture
def editor(client):
    user = staff("eddie", "Editors")
    sign_in(client, user)
    return user


def change_url(article):
    return f"/admin/articles/article/{article.pk}/change/"


def test_the_list_filters_by_section_including_subsections(client, editor):
    news = CategoryFactory(slug="news")
    headlines = CategoryFactory(parent=news, slug="headlines")
    in_news = ArticleFactory(category=news)
    in_headlines = ArticleFactory(category=headlines)
    ArticleFactory()

    response = client.get(LIST_URL, {"section": "news"})
    assert set(response.context["cl"].result_list) == {in_news, in_headlines}
    response = client.get(LIST_URL, {"section": "news/headlines"})
    assert list(response.context["cl"].result_list) == [in_headlines]


def test_the_status_filter_offers_the_desks_states_not_the_stored_status(
    client, editor
):
    now = timezone.now()
    live = ArticleFactory(headline="Live")
    scheduled = ArticleFactory(
        headline="Scheduled",
        status=Article.Status.PUBLISHED,  # scheduled: a future publish time
        publish_at=now + timedelta(hours=2),
    )
    expired = ArticleFactory(
        headline="Wire story, licence over", licence_expires_at=now - timedelta(hours=1)
    )
    taken_down = ArticleFactory(
        headline="Offer over", unpublish_at=now - timedelta(minutes=5)
    )
    draft = ArticleFactory(headline="Draft", status=Article.Status.DRAFT)
    in_review = ArticleFactory(headline="In review", status=Article.Status.IN_REVIEW)
    archived = ArticleFactory(headline="Archived", status=Article.Status.ARCHIVED)
    private = ArticleFactory(headline="Private", status=Article.Status.PRIVATE)

    def listed(status: str) -> set[Article]:
        return set(client.get(LIST_URL, {"status": status}).context["cl"].result_list)

    assert listed("scheduled") == {scheduled}
    assert listed("published") == {live}
    assert listed("licence-expired") == {expired}
    assert listed("taken-down") == {taken_down}
    assert listed("draft") == {draft}
    assert listed("review") == {in_review}
    assert listed("archived") == {archived}
    assert listed("private") == {private}
    assert listed("no-such-state") == set()
    changelist = client.get(LIST_URL).context["cl"]
    (states,) = (f for f in changelist.filter_specs if f.title == "status")
    assert [label for _, label in states.lookup_choices] == [
        "Draft",
        "In review",
        "Scheduled",
        "Published",
        "Licence expired",
        "Taken down",
        "Archived",
        "Private",
    ]


def test_the_list_searches_body_text_and_filters_by_author_and_tag(client, editor):
    writer = AuthorFactory()
    by_writer = ArticleFactory(authors=[writer], body="<p>Manatees in the canal.</p>")
    by_writer.tags.add("Wildlife")
    ArticleFactory()

    for query in (
        {"q": "manatees"},
        {"authors__id__exact": writer.pk},
        {"tags__id__exact": by_writer.tags.get().pk},
    ):
        assert list(client.get(LIST_URL, query).context["cl"].result_list) == [
            by_writer
        ]
    filters = {
        spec.title: [choice["display"] for choice in spec.choices(changelist)]
        for changelist in [client.get(LIST_URL).context["cl"]]
        for spec in changelist.filter_specs
    }
    assert filters["author"] == ["All", writer.name]  # no bare "-" entry
    assert filters["tag"] == ["All", "Wildlife"]


@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="SQLite searches with LIKE (above)"
)
def test_on_postgresql_the_list_searches_through_the_full_text_index(
    client, editor, django_assert_max_num_queries
):
    manatees = ArticleFactory(
        headline="Canal life", body="<p>Manatees crowd the warm canal.</p>"
    )
    ArticleFactory(body="<p>Manhattan bankers buy condos.</p>")

    with django_assert_max_num_queries(20) as captured:
        response = client.get(LIST_URL, {"q": "mana CANAL"})

    assert list(response.context["cl"].result_list) == [manatees]
    listing = next(
        q["sql"]
        for q in captured.captured_queries
        if "articles_article" in q["sql"] and "@@" in q["sql"]
    )
    assert "to_tsquery" in listing
    assert "LIKE" not in listing
    # A stop word alone finds nothing, and is no error.
    assert list(client.get(LIST_URL, {"q": "the"}).context["cl"].result_list) == []


def test_the_list_page_has_a_fixed_number_of_queries(
    client, editor, django_assert_num_queries
):
    author = AuthorFactory()
    ArticleFactory.create_batch(30, authors=[author])
    client.get(LIST_URL)  # warm the content-type and session caches

    # session, user, permissions (2), the filters' categories, authors, tags and
    # publish-date range, the page count, the page of articles with category,
    # image and byline, reversion's savepoint pair: never one query per row,
    # never a DISTINCT over all dates. PostgreSQL first asks the planner's
    # estimate (the table is small: counted).
    estimate = connection.vendor == "postgresql"
    with django_assert_num_queries(12 + estimate) as captured:
        response = client.get(LIST_URL)
    assert response.status_code == 200
    counts = [q["sql"] for q in captured.captured_queries if "COUNT(" in q["sql"]]
    assert len(counts) == 1
    assert response.text.count(author.name) >= 30


@pytest.mark.parametrize("with_pending_changes_and_an_offer", [False, True])
def test_the_change_form_has_a_fixed_number_of_queries(
    client, editor, django_assert_num_queries, with_pending_changes_and_an_offer
):
    story = ArticleFactory(
        authors=[AuthorFactory(), AuthorFactory()], body="<p>Text.</p>" * 40
    )
    RelatedArticle.objects.create(article=story, related=ArticleFactory())
    story.tags.set(["Seawall", "Flooding"])
    if with_pending_changes_and_an_offer:
        story = Article.objects.get(pk=story.pk)
        services.keep_pending_changes(
            story=story,
            user=editor,
            values=PendingChanges.values_of(story) | {"headline": "Pending"},
            tags=["Seawall"],
            lists=PendingChanges.lists_of(story),
            material_update=False,
        )
        Autosave.objects.create(
            article=story,
            user=editor,
            headline="Typed since",
            saved_at=timezone.now() + timedelta(minutes=5),
        )
    client.get(change_url(story))  # warm the content-type and session caches

    # session, user, permissions (2), the story's existence (a contributor's
    # "not yours" page), reversion's savepoint pair, the story, its pending
    # changes, sections (3: the form's choices, the tree, the list filter's),
    # tags, the lock's version, the byline and related inlines, the autosave,
    # the presence (its savepoint pair, update, others), share links, notes and
    # the translations' row: 24; then one per byline row and per related pick
    # (the autocomplete widget's chosen option; each row's own label is read
    # with the row), here 2 + 1. Pending changes cost two more: their byline's
    # authors and their picks, looked up so that rows deleted since are left
    # out; the autosave offer nothing: it compares with the changes the form read.
    pending = 2 if with_pending_changes_and_an_offer else 0
    with django_assert_num_queries(24 + 2 + 1 + pending):
        response = client.get(change_url(story))
    assert response.status_code == 200
    offer = response.context["autosave_config"]["server"]
    assert (offer is not None) == with_pending_changes_and_an_offer


def test_the_list_narrows_by_publish_year_then_month(client, editor):
    in_march = ArticleFactory(
        publish_at=timezone.make_aware(timezone.datetime(2024, 3, 10, 12))
    )
    ArticleFactory(publish_at=timezone.make_aware(timezone.datetime(2024, 4, 1, 0, 30)))
    ArticleFactory(publish_at=timezone.make_aware(timezone.datetime(2023, 3, 31, 23)))

    response = client.get(LIST_URL, {"published": "2024"})
    assert len(response.context["cl"].result_list) == 2
    assert "March 2024" in response.text
    response = client.get(LIST_URL, {"published": "2024-03"})
    assert list(response.context["cl"].result_list) == [in_march]
    assert client.get(LIST_URL, {"published": "March"}).status_code == 200


def test_preview_shows_a_draft_to_staff_uncached_and_unindexed(client, editor):
    draft = ArticleFactory(status=Article.Status.DRAFT, headline="Not out yet")

    response = client.get(f"/preview/{draft.pk}/")

    assert response.status_code == 200
    assert "Not out yet" in response.text
    assert response["X-Robots-Tag"] == "noindex, nofollow"
    assert "no-store" in response["Cache-Control"]
    assert client.get(draft.get_absolute_url()).status_code == 404
    # Told apart from the live page, without parts that only work once it is live.
    assert "This story is <strong>draft</strong>: readers cannot see it." in (
        response.text
    )
    assert f'href="/admin/articles/article/{draft.pk}/change/">Back to editing' in (
        response.text
    )
    assert 'class="share"' not in response.text
    assert 'id="respond"' not in response.text


def test_preview_of_a_live_story_links_to_the_page_readers_see(client, editor):
    story = ArticleFactory()

    html = client.get(f"/preview/{story.pk}/").text

    assert (
        f'This story is live: <a href="{story.get_absolute_url()}">see it as readers do'
        in html
    )


def test_preview_of_a_scheduled_story_says_when_it_goes_live(client, editor):
    publish_at = timezone.now() + timedelta(days=2)
    story = ArticleFactory(status=Article.Status.PUBLISHED, publish_at=publish_at)

    html = client.get(f"/preview/{story.pk}/").text

    assert "This story is <strong>scheduled</strong>: it goes live <time" in html


def test_preview_is_for_staff_allowed_to_see_the_story(client):
    draft = ArticleFactory(status=Article.Status.DRAFT)
    assert client.get(f"/preview/{draft.pk}/").status_code == 302  # to the login

    sign_in(client, staff("casey", "Contributors"))
    assert client.get(f"/preview/{draft.pk}/").status_code == 404  # not theirs


def test_the_change_form_links_to_the_preview(client, editor):
    story = ArticleFactory(status=Article.Status.DRAFT)
    response = client.get(change_url(story))
    assert f'href="/preview/{story.pk}/"' in response.text


def test_the_calendar_shows_scheduled_and_published_stories_by_day(client, editor):
    # Ten past an hour, so the clash five minutes later falls in the same hour.
    soon = (timezone.localtime() + timedelta(hours=2)).replace(
        minute=10, second=0, microsecond=0
    )
    ArticleFactory(headline="Scheduled story", publish_at=soon)
    ArticleFactory(headline="Clashing story", publish_at=soon + timedelta(minutes=5))
    ArticleFactory(headline="Draft story", status=Article.Status.DRAFT)

    response = client.get(f"{LIST_URL}calendar/", {"month": f"{soon:%Y-%m}"})

    assert response.status_code == 200
    assert "Scheduled story" in response.text
    assert "Draft story" not in response.text
    day = next(
        cell
        for week in response.context["weeks"]
        for cell in week
        if cell and cell["date"] == soon.date()
    )
    assert [story.headline for story in day["stories"]] == [
        "Scheduled story",
        "Clashing story",
    ]
    assert day["clash_hours"] == [soon.hour]
    assert any(
        cell and cell["is_gap"] for week in response.context["weeks"] for cell in week
    )


@pytest.mark.parametrize("month", ["9999-12", "0001-01", "2026-13", "x", ""])
def test_the_calendar_answers_any_month_in_the_address(client, editor, month):
    response = client.get(f"{LIST_URL}calendar/", {"month": month})

    assert response.status_code == 200
    assert '<li aria-current="page">Calendar</li>' in response.text


def test_the_calendar_marks_a_story_whose_licence_ran_out(client, editor):
    now = timezone.now()
    wire = ArticleFactory(headline="Wire story", publish_at=now - timedelta(hours=3))
    Article.objects.filter(pk=wire.pk).update(licence_expires_at=now)

    month = timezone.localtime(wire.publish_at)
    response = client.get(f"{LIST_URL}calendar/", {"month": f"{month:%Y-%m}"})

    entry = re.search(r'<li class="([\w-]+)">[^\n]*Wire story.*?</li>', response.text)
    assert entry[1] == "is-expired"
    assert "Licence expired" in entry[0]


def test_a_second_editors_save_is_refused_and_their_text_kept(client, editor):
    # (A live story's pending changes are locked alike: test_live_changes.py.)
    story = ArticleFactory(headline="Seawall vote", status=Article.Status.DRAFT)
    first_form = article_form_data(story, headline="Seawall vote passes 6-1")
    second_form = article_form_data(story, body="<p>My long rewrite.</p>")

    assert client.post(change_url(story), first_form).status_code == 302
    response = client.post(change_url(story), second_form)

    assert response.status_code == 200
    assert "saved this story at" in response.text
    assert "eddie saved this story" in response.text
    assert "My long rewrite." in response.text
    story.refresh_from_db()
    assert story.headline == "Seawall vote passes 6-1"
    assert story.body == "<p>The first paragraph.</p>"


def test_the_change_page_sends_the_version_it_was_opened_at(client, editor):
    story = ArticleFactory()
    story.save()  # version 1

    page = client.get(change_url(story)).text

    assert '<input type="hidden" name="seen_version" value="1"' in page


def test_updated_time_is_set_by_the_editors_tick_not_by_every_save(client, editor):
    story = ArticleFactory(headline="Seawall vote")
    publish_changes = f"/admin/articles/article/{story.pk}/changes/publish/"
    client.post(change_url(story), article_form_data(story, headline="Seawall vote."))
    client.post(publish_changes)  # a live story's edits wait for this
    story.refresh_from_db()
    assert story.revised_at is None

    before = timezone.now()
    client.post(
        change_url(story),
        article_form_data(story, body="<p>New figures.</p>", material_update="on"),
    )
    story.refresh_from_db()
    assert story.revised_at is None  # not before the changes are published
    client.post(publish_changes)
    story.refresh_from_db()
    assert story.revised_at >= before
    assert "Updated" in client.get(story.get_absolute_url()).text


def test_every_save_keeps_a_revision_that_can_be_restored(client, editor):
    category = CategoryFactory()
    client.post(
        "/admin/articles/article/add/",
        article_form_data(category=category.pk, headline="First headline"),
    )
    story = Article.objects.get()
    client.post(change_url(story), article_form_data(story, headline="Second headline"))
    versions = Version.objects.get_for_object(story)
    assert versions.count() == 2
    assert versions[0].revision.user == editor
    assert "Changed Headline" in versions[0].revision.get_comment()
    assert "seen_version" not in versions[0].revision.get_comment()  # form plumbing

    history = client.get(f"/admin/articles/article/{story.pk}/history/")
    first = versions.last()
    revision_url = f"/admin/articles/article/{story.pk}/history/{first.pk}/"
    assert revision_url in history.text

    # The revision page shows the old text in the form; saving it restores it.
    form = client.get(revision_url).context["adminform"].form
    assert form.initial["headline"] == "First headline"
    response = client.post(
        revision_url,
        article_form_data(
            story, headline="First headline", seen_version=form.initial["seen_version"]
        ),
    )

    assert response.status_code == 302
    story.refresh_from_db()
    assert story.headline == "First headline"
    assert Version.objects.get_for_object(story).count() == 3
