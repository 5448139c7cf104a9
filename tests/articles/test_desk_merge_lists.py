"""A refused save merges the story's lists as it merges its text: tags,
secondary sections, the byline and the related picks, shown by name, taken
when only they changed them, asked (keep theirs / keep mine) when both did."""

import pytest
from django.test import Client

from articles.models import Article
from tests.articles.admin_helpers import article_form_data, staff
from tests.articles.test_live_changes_lists import rows
from tests.factories import ArticleFactory, AuthorFactory, CategoryFactory
from tests.helpers import sign_in

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor(client):
    user = staff("erin", "Editors")
    sign_in(client, user)
    return user


@pytest.fixture
def ana():
    return AuthorFactory(name="Ana Pérez", slug="ana-perez")


@pytest.fixture
def luis():
    return AuthorFactory(name="Luis Gómez", slug="luis-gomez")


@pytest.fixture
def story(ana):
    story = ArticleFactory(
        headline="Seawall vote", status=Article.Status.DRAFT, authors=[ana]
    )
    return Article.objects.get(pk=story.pk)


def change_url(article):
    return f"/admin/articles/article/{article.pk}/change/"


def opened(client, story) -> str:
    """The fingerprint the form opens with (its lists included)."""
    return (
        client.get(change_url(story)).context["adminform"].form["seen_fields"].value()
    )


def saved_by_someone_else(story, **data):
    other = Client()
    sign_in(other, staff("sophie", "Editors"))
    response = other.post(change_url(story), article_form_data(story) | data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    story.refresh_from_db()


def sent_again(response, **answers) -> dict:
    form = response.context["adminform"].form
    data = dict(form.data.lists())
    data["merge_version"] = str(form.merge_version)
    data |= {f"merge-{name}": answer for name, answer in answers.items()}
    return data


def byline(story) -> list[str]:
    return [credit.author.name for credit in story.articleauthor_set.all()]


def test_a_byline_only_they_changed_is_kept_without_asking(client, editor, story, luis):
    seen = opened(client, story)
    (credit,) = story.articleauthor_set.all()
    mine = article_form_data(story, headline="Seawall vote, late", seen_fields=seen)
    mine |= rows(story, "articleauthor_set", "author", keep=[credit])
    saved_by_someone_else(
        story,
        **rows(story, "articleauthor_set", "author", drop=[credit], add=[luis.pk]),
    )

    refused = client.post(change_url(story), mine)

    assert refused.status_code == 200
    merged = refused.context["adminform"].form.merge
    assert merged.conflicts == []
    assert merged.rows_taken_labels == ["Byline"]
    assert "so theirs are kept when you save" in refused.text
    # My form still holds the row they deleted: no error, it is not saved.
    response = client.post(change_url(story), sent_again(refused))
    assert response.status_code == 302
    story.refresh_from_db()
    assert byline(story) == ["Luis Gómez"]
    assert story.headline == "Seawall vote, late"


@pytest.mark.parametrize(
    ("answer", "kept"), [("theirs", "Luis Gómez"), ("mine", "Eva Ruiz")]
)
def test_a_byline_both_changed_is_shown_by_name_and_kept_as_chosen(
    client, editor, story, luis, answer, kept
):
    eva = AuthorFactory(name="Eva Ruiz")
    seen = opened(client, story)
    (credit,) = story.articleauthor_set.all()
    mine = article_form_data(story, seen_fields=seen)
    mine |= rows(story, "articleauthor_set", "author", keep=[credit], add=[eva.pk])
    saved_by_someone_else(
        story,
        **rows(story, "articleauthor_set", "author", keep=[credit], add=[luis.pk]),
    )

    refused = client.post(change_url(story), mine)

    (conflict,) = refused.context["adminform"].form.merge.conflicts
    assert (conflict.name, conflict.label) == ("author_ids", "Byline")
    assert conflict.pieces == [
        ("same", "Ana Pérez\n"),
        ("del", "Luis Gómez\n"),
        ("ins", "Eva Ruiz\n"),
    ]
    assert 'name="merge-author_ids" value="theirs"' in refused.text
    assert "<del>Luis Gómez\n</del><ins>Eva Ruiz\n</ins>" in refused.text

    response = client.post(change_url(story), sent_again(refused, author_ids=answer))

    assert response.status_code == 302
    story.refresh_from_db()
    assert byline(story) == ["Ana Pérez", kept]


def test_tags_sections_and_picks_both_changed_are_asked_and_merged(
    client, editor, story
):
    story.tags.set(["Seawall"])
    food, arts = CategoryFactory(name="Food"), CategoryFactory(name="Arts")
    theirs_pick = ArticleFactory(headline="Manatees return")
    my_pick = ArticleFactory(headline="Condo towers rise")
    seen = opened(client, story)
    (credit,) = story.articleauthor_set.all()
    kept_byline = rows(story, "articleauthor_set", "author", keep=[credit])
    mine = article_form_data(
        story,
        seen_fields=seen,
        tags=["Seawall", "Mine"],
        secondary_categories=[str(arts.pk)],
    )
    mine |= kept_byline | rows(story, "picks", "related", add=[my_pick.pk])
    saved_by_someone_else(
        story,
        tags=["Seawall", "Theirs"],
        secondary_categories=[str(food.pk)],
        **kept_byline,
        **rows(story, "picks", "related", add=[theirs_pick.pk]),
    )

    refused = client.post(change_url(story), mine)

    conflicts = {c.name: c for c in refused.context["adminform"].form.merge.conflicts}
    assert set(conflicts) == {"tags", "secondary_categories", "related_ids"}
    assert ("del", "Food\n") in conflicts["secondary_categories"].pieces
    assert ("ins", "Arts\n") in conflicts["secondary_categories"].pieces
    assert conflicts["related_ids"].pieces == [
        ("del", "Manatees return\n"),
        ("ins", "Condo towers rise\n"),
    ]
    assert sorted(conflicts["tags"].pieces) == [
        ("del", "Theirs\n"),
        ("ins", "Mine\n"),
        ("same", "Seawall\n"),
    ]

    response = client.post(
        change_url(story),
        sent_again(
            refused, tags="mine", secondary_categories="theirs", related_ids="theirs"
        ),
    )

    assert response.status_code == 302
    story.refresh_from_db()
    assert sorted(story.tags.names()) == ["Mine", "Seawall"]
    assert list(story.secondary_categories.all()) == [food]
    assert [pick.related for pick in story.picks.all()] == [theirs_pick]


def test_a_live_storys_merge_keeps_the_chosen_rows_pending(
    client, editor, ana, luis, django_capture_on_commit_callbacks
):
    story = ArticleFactory(headline="Seawall vote", authors=[ana])
    eva = AuthorFactory(name="Eva Ruiz")
    seen = opened(client, story)
    (credit,) = story.articleauthor_set.all()
    mine = article_form_data(story, seen_fields=seen, headline="Mine")
    mine |= rows(story, "articleauthor_set", "author", keep=[credit], add=[eva.pk])
    # Someone publishes a new byline meanwhile (their changes, then Publish).
    other = Client()
    sign_in(other, staff("sophie", "Editors"))
    with django_capture_on_commit_callbacks(execute=True):
        other.post(
            change_url(story),
            article_form_data(story)
            | rows(story, "articleauthor_set", "author", keep=[credit], add=[luis.pk]),
        )
        other.post(f"/admin/articles/article/{story.pk}/changes/publish/")
    story.refresh_from_db()
    assert byline(story) == ["Ana Pérez", "Luis Gómez"]

    refused = client.post(change_url(story), mine)
    assert [c.name for c in refused.context["adminform"].form.merge.conflicts] == [
        "author_ids"
    ]
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            change_url(story), sent_again(refused, author_ids="mine")
        )

    assert response.status_code == 302
    story.refresh_from_db()
    assert byline(story) == ["Ana Pérez", "Luis Gómez"]  # readers: as published
    assert story.pending_changes.author_ids == [ana.pk, eva.pk]
    assert story.pending_changes.headline == "Mine"
